import path from "node:path";
import { isLoggerName } from "../model/log-sites.js";
import { lineColAt } from "../model/source.js";
import { toPosix } from "../discover/paths.js";
import type {
  Call,
  Expr,
  FileModel,
  FormatPart,
  LogLevel,
  LogSite,
  ProjectModel,
  Statement,
  TextEdit,
} from "../model/types.js";
import { stringLiteral } from "./lazy-format.js";
import { boundNames, enclosingFunctionScopes, namesBoundInScope, pickFreeName } from "./names.js";
import type { SiteOutcome, SitePlan } from "./outcome.js";
import { detectEol, detectIndentUnit, detectQuote, indentAt, lineStartOf, nextLineStart } from "./source-style.js";

/**
 * JS/TS `console.*` → the project's logger, as text edits. What the
 * arguments become depends on the logger library, so that nothing printed
 * is lost:
 *
 * - pino drops arguments that have no placeholder, and puts errors under
 *   `err`: `console.error("failed:", err, n)` → `logger.error({ err }, "failed: %s", n)`.
 * - winston formats with `format.splat()`: `"failed: %s %s", err, n`.
 * - bunyan, loglevel, log4js, consola and tslog take arguments the way
 *   console does (util.format): only the method changes.
 */

export type JsLoggerLibrary = "pino" | "winston" | "bunyan" | "loglevel" | "log4js" | "consola" | "tslog";

export const JS_LOGGER_LIBRARIES: readonly JsLoggerLibrary[] = [
  "pino",
  "winston",
  "bunyan",
  "loglevel",
  "log4js",
  "consola",
  "tslog",
];

export interface JsLoggerOptions {
  /** The module exporting the project's logger: a path relative to the project root, or absolute. */
  module: string | null;
  /** How it is exported: a name (`logger`) or `"default"`. */
  export: string;
  /** The library the logger is made with; decides how arguments are passed (default: pino's way). */
  library: JsLoggerLibrary | null;
  /** Import the logger by this specifier instead of a relative path (a tsconfig `paths` alias). */
  specifier: string | null;
  /** Relative specifiers end in `.js` (NodeNext, Node ESM), have none (CJS, bundlers), or follow the file's own imports. */
  extensions: "auto" | "js" | "none";
  /**
   * The module system of a `.js`/`.jsx` file whose syntax does not tell
   * (no import, export or require): package.json's `"type"`. Null: ESM.
   */
  moduleSystem: "esm" | "cjs" | null;
}

export const DEFAULT_JS_LOGGER: JsLoggerOptions = {
  module: null,
  export: "logger",
  library: null,
  specifier: null,
  extensions: "auto",
  moduleSystem: null,
};

/**
 * The logger method for a console site: its level, which the model gives every console method that
 * writes a log line (log/debug/trace/dir/dirxml/table → debug, info, warn, error); none for the rest.
 */
const LOGGER_METHOD: Record<LogLevel, "debug" | "info" | "warn" | "error"> = {
  debug: "debug",
  info: "info",
  warning: "warn",
  error: "error",
  critical: "error",
};

function loggerMethodOf(site: LogSite): "debug" | "info" | "warn" | "error" | undefined {
  return site.level === null ? undefined : LOGGER_METHOD[site.level];
}

/** Libraries whose methods take console's arguments (util.format semantics). */
const CONSOLE_LIKE = new Set<JsLoggerLibrary>(["bunyan", "loglevel", "log4js", "consola", "tslog"]);

/** Module-level logger factories and the library they belong to. */
const FACTORY_LIBRARY: Record<string, JsLoggerLibrary> = {
  pino: "pino",
  "pino.default": "pino",
  "pino.pino": "pino",
  "winston.createLogger": "winston",
  "bunyan.createLogger": "bunyan",
  "log4js.getLogger": "log4js",
  "loglevel.getLogger": "loglevel",
  "consola.create": "consola",
  "consola.withTag": "consola",
  "tslog.Logger": "tslog",
};

