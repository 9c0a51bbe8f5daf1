import { calleeOfExpr } from "../model/log-sites.js";
import { lineColAt } from "../model/source.js";
import type { Arg, Call, Expr, FileModel, LogSite, ProjectModel } from "../model/types.js";
import {
  buildLazyFormat,
  percentDirective,
  piecesFromConcatenation,
  piecesFromFormatParts,
  type LazyPiece,
} from "./lazy-format.js";
import { enclosingFunctionScopes, namesBoundInScope } from "./names.js";
import type { SiteOutcome, SitePlan } from "./outcome.js";
import { configuresLogging, planPythonHeader, resolvePythonNames, type PythonNames } from "./python-header.js";
import { detectIndentUnit, detectQuote, indentAt } from "./source-style.js";

/**
 * Python prints → stdlib logging, as text edits:
 *
 *   print("rows:", n)                  → logger.debug("rows: %s", n)
 *   print(f"loss {loss:.4f}")          → logger.debug("loss %.4f", loss)
 *   pprint(params)                     → logger.debug("%s", pformat(params))
 *   print(msg, file=sys.stderr); sys.exit(1)  → logger.error("%s", msg)
 *
 * Arguments stay lazy (%-style), so the output passes Ruff G001–G004.
 * Progress output (`end="\r"`), a bare `print()` and anything whose values
 * could not all be kept are left in place with a note.
 */

type PyLevel = "debug" | "warning" | "error";

interface Conversion {
  level: PyLevel;
  literal: string;
  args: string[];
  notes: string[];
  pformat: boolean;
}

const MAX_LINE = 88;
const EXIT_CALLS = new Set(["sys.exit", "builtins.exit", "builtins.quit", "os._exit"]);

function literalText(model: FileModel, expr: Expr): string {
  return model.text.slice(expr.range[0], expr.range[1]);
}

function keyword(call: Call, name: string): Arg | undefined {
  return call.args.find((a) => a.kind === "keyword" && a.name === name);
}

/** Where a print writes: stdout, stderr, or somewhere else (a file, a buffer). */
function stream(model: FileModel, arg: Arg | undefined): "stdout" | "stderr" | "other" {
  if (!arg || arg.value.type === "none") return "stdout";
  const target = calleeOfExpr(arg.value, model);
  return target === "sys.stdout" ? "stdout" : target === "sys.stderr" ? "stderr" : "other";
}

/** A statement after `call` in its block ends the program with an error (`sys.exit(1)`, `raise`)? Returns what it is. */
function failureAfter(model: FileModel, call: Call): string | null {
  const st = model.statements[call.statement];
  if (!st) return null;
  const block = model.blocks[st.block]!;
  for (const id of block.statements.slice(st.index + 1)) {
    const next = model.statements[id]!;
    if (next.kind === "raise") return "`raise`";
    for (const c of model.calls) {
      if (c.statement !== id || c.callee === null || !EXIT_CALLS.has(c.callee)) continue;
      const code = c.args[0]?.value;
      const success = !code || code.type === "none" || (code.type === "num" && code.value === 0);
      if (!success) return `\`${model.text.slice(c.range[0], c.range[1])}\``;
    }
  }
  return null;
}

/**
 * DEBUG, unless the print reports a failure: output followed by
 * `sys.exit(1)` or `raise` in the same block is an ERROR (at DEBUG it would
 * vanish from the run that failed), other stderr output a WARNING.
 */
function levelFor(model: FileModel, call: Call, where: "stdout" | "stderr"): { level: PyLevel; note: string | null } {
  const failure = failureAfter(model, call);
  if (failure) return { level: "error", note: `${where} output before ${failure}: logged at ERROR` };
  if (where === "stdout") return { level: "debug", note: null };
  return { level: "warning", note: "stderr output: logged at WARNING" };
}

/** `str(x)` → `x`: `%s` converts already. */
function unwrapStr(model: FileModel, e: Expr): Expr | null {
  if (e.type !== "call") return null;
  const call = model.calls[e.call];
  if (call?.callee !== "builtins.str" || call.args.length !== 1 || call.args[0]!.kind !== "positional") return null;
  return call.args[0]!.value;
}

