import { JS_LOGGER_NEEDLES } from "../src/model/log-sites.js";
import {
  buildLazyFormat,
  piecesFromConcatenation,
  piecesFromFormatParts,
  quoteOf,
  type LazyPiece,
} from "../src/codemod/lazy-format.js";
import { createRule } from "../src/engine/rule.js";
import { inRequestHandler, isStringLike, messageArg } from "../src/model/queries.js";
import { dottedHead, textOf } from "../src/model/source.js";
import type { Arg, Call, Expr, FileModel, Fix, LogSite } from "../src/model/types.js";

export type LazyLogFormatOptions = Record<string, never>;

type Eager = "f-string" | "template literal" | "`str.format`" | "`%`" | "`+`";

/** Loggers whose arguments are not `%`-format arguments: converting would print them wrong. */
const NON_PERCENT_LOGGERS = new Set(["loguru", "structlog"]);

/** `%s`, `%(name)s`, `%.2f`: the `%`-directives of a format string (`%%` is a literal percent). */
const PERCENT_DIRECTIVE = /%(?:\([^)]*\))?[-+ #0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa]/g;

function eagerKind(file: FileModel, expr: Expr): Eager | null {
  switch (expr.type) {
    case "fstring":
      // An f-string without fields formats nothing, but Ruff's G004 reports it too; a template literal without `${}` is a string.
      return file.language === "python"
        ? "f-string"
        : expr.parts.some((p) => p.kind === "expr")
          ? "template literal"
          : null;
    case "call": {
      if (file.language !== "python") return null;
      const call = file.calls[expr.call];
      // `"{} rows".format(n)`: the receiver is a literal, so the callee has no dotted text.
      return call !== undefined && call.method === "format" && call.calleeText === null ? "`str.format`" : null;
    }
    case "binop":
      if (expr.op === "%" && file.language === "python") return "`%`";
      if (expr.op === "+" && (file.language === "python" || isStringLike(expr))) return "`+`";
      return null;
    default:
      return null;
  }
}

/** `str(x)` / `String(x)` → `x`: `%s` converts already. */
function unwrapStr(file: FileModel): (e: Expr) => Expr | null {
  return (e) => {
    if (e.type !== "call") return null;
    const call = file.calls[e.call];
    if (!call || (call.callee !== "builtins.str" && call.callee !== "String") || call.args.length !== 1) return null;
    const only = call.args[0]!;
    return only.kind === "positional" ? only.value : null;
  };
}

/** `"rows: %d" % n` with one directive and one operand: the operand becomes the argument as it is. */
function percentOperands(file: FileModel, expr: Expr): string | null {
  if (expr.type !== "binop" || expr.left.type !== "str") return null;
  const directives = expr.left.value.replace(/%%/g, "").match(PERCENT_DIRECTIVE) ?? [];
  // A tuple or dict operand (summarised as `other`/`dict`) may hold several values: no guess.
  if (directives.length !== 1 || expr.right.type === "other" || expr.right.type === "dict") return null;
  return `${textOf(file, expr.left.range)}, ${textOf(file, expr.right.range)}`;
}

function pieces(file: FileModel, expr: Expr): LazyPiece[] | null {
  if (expr.type === "fstring") return piecesFromFormatParts(expr.parts, file.text);
  if (expr.type === "binop" && expr.op === "+") return piecesFromConcatenation(expr, file.text, unwrapStr(file));
  return null;
}

/** The quote of the message's first literal, so the new literal looks like the old one. */
function firstQuote(file: FileModel, expr: Expr): '"' | "'" {
  let e = expr;
  while (e.type === "binop") e = e.left;
  return quoteOf(textOf(file, e.range));
}

function lazyFix(file: FileModel, call: Call, message: Arg): Fix | null {
  const replacement = percentOperands(file, message.value) ?? lazyReplacement(file, message.value);
  if (replacement === null) return null;
  // After the message come its arguments; the converted message must stay where it was.
  if (call.args.some((a) => a.kind === "positional" && a.range[0] > message.range[0] && file.language === "python"))
    return null;
  return {
    title: "Pass the values as lazy `%s` arguments",
    edits: [{ range: message.value.range, text: replacement }],
  };
}

function lazyReplacement(file: FileModel, expr: Expr): string | null {
  const parts = pieces(file, expr);
  if (parts === null) return null;
  // A fix must not change what is printed: no eager `format()` fallback for specs `%` cannot express.
  const lazy = buildLazyFormat(parts, { quote: firstQuote(file, expr), formatBuiltin: null, language: file.language });
  return lazy === null ? null : [lazy.literal, ...lazy.args].join(", ");
}

function usesNonPercentLogger(file: FileModel): boolean {
  return file.imports.some((i) => NON_PERCENT_LOGGERS.has(dottedHead(i.module)));
}

function describeCall(file: FileModel, call: Call, site: LogSite): string {
  return textOf(file, call.calleeRange).replace(/\s+/g, "") || site.method;
}

export default createRule<LazyLogFormatOptions>({
  meta: {
    id: "lazy-log-format",
    step: 0,
    description: "log messages formatted eagerly (f-string, .format, %, +, template literal) instead of lazy arguments",
    languages: ["python", "javascript"],
    fixable: true,
    defaultSeverity: "warn",
    needles: {
      python: ["log", "LOG", "Log"],
      javascript: [...JS_LOGGER_NEEDLES],
    },
    ruffCodes: ["G001", "G002", "G003", "G004"],
  },
  defaultOptions: {},
  check({ file, report }) {
    let percentLogger: boolean | null = null;
    for (const site of file.logSites) {
      if (site.kind !== "logger" || site.level === null || site.call === null) continue;
      const message = messageArg(file, site);
      if (message === null) continue;
      const eager = eagerKind(file, message.value);
      if (eager === null) continue;
      const call = file.calls[site.call]!;
      const written = describeCall(file, call, site);
      // The post: "latency is very important when you serve a model API": an eager DEBUG
      // message in a request handler costs on every request even with DEBUG off.
      const inHandler = site.level === "debug" && inRequestHandler(file, call.scope);
      const hot = inHandler ? " in a request handler, on every request" : "";
      const text = `\`${written}\` formats its message eagerly (${eager})${hot}: pass the values as arguments (\`"rows: %s", n\`), so nothing is formatted when the level is off.`;
      percentLogger ??= !usesNonPercentLogger(file);
      const fix = percentLogger ? lazyFix(file, call, message) : null;
      const base = { range: message.value.range, message: text, raiseToError: inHandler };
      if (fix === null) report(base);
      // pino formats `%s` itself, winston only with `format.splat()`: offered, never applied unasked.
      else if (file.language === "javascript") report({ ...base, suggestions: [fix] });
      else report({ ...base, fix });
    }
  },
});