const STRING_METHODS = new Set([
  "toFixed",
  "toPrecision",
  "toExponential",
  "toString",
  "toUpperCase",
  "toLowerCase",
  "trim",
  "trimStart",
  "trimEnd",
  "padStart",
  "padEnd",
  "join",
  "toISOString",
  "toLocaleString",
  "toDateString",
  "toTimeString",
  "toUTCString",
  "replace",
  "replaceAll",
  "repeat",
  "charAt",
  "substring",
  "normalize",
]);
const STRING_FUNCTIONS =
  /^(?:String|JSON\.stringify|(?:node:)?path\.(?:join|resolve|relative|basename|dirname|extname))$/;
const NUMBER_FUNCTIONS = /^(?:Number|parseInt|parseFloat|Math\.\w+|Date\.now|performance\.now)$/;
const MAX_LINE = 100;

type ValueKind = "primitive" | "object" | "error";

interface Piece {
  kind: "text" | "value";
  text: string;
  /** For values: what the value is, as far as the code says. */
  value?: ValueKind;
  /** The placeholder console's own format string gave it (`%d`), if any. */
  placeholder?: string;
}

function jsStringLiteral(value: string, quote: '"' | "'"): string {
  return stringLiteral(value, quote, "javascript");
}

function source(model: FileModel, expr: Expr): string {
  return model.text.slice(expr.range[0], expr.range[1]);
}

/** What kind of value an expression has, from its syntax alone. */
function valueKind(model: FileModel, expr: Expr, errorNames: ReadonlySet<string>): ValueKind {
  switch (expr.type) {
    case "str":
    case "fstring":
    case "num":
    case "bool":
    case "none":
    case "compare":
      return "primitive";
    case "unary":
      return "primitive";
    case "binop": {
      if (expr.op === "+") {
        const l = valueKind(model, expr.left, errorNames);
        const r = valueKind(model, expr.right, errorNames);
        return l === "primitive" || r === "primitive" ? "primitive" : "object";
      }
      if (expr.op === "&&" || expr.op === "||" || expr.op === "??") return "object";
      return "primitive";
    }
    case "attr":
      if (["length", "size", "byteLength", "message", "stack", "code", "name"].includes(expr.name)) return "primitive";
      if (/^(?:err|error|exception|cause)$/i.test(expr.name)) return "error";
      return "object";
    case "name":
      return errorNames.has(expr.name) ? "error" : "object";
    case "call": {
      const call = model.calls[expr.call];
      if (!call) return "object";
      const text = model.text.slice(call.range[0], call.range[0] + 10);
      if (/^new\s+\w*Error\b/.test(text)) return "error";
      if (call.method !== null && STRING_METHODS.has(call.method) && call.receiverText !== "Object") return "primitive";
      if (
        call.calleeText !== null &&
        (STRING_FUNCTIONS.test(call.calleeText) || NUMBER_FUNCTIONS.test(call.calleeText))
      ) {
        return "primitive";
      }
      return "object";
    }
    default:
      return "object";
  }
}

const ARRAY_METHODS = new Set([
  "map",
  "filter",
  "slice",
  "concat",
  "flat",
  "flatMap",
  "sort",
  "reverse",
  "split",
  "splice",
]);

/** An array literal, or what array methods, `Object.keys/values/entries` and `Array.from` return. */
function isArrayLike(model: FileModel, expr: Expr): boolean {
  if (expr.type === "list") return true;
  if (expr.type !== "call") return false;
  const call = model.calls[expr.call];
  if (!call || call.method === null) return false;
  return (
    ARRAY_METHODS.has(call.method) ||
    /^(?:Object\.(?:keys|values|entries)|Array\.(?:from|of))$/.test(call.calleeText ?? "")
  );
}

/** Names that hold an error at this call: enclosing catch parameters, and names given a `new …Error(…)`. */
function errorNamesAt(model: FileModel, call: Call): Set<string> {
  const names = new Set(newErrorNames(model));
  for (const h of model.handlers) {
    if (h.name && h.range[0] <= call.range[0] && call.range[1] <= h.range[1]) names.add(h.name);
  }
  return names;
}