/** Splits `(a, b, c)` at its top-level commas; null when the text is not a parenthesised tuple. */
function tupleItems(source: string): string[] | null {
  if (!source.startsWith("(") || !source.endsWith(")")) return null;
  const items: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 1;
  for (let i = 1; i < source.length - 1; i++) {
    const c = source[i]!;
    if (quote !== null) {
      if (c === "\\") i++;
      else if (source.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = null;
      }
      continue;
    }
    if (c === '"' || c === "'") quote = source.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
    else if (c === "#") return null;
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
    else if (c === "," && depth === 0) {
      items.push(source.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (items.length === 0) return null; // `(x)` is x, which may itself be a tuple
  const last = source.slice(start, source.length - 1).trim();
  if (last !== "") items.push(last);
  return items.every((item) => item !== "" && !item.startsWith("*")) ? items : null;
}

/** printf-style directives Python's `%` and logging's share: `%s`, `%r`, `%5.2f`, `%d`, `%x`… */
const PRINTF = /%(?:([-+ #0]*)(\d*)(?:\.(\d+))?([sradifeEgGxXo])|(%))/g;

/**
 * `"epoch %d loss %.4f" % (epoch, loss)` → the same directives, lazily. Only
 * with a tuple written out: `"%s" % value` formats the items of `value` when it
 * is a tuple, which the code does not say.
 */
function percentPieces(model: FileModel, format: string, right: Expr): LazyPiece[] | null {
  if (format.includes("%(")) return null;
  const rightText = literalText(model, right);
  const items = right.type === "num" || right.type === "str" ? [rightText] : tupleItems(rightText);
  if (!items) return null;
  const pieces: LazyPiece[] = [];
  let at = 0;
  let used = 0;
  for (const m of format.matchAll(PRINTF)) {
    pieces.push({ kind: "text", value: format.slice(at, m.index) });
    at = m.index + m[0].length;
    if (m[5]) {
      pieces.push({ kind: "text", value: "%" });
      continue;
    }
    const [, flags, width, precision, type] = m;
    if (used >= items.length || flags!.includes("-")) return null;
    const conversion = type === "r" || type === "a" ? type : null;
    const spec =
      conversion || (type === "s" && !flags && !width && precision === undefined)
        ? null
        : `${flags}${width}${precision !== undefined ? `.${precision}` : ""}${type === "i" ? "d" : type}`;
    // Only directives that stay themselves: a spec that would fall back to format() is not
    // the same thing (`format(3, "5s")` raises where `"%5s" % 3` does not).
    if (percentDirective(conversion, spec) === null) return null;
    pieces.push({ kind: "value", source: items[used++]!, conversion, spec });
  }
  if (used !== items.length || format.slice(at).includes("%")) return null;
  pieces.push({ kind: "text", value: format.slice(at) });
  return pieces;
}

/** One print argument as pieces: literal text, f-string parts, a `+` or `%` formatting, or one value. */
function argumentPieces(model: FileModel, v: Expr): LazyPiece[] {
  const value: LazyPiece[] = [{ kind: "value", source: literalText(model, v), conversion: null, spec: null }];
  if (v.type === "str") return [{ kind: "text", value: v.value }];
  if (v.type === "fstring") return piecesFromFormatParts(v.parts, model.text);
  if (v.type === "binop" && v.op === "+")
    return piecesFromConcatenation(v, model.text, (e) => unwrapStr(model, e)) ?? value;
  if (v.type === "binop" && v.op === "%" && v.left.type === "str")
    return percentPieces(model, v.left.value, v.right) ?? value;
  return value;
}

function printConversion(model: FileModel, call: Call, names: PythonNames, quote: '"' | "'"): Conversion | string {
  for (const arg of call.args) {
    if (arg.kind === "spread" || arg.kind === "kwspread")
      return "unpacked arguments (`*args`): the values cannot be listed one by one";
    if (arg.kind === "keyword" && !["sep", "end", "file", "flush"].includes(arg.name ?? "")) {
      return `unexpected keyword \`${arg.name}=\``;
    }
  }
  const positional = call.args.filter((a) => a.kind === "positional");
  const where = stream(model, keyword(call, "file"));
  if (where === "other") return "writes to a file, not the console";
  if (positional.length === 0) return "a bare `print()` only prints an empty line: delete it or keep it";

  const sepArg = keyword(call, "sep");
  let sep = " ";
  if (sepArg && sepArg.value.type !== "none") {
    if (sepArg.value.type !== "str") return "`sep=` is not a string literal";
    sep = sepArg.value.value;
  }
  const endArg = keyword(call, "end");
  if (endArg && endArg.value.type !== "none") {
    if (endArg.value.type !== "str") return "`end=` is not a string literal";
    if (!endArg.value.value.endsWith("\n") || endArg.value.value.includes("\r")) {
      return `progress-style output (\`end=${literalText(model, endArg.value)}\`): a log record is a whole line`;
    }
  }

  const pieces: LazyPiece[] = [];
  positional.forEach((arg, k) => {
    if (k > 0 && sep !== "") pieces.push({ kind: "text", value: sep });
    pieces.push(...argumentPieces(model, arg.value));
  });
  for (const arg of positional) {
    // `\N{NAME}` escapes are kept as written by the frontend: re-quoting them would change the text.
    if ((arg.value.type === "str" || arg.value.type === "fstring") && literalText(model, arg.value).includes("\\N{")) {
      return "a `\\N{...}` escape in the text";
    }
  }
  if (pieces.some((p) => p.kind === "text" && p.value.includes("\r"))) {
    return "progress-style output (a `\\r` in the text): a log record is a whole line";
  }
  const built = buildLazyFormat(pieces, { quote, formatBuiltin: names.formatBuiltin });
  if (!built)
    return "a format spec that %-style cannot express and format() cannot keep here (a nested `{...}` field, or `format` is shadowed)";
  const { level, note } = levelFor(model, call, where);
  return {
    level,
    literal: built.literal,
    args: built.args,
    notes: [...(note ? [note] : []), ...built.eager],
    pformat: false,
  };
}

function pprintConversion(
  model: FileModel,
  call: Call,
  site: LogSite,
  names: PythonNames,
  quote: '"' | "'",
): Conversion | string {
  const positional = call.args.filter((a) => a.kind === "positional");
  if (call.args.some((a) => a.kind === "spread" || a.kind === "kwspread")) return "unpacked arguments to pprint";
  if (positional.length !== 1) return "pprint options passed by position";
  if (!names.pformat) return "`pformat` and `pprint` are both names in this file";
  const streamArg = keyword(call, "stream");
  const where = stream(model, streamArg);
  if (where === "other") return "pprint writes to a stream, not the console";
  const options = call.args.filter((a) => a.kind === "keyword" && a.name !== "stream");
  const optionTexts = options.map((a) => model.text.slice(a.range[0], a.range[1]));
  if (site.method === "pp" && !options.some((a) => a.name === "sort_dicts")) optionTexts.push("sort_dicts=False");
  const value = literalText(model, positional[0]!.value);
  const { level, note } = levelFor(model, call, where);
  return {
    level,
    literal: `${quote}%s${quote}`,
    args: [`${names.pformat.call}(${[value, ...optionTexts].join(", ")})`],
    notes: note ? [note] : [],
    pformat: true,
  };
}

/** `logger.debug("…", a, b)`, wrapped one argument per line when it would not fit. */
function renderCall(model: FileModel, call: Call, callee: string, literal: string, args: string[]): string {
  const all = [literal, ...args];
  const oneLine = `${callee}(${all.join(", ")})`;
  const column = lineColAt(model.lineStarts, call.range[0]).column;
  const lineEnd = model.text.slice(call.range[1]).search(/\r?\n|$/);
  if (column + oneLine.length + lineEnd <= MAX_LINE && !oneLine.includes("\n")) return oneLine;
  const indent = indentAt(model, call.range[0]);
  const unit = indentUnitOf(model);
  const eol = model.text.includes("\r\n") ? "\r\n" : "\n";
  return `${callee}(${eol}${all.map((a) => `${indent}${unit}${a},`).join(eol)}${eol}${indent})`;
}

const indentUnits = new WeakMap<FileModel, string>();

/** The file's indent unit, worked out once per file: a file may have thousands of prints. */
function indentUnitOf(model: FileModel): string {
  let unit = indentUnits.get(model);
  if (unit === undefined) indentUnits.set(model, (unit = detectIndentUnit(model.text)));
  return unit;
}

/** Module-level code (not inside a function) runs at import time, in order. */
function runsAtImport(model: FileModel, call: Call): boolean {
  return enclosingFunctionScopes(model, call.scope).length === 0;
}

export function planPythonPrints(model: FileModel, sites: readonly LogSite[], project: ProjectModel): SitePlan {
  const plan: SitePlan = new Map();
  const names = resolvePythonNames(model);
  const quote = detectQuote(model);
  const conversions = new Map<LogSite, Conversion>();
  for (const site of sites) {
    const call = site.call === null ? null : model.calls[site.call];
    if (!call) {
      plan.set(site, { kind: "left", note: "not a call" });
      continue;
    }
    const shadowing = enclosingFunctionScopes(model, call.scope).find((s) =>
      namesBoundInScope(model, s).has(names.logger),
    );
    if (shadowing !== undefined) {
      plan.set(site, { kind: "left", note: `\`${names.logger}\` is a local name here` });
      continue;
    }
    const converted =
      site.method === "print"
        ? printConversion(model, call, names, quote)
        : pprintConversion(model, call, site, names, quote);
    if (typeof converted === "string") plan.set(site, { kind: "left", note: converted });
    else conversions.set(site, converted);
  }
  if (conversions.size === 0) return plan;

  const needsConfig = model.mainBlock !== null && !configuresLogging(model) && !project.hasLoggingConfig;
  const header = planPythonHeader(model, names, {
    pformat: [...conversions.values()].some((c) => c.pformat),
    basicConfig: needsConfig,
    quote,
  });
  for (const [site, conv] of conversions) {
    const call = model.calls[site.call!]!;
    if (runsAtImport(model, call) && call.range[0] < header.readyAt) {
      plan.set(site, { kind: "left", note: "runs at import time before the module logger is defined" });
      continue;
    }
    const callee = `${names.logger}.${conv.level}`;
    const outcome: SiteOutcome = {
      kind: "fix",
      fix: {
        title: `Replace with \`${callee}\``,
        edits: [...header.edits, { range: call.range, text: renderCall(model, call, callee, conv.literal, conv.args) }],
        ...(conv.notes.length > 0 ? { notes: conv.notes } : {}),
      },
    };
    plan.set(site, outcome);
  }
  return plan;
}