/** Names given a `new …Error(…)` anywhere in the file; once per file, not once per console call. */
const NEW_ERROR_NAMES = new WeakMap<FileModel, readonly string[]>();
function newErrorNames(model: FileModel): readonly string[] {
  let names = NEW_ERROR_NAMES.get(model);
  if (!names) {
    names = model.calls
      .filter(
        (c) => c.assignedTo.length === 1 && /^new\s+\w*Error\s*\(/.test(model.text.slice(c.range[0], c.range[0] + 40)),
      )
      .map((c) => c.assignedTo[0]!);
    NEW_ERROR_NAMES.set(model, names);
  }
  return names;
}

function templatePieces(model: FileModel, parts: readonly FormatPart[]): Piece[] {
  return parts.map((p) =>
    p.kind === "text"
      ? { kind: "text", text: p.value }
      : { kind: "value", text: source(model, p.expr), value: "primitive" as const },
  );
}

/**
 * console's own format string (`console.log("%d rows", n)`): placeholders
 * consume the following arguments, `%%` is a percent sign; the arguments
 * left over are appended, space-separated.
 */
function formatStringPieces(text: string, rest: Piece[][]): { pieces: Piece[]; used: number } {
  const pieces: Piece[] = [];
  let used = 0;
  let at = 0;
  const re = /%([sdifjoOc%])/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const kind = m[1]!;
    if (kind === "%") {
      pieces.push({ kind: "text", text: text.slice(at, m.index) + "%" });
      at = m.index + 2;
      continue;
    }
    if (used >= rest.length) continue;
    pieces.push({ kind: "text", text: text.slice(at, m.index) });
    const arg = rest[used++]!;
    // `%c` is CSS for browsers: it consumes its argument and prints nothing.
    if (kind !== "c") {
      const value = arg.length === 1 && arg[0]!.kind === "value" ? arg[0]! : null;
      if (value) pieces.push({ ...value, placeholder: `%${kind}` });
      else pieces.push(...arg);
    }
    at = m.index + 2;
  }
  pieces.push({ kind: "text", text: text.slice(at) });
  return { pieces, used };
}

function argPieces(model: FileModel, expr: Expr, errorNames: ReadonlySet<string>): Piece[] {
  if (expr.type === "str") return [{ kind: "text", text: expr.value }];
  if (expr.type === "fstring") return templatePieces(model, expr.parts);
  if (expr.type === "num" || expr.type === "bool") return [{ kind: "text", text: String(expr.value) }];
  if (expr.type === "none") return [{ kind: "text", text: source(model, expr) === "null" ? "null" : "undefined" }];
  return [{ kind: "value", text: source(model, expr), value: valueKind(model, expr, errorNames) }];
}

interface Rendered {
  args: string[];
  notes: string[];
}

/** The arguments for pino or winston: one format string with placeholders, the values, pino's `{ err }`. */
function formatArguments(
  model: FileModel,
  call: Call,
  library: "pino" | "winston",
  quote: '"' | "'",
  table: boolean,
): Rendered {
  const errorNames = errorNamesAt(model, call);
  const all = call.args.map((a) => argPieces(model, a.value, errorNames));
  const first = call.args[0]!.value;
  let pieces: Piece[];
  let next = 1;
  if ((first.type === "str" || first.type === "fstring") && call.args.length > 1) {
    // Only the literal text of the first argument is a format string to console.
    const rest = all.slice(1);
    pieces = [];
    let used = 0;
    for (const p of all[0]!) {
      if (p.kind === "value") pieces.push(p);
      else {
        const r = formatStringPieces(p.text, rest.slice(used));
        pieces.push(...r.pieces);
        used += r.used;
      }
    }
    next = 1 + used;
  } else {
    pieces = [...all[0]!];
  }
  for (const arg of all.slice(next)) pieces.push({ kind: "text", text: " " }, ...arg);

  let err: string | null = null;
  const values: string[] = [];
  const chunks: { text: string; placeholder: boolean }[] = [];
  for (const p of pieces) {
    if (p.kind === "text") {
      if (p.text !== "") chunks.push({ text: p.text, placeholder: false });
      continue;
    }
    if (library === "pino" && p.value === "error" && err === null) {
      err = p.text;
      continue;
    }
    const placeholder = p.placeholder ?? (p.value === "object" ? (library === "pino" ? "%o" : "%O") : "%s");
    chunks.push({ text: placeholder, placeholder: true });
    values.push(p.text);
  }
  let message = chunks
    .map((c) => (c.placeholder || values.length === 0 ? c.text : c.text.replace(/%/g, "%%")))
    .join("");
  const notes: string[] = [];
  if (err !== null) {
    // pino prints the error (message and stack) under `err`; the text it followed stays the message.
    message = message.replace(/^ +| +$/g, "");
    const errArg = err === "err" ? "{ err }" : `{ err: ${err} }`;
    if (message === "" && values.length === 0) return { args: [err], notes };
    return { args: [errArg, jsStringLiteral(message, quote), ...values], notes };
  }
  // One value and nothing else: pino takes it as it is (an Error under `err` with its stack,
  // an object's fields merged into the record), where "%o" would print an Error as {}.
  // Arrays stay "%o": as a merge object pino would spread them into numbered fields.
  const only = pieces.length === 1 && pieces[0]!.kind === "value" ? pieces[0]! : null;
  const array = table || (call.args.length === 1 && isArrayLike(model, call.args[0]!.value));
  if (library === "pino" && only && !only.placeholder && only.value === "object" && !array) {
    return { args: [only.text], notes };
  }
  return { args: [jsStringLiteral(message, quote), ...values], notes };
}

/** Per file, not per call: both read the whole text. */
const STYLES = new WeakMap<FileModel, { unit: string; eol: string }>();
function styleOf(model: FileModel): { unit: string; eol: string } {
  let style = STYLES.get(model);
  if (!style) {
    style = { unit: detectIndentUnit(model.text, "  "), eol: detectEol(model.text) };
    STYLES.set(model, style);
  }
  return style;
}

/** `logger.debug("…", a, b)`, wrapped one argument per line when it would not fit. */
function renderCall(model: FileModel, call: Call, callee: string, args: string[]): string {
  const oneLine = `${callee}(${args.join(", ")})`;
  const column = lineColAt(model.lineStarts, call.range[0]).column;
  const rest = model.text.slice(call.range[1]).search(/\r?\n|$/);
  if (column + oneLine.length + rest <= MAX_LINE || oneLine.includes("\n")) return oneLine;
  const indent = indentAt(model, call.range[0]);
  const { unit, eol } = styleOf(model);
  return `${callee}(${eol}${args.map((a) => `${indent}${unit}${a},`).join(eol)}${eol}${indent})`;
}

// ---- the logger binding ------------------------------------------------------

interface LoggerBinding {
  name: string;
  library: JsLoggerLibrary | null;
  /** The import to add, when the file does not have the logger yet. */
  importEdit: TextEdit | null;
  /** Module-level code before this offset runs before the binding exists (ESM imports are hoisted: 0). */
  readyAt: number;
}

const EXT = /\.(?:[cm]?[jt]sx?)$/;

function stripExt(p: string): string {
  return p.replace(EXT, "").replace(/\/index$/, "");
}

function loggerModulePath(project: ProjectModel, options: JsLoggerOptions): string | null {
  if (options.module === null) return null;
  return path.resolve(project.root, options.module);
}

function isLoggerModule(model: FileModel, from: string, loggerPath: string | null): boolean {
  if (loggerPath === null || !from.startsWith(".")) return false;
  return stripExt(toPosix(path.resolve(path.dirname(model.path), from))) === stripExt(toPosix(loggerPath));
}

function libraryOfModule(module: string): JsLoggerLibrary | null {
  const base = module.replace(/^node:/, "");
  return (JS_LOGGER_LIBRARIES as readonly string[]).includes(base) ? (base as JsLoggerLibrary) : null;
}

function moduleStatements(model: FileModel): Statement[] {
  return model.blocks[model.scopes[0]!.body]!.statements.map((id) => model.statements[id]!);
}

/** `logger`, `log`, `appLogger`: an instance, not a class (`Logger`) or a factory (`makeLogger`, `createLogger`). */
function looksLikeLoggerInstance(name: string): boolean {
  return (
    isLoggerName(name) &&
    /^[_a-z]/.test(name) &&
    !/^_*(?:make|create|get|build|new|setup|init|with|to)[A-Z_]/.test(name)
  );
}

/** A logger the file already has at module level: imported from the logger module, or made by a factory. */
function existingLogger(model: FileModel, options: JsLoggerOptions, loggerPath: string | null): LoggerBinding | null {
  for (const imp of model.imports) {
    const st = model.statements[imp.statement];
    if (!st || st.block !== model.scopes[0]!.body) continue;
    const fromLoggerModule =
      isLoggerModule(model, imp.module, loggerPath) || (options.specifier !== null && imp.module === options.specifier);
    const library = libraryOfModule(imp.module);
    if (fromLoggerModule || (looksLikeLoggerInstance(imp.local) && (imp.module.startsWith(".") || library !== null))) {
      if (library === "pino" || library === "winston" || library === "bunyan") continue; // the factory, not a logger
      const readyAt = model.moduleSystem === "esm" && st.kind === "import" ? 0 : st.range[1];
      return { name: imp.local, library: library ?? options.library, importEdit: null, readyAt };
    }
  }
  for (const call of model.calls) {
    const library = call.callee === null ? undefined : FACTORY_LIBRARY[call.callee];
    if (!library || call.scope !== 0 || call.assignedTo.length !== 1) continue;
    const st = model.statements[call.statement];
    if (!st || st.block !== model.scopes[0]!.body) continue;
    return { name: call.assignedTo[0]!, library, importEdit: null, readyAt: st.range[1] };
  }
  return null;
}

function specifierFor(model: FileModel, loggerPath: string, options: JsLoggerOptions, system: "esm" | "cjs"): string {
  if (options.specifier !== null) return options.specifier;
  let rel = toPosix(path.relative(path.dirname(model.path), loggerPath));
  if (!rel.startsWith(".")) rel = `./${rel}`;
  const ext = path.extname(rel);
  const base = rel.slice(0, rel.length - ext.length);
  let style = options.extensions;
  if (style === "auto") {
    const relatives = model.imports.map((i) => i.module).filter((m) => m.startsWith("."));
    if (relatives.some((m) => EXT.test(m))) style = "js";
    else if (relatives.length > 0) style = "none";
    else style = system === "esm" ? "js" : "none";
  }
  if (/^\.[cm][jt]s$/.test(ext)) return `${base}.${ext[1]}js`;
  return style === "js" ? `${base}.js` : base;
}

function prefersSemicolons(model: FileModel, statements: Statement[]): boolean {
  let withSemi = 0;
  let without = 0;
  for (const st of statements) {
    if (st.kind !== "import" && st.kind !== "assign" && st.kind !== "expr") continue;
    if (model.text[st.range[1] - 1] === ";") withSemi++;
    else without++;
  }
  return withSemi >= without;
}

/**
 * Where an import goes in a file that has none: after the shebang and the
 * directives (`"use strict"`), before the first statement, but above a
 * comment that documents that statement (a licence header stays first).
 */
function prologueEnd(model: FileModel, statements: Statement[]): { offset: number; beforeCode: boolean } {
  const text = model.text;
  const shebangEnd = text.startsWith("#!") ? nextLineStart(text, 0) : 0;
  let k = 0;
  while (statements[k]?.kind === "expr" && /^(["'])use [\w ]+\1;?$/.test(text.slice(...statements[k]!.range))) k++;
  if (k > 0) return { offset: nextLineStart(text, statements[k - 1]!.range[1]), beforeCode: false };
  const first = statements[0];
  if (!first) return { offset: text.length, beforeCode: false };
  let anchor = lineStartOf(model, first.range[0]);
  const before = model.comments.filter((c) => c.range[1] <= anchor).sort((a, b) => b.range[0] - a.range[0]);
  for (const c of before) {
    const attached = /^[ \t]*(?:\r?\n)?[ \t]*$/.test(text.slice(c.range[1], anchor));
    const start = lineStartOf(model, c.range[0]);
    if (!attached || start <= shebangEnd) break;
    anchor = start;
  }
  return { offset: Math.max(anchor, shebangEnd), beforeCode: true };
}

/** ESM or CommonJS: the file's syntax and extension decide, else package.json's `"type"` (through the options). */
function moduleSystemOf(model: FileModel, options: JsLoggerOptions): "esm" | "cjs" {
  if (/\.[cm][jt]s$/.test(model.path)) return /\.c[jt]s$/.test(model.path) ? "cjs" : "esm";
  const esmSyntax = model.statements.some((s) => s.kind === "import") || /^\s*export\s/m.test(model.text);
  if (esmSyntax || /\.tsx?$/.test(model.path)) return esmSyntax || model.moduleSystem === "esm" ? "esm" : "cjs";
  const cjsSyntax = model.calls.some((c) => c.callee === "require") || /\b(?:module\.)?exports\b/.test(model.text);
  if (cjsSyntax) return "cjs";
  return options.moduleSystem ?? "esm";
}

function importLine(
  model: FileModel,
  system: "esm" | "cjs",
  local: string,
  exported: string,
  specifier: string,
  statements: Statement[],
): string {
  const quote = detectImportQuote(model) ?? detectQuote(model);
  const semi = prefersSemicolons(model, statements) ? ";" : "";
  const spec = jsStringLiteral(specifier, quote);
  if (system === "cjs") {
    if (exported === "default") return `const ${local} = require(${spec})${semi}`;
    return `const { ${exported === local ? local : `${exported}: ${local}`} } = require(${spec})${semi}`;
  }
  if (exported === "default") return `import ${local} from ${spec}${semi}`;
  return `import { ${exported === local ? local : `${exported} as ${local}`} } from ${spec}${semi}`;
}

function detectImportQuote(model: FileModel): '"' | "'" | null {
  for (const imp of model.imports) {
    const st = model.statements[imp.statement];
    if (!st) continue;
    const m = /(?:from\s*|require\s*\(\s*)(["'])/.exec(model.text.slice(st.range[0], st.range[1]));
    if (m) return m[1] as '"' | "'";
  }
  return null;
}

function addedLogger(model: FileModel, options: JsLoggerOptions, loggerPath: string): LoggerBinding {
  const bound = boundNames(model);
  const preferred = options.export === "default" ? "logger" : options.export;
  const name = pickFreeName(model, [preferred, "logger", "log", "appLogger"], bound, true);
  const statements = moduleStatements(model);
  const eol = detectEol(model.text);
  const system = moduleSystemOf(model, options);
  const line = importLine(
    model,
    system,
    name,
    options.export,
    specifierFor(model, loggerPath, options, system),
    statements,
  );
  const body = model.scopes[0]!.body;
  let after: Statement | undefined;
  if (system === "cjs") {
    const requires = new Set(model.imports.map((i) => i.statement));
    const firstRequire = statements.findIndex((s) => requires.has(s.id) && s.block === body);
    let k = firstRequire;
    while (k >= 0 && statements[k + 1] && requires.has(statements[k + 1]!.id)) k++;
    after = k >= 0 ? statements[k] : undefined;
  } else {
    after = [...statements].reverse().find((s) => s.kind === "import");
  }
  if (after) {
    const offset = nextLineStart(model.text, after.range[1]);
    const lead = offset === model.text.length && !/[\r\n]$/.test(model.text) ? eol : "";
    const readyAt = system === "esm" ? 0 : offset;
    return {
      name,
      library: options.library,
      importEdit: { range: [offset, offset], text: `${lead}${line}${eol}` },
      readyAt,
    };
  }
  const { offset, beforeCode } = prologueEnd(model, statements);
  const text = beforeCode ? `${line}${eol}${eol}` : `${line}${eol}`;
  return {
    name,
    library: options.library,
    importEdit: { range: [offset, offset], text },
    readyAt: system === "esm" ? 0 : offset,
  };
}

// ---- the plan ---------------------------------------------------------------------

function runsAtLoad(model: FileModel, call: Call): boolean {
  return enclosingFunctionScopes(model, call.scope).length === 0;
}

function consoleConversion(
  model: FileModel,
  site: LogSite,
  call: Call,
  binding: LoggerBinding,
  quote: '"' | "'",
): SiteOutcome {
  const level = loggerMethodOf(site);
  if (level === undefined) return { kind: "left", note: `\`console.${site.method}\` is not a log message` };
  if (call.args.length === 0)
    return { kind: "left", note: "an empty `console." + site.method + "()` only prints an empty line" };
  const library = binding.library ?? "pino";
  const callee = `${binding.name}.${level}`;
  let suggestion: string | null = null;
  if (site.method === "trace")
    suggestion = "`console.trace` also prints a stack trace, which the log record does not keep";
  if ((site.method === "dir" || site.method === "dirxml" || site.method === "table") && call.args.length > 1) {
    suggestion = `the options of \`console.${site.method}\` are dropped`;
  }
  let edit: TextEdit;
  let notes: string[] = [];
  if (CONSOLE_LIKE.has(library)) {
    edit = { range: call.calleeRange, text: callee };
  } else {
    if (call.args.some((a) => a.kind === "spread")) {
      return { kind: "left", note: `spread arguments: ${library} needs each value in the format string` };
    }
    const args = suggestion && site.method !== "trace" ? [call.args[0]!] : call.args;
    const table = site.method === "table";
    const rendered = formatArguments(model, { ...call, args }, library as "pino" | "winston", quote, table);
    notes = rendered.notes;
    edit = { range: call.range, text: renderCall(model, call, callee, rendered.args) };
  }
  const edits = binding.importEdit ? [binding.importEdit, edit] : [edit];
  const fix = { title: `Replace with \`${callee}\``, edits, ...(notes.length > 0 ? { notes } : {}) };
  return suggestion ? { kind: "suggestion", fix, note: suggestion } : { kind: "fix", fix };
}

/**
 * Whether a model that holds only some statements (see buildModel's `keep`: always the
 * module-level ones, and those holding a console call) gives planConsoleCalls what the whole one
 * would: the logger it converts to is named by a word `keep` matches (so the statements binding
 * that name are in), and, when there is one, the file's quote style comes from its imports (not
 * from every string argument in the file).
 */
export function partialModelSuffices(
  model: FileModel,
  project: ProjectModel,
  options: JsLoggerOptions,
  keep: RegExp,
): boolean {
  const loggerPath = loggerModulePath(project, options);
  const existing = existingLogger(model, options, loggerPath);
  keep.lastIndex = 0;
  if (existing !== null && !keep.test(existing.name)) return false;
  return (existing === null && loggerPath === null) || detectImportQuote(model) !== null;
}

export function planConsoleCalls(
  model: FileModel,
  sites: readonly LogSite[],
  project: ProjectModel,
  options: JsLoggerOptions,
): SitePlan {
  const plan: SitePlan = new Map();
  const loggerPath = loggerModulePath(project, options);
  if (loggerPath !== null && stripExt(toPosix(path.resolve(model.path))) === stripExt(toPosix(loggerPath))) {
    for (const site of sites) plan.set(site, { kind: "left", note: "this is the logger module itself" });
    return plan;
  }
  const binding =
    existingLogger(model, options, loggerPath) ??
    (loggerPath === null ? null : addedLogger(model, options, loggerPath));
  const quote = detectImportQuote(model) ?? detectQuote(model);
  for (const site of sites) {
    const call = site.call === null ? null : model.calls[site.call];
    if (!call) {
      plan.set(site, { kind: "left", note: `\`console.${site.method}\` is used as a value, not called` });
      continue;
    }
    if (loggerMethodOf(site) === undefined) {
      plan.set(site, { kind: "left", note: `\`console.${site.method}\` is not a log message` });
      continue;
    }
    if (binding === null) {
      // No logger to convert to yet (`logical fix` finds or creates one): no fix, but a
      // site that would be left anyway (spread arguments, a dropped stack) says why now.
      const placeholder: LoggerBinding = { name: "logger", library: options.library, importEdit: null, readyAt: 0 };
      const outcome = consoleConversion(model, site, call, placeholder, quote);
      if (outcome.kind !== "fix") plan.set(site, { kind: "left", note: outcome.note });
      continue;
    }
    const shadowed = enclosingFunctionScopes(model, call.scope).some((s) =>
      namesBoundInScope(model, s).has(binding.name),
    );
    if (shadowed) {
      plan.set(site, { kind: "left", note: `\`${binding.name}\` is a local name here` });
      continue;
    }
    if (runsAtLoad(model, call) && call.range[0] < binding.readyAt) {
      plan.set(site, { kind: "left", note: "runs before the logger is defined" });
      continue;
    }
    plan.set(site, consoleConversion(model, site, call, binding, quote));
  }
  return plan;
}
