import type { Call, Expr, FileModel, LogLevel, LogSite } from "./types.js";
import { dottedHead } from "./source.js";

/**
 * Classifies a file's calls into log sites: prints, logger calls and
 * `warnings.warn`. Console uses in JS are found by the JS frontend (they need
 * scope analysis and include non-call uses) and are kept as they are.
 */

// Maps, not records: `logger.toString(…)` or `logger.constructor(…)` is no log call, and a method
// name sliced from the source is looked up without being internalized.
const PYTHON_LEVELS = new Map<string, LogLevel>([
  ["debug", "debug"],
  ["info", "info"],
  ["warning", "warning"],
  ["warn", "warning"],
  ["error", "error"],
  ["exception", "error"],
  ["critical", "critical"],
  ["fatal", "critical"],
]);

const JS_LEVELS = new Map<string, LogLevel>([
  ["trace", "debug"],
  ["debug", "debug"],
  ["verbose", "debug"],
  ["silly", "debug"],
  ["http", "info"],
  ["info", "info"],
  ["notice", "info"],
  ["success", "info"],
  ["warn", "warning"],
  ["warning", "warning"],
  ["error", "error"],
  ["fatal", "critical"],
  ["crit", "critical"],
  ["critical", "critical"],
]);

/** Factories whose result is a logger: `logger = logging.getLogger(__name__)`, `const log = pino()`. */
const LOGGER_FACTORIES = new Set([
  "logging.getLogger",
  "logging.Logger",
  "structlog.get_logger",
  "structlog.getLogger",
  "loguru.logger.bind",
  "pino",
  "pino.default",
  "winston.createLogger",
  "bunyan.createLogger",
  "log4js.getLogger",
  "loglevel.getLogger",
  "consola.create",
  "consola.withTag",
  "tslog.Logger",
]);

/** The JS/TS ones: their callees start with the module's name. */
const JS_LOGGER_FACTORIES = [...LOGGER_FACTORIES].filter((f) => !/^(?:logging|structlog|loguru)\./.test(f));

/** Receiver names that read as a logger: `logger`, `log`, `self._log`, `this.logger`, `trainLogger`. */
const LOGGER_NAME = /(?:^|\.)_*(?:[a-z0-9_]*_)?(?:log|logger|LOG|LOGGER)$|(?:^|\.)_*[a-zA-Z0-9]*Logger$/;

const EXC_INFO_FALSE = new Set(["False", "None", "0", "false"]);

export function isLoggerName(receiverText: string): boolean {
  return LOGGER_NAME.test(receiverText);
}

/** Names that hold a logger because a logger factory (or `.child()`/`.getChild()` of one) was assigned to them. */
function loggerBindings(model: FileModel): Set<string> {
  const names = new Set<string>();
  for (let at = 0; at < model.calls.length; at++) {
    const call = model.calls[at]!;
    if (call.assignedTo.length === 0) continue;
    const isFactory =
      (call.callee !== null && LOGGER_FACTORIES.has(call.callee)) ||
      ((call.method === "child" || call.method === "getChild" || call.method === "bind") &&
        call.receiverText !== null &&
        (names.has(call.receiverText) || isLoggerName(call.receiverText)));
    if (isFactory) for (const name of call.assignedTo) names.add(name);
  }
  return names;
}

function isFalsy(expr: Expr, text: string): boolean {
  if (expr.type === "none") return true;
  if (expr.type === "bool") return !expr.value;
  if (expr.type === "num") return expr.value === 0;
  return EXC_INFO_FALSE.has(text.slice(expr.range[0], expr.range[1]));
}

/**
 * `print(..., file=f)` / `pprint(..., stream=f)` to a real file is a file write,
 * not console output (Ruff T201/T203 agree); `None`, `sys.stdout` and `sys.stderr` are the console.
 */
function writesToFile(call: Call, keyword: string, model: FileModel): boolean {
  const arg = call.args.find((a) => a.kind === "keyword" && a.name === keyword);
  if (!arg || arg.value.type === "none") return false;
  const target = calleeOfExpr(arg.value, model);
  return target !== "sys.stdout" && target !== "sys.stderr";
}

function pythonSite(call: Call, model: FileModel, loggers: Set<string>): LogSite | null {
  const { callee, method } = call;
  if (callee === "builtins.print") {
    if (writesToFile(call, "file", model)) return null;
    return site("print", null, "print", call, false, null, false);
  }
  if (callee === "pprint.pprint" || callee === "pprint.pp") {
    if (writesToFile(call, "stream", model)) return null;
    return site("print", null, method ?? "pprint", call, false, null, false);
  }
  if (callee === "warnings.warn") return site("warnings", "warning", "warn", call, false, null, false);
  if (method === null) return null;
  let level: LogLevel | null | undefined = PYTHON_LEVELS.get(method);
  if (method === "log") level = levelFromArg(call, model);
  if (level === undefined) return null;
  const isRoot = callee !== null && callee === `logging.${method}`;
  const receiver = call.receiverText;
  const isLogger =
    isRoot || (receiver !== null && (loggers.has(receiver) || isLoggerName(receiver) || receiver === "loguru.logger"));
  if (!isLogger) return null;
  const excInfo = call.args.find((a) => a.kind === "keyword" && a.name === "exc_info");
  const hasTraceback =
    (method === "exception"
      ? !(excInfo && isFalsy(excInfo.value, model.text))
      : excInfo !== undefined && !isFalsy(excInfo.value, model.text)) ||
    call.args.some((a) => formatsTraceback(a.value, model));
  return site("logger", level, method, call, hasTraceback, receiver, isRoot);
}

/** `traceback.format_exc()` / `traceback.format_exception(…)` as a log argument carries the traceback as text. */
function formatsTraceback(expr: Expr, model: FileModel): boolean {
  if (expr.type !== "call") return false;
  const callee = model.calls[expr.call]?.callee;
  return callee === "traceback.format_exc" || callee === "traceback.format_exception";
}

function levelFromArg(call: Call, model: FileModel): LogLevel | null {
  const first = call.args[0];
  if (!first) return null;
  const text = model.text.slice(first.value.range[0], first.value.range[1]);
  const name = text
    .replace(/^.*\./, "")
    .replace(/^["']|["']$/g, "")
    .toLowerCase();
  return PYTHON_LEVELS.get(name) ?? JS_LEVELS.get(name) ?? null;
}

function jsSite(call: Call, model: FileModel, loggers: Set<string>, handlerNames: Set<string>): LogSite | null {
  const { method, receiverText } = call;
  if (method === null || receiverText === null) return null;
  let level: LogLevel | null | undefined = JS_LEVELS.get(method);
  if (method === "log") level = levelFromArg(call, model);
  if (level === undefined) return null;
  const isLogger =
    loggers.has(receiverText) ||
    isLoggerName(receiverText) ||
    (call.callee !== null && /^(?:loglevel|consola|npmlog|signale)\./.test(call.callee));
  if (!isLogger) return null;
  const hasTraceback = call.args.some((a) => passesError(a.value, model, handlerNames));
  return site("logger", level, method, call, hasTraceback, receiverText, false);
}

/** An Error object (or its stack) handed to a logger (`logger.error(err)`, `logger.error({ err }, "…")`, `err.stack`). */
function passesError(expr: Expr, model: FileModel, handlerNames: Set<string>): boolean {
  if (expr.type === "name") return handlerNames.has(expr.name) || /^(?:err|error|e|ex|exc)$/.test(expr.name);
  if (expr.type === "attr") return expr.name === "stack";
  if (expr.type === "dict") {
    const text = model.text.slice(expr.range[0], expr.range[1]);
    return /\berr(?:or)?\b/.test(text) && !/\.message\b/.test(text);
  }
  return false;
}

function site(
  kind: LogSite["kind"],
  level: LogLevel | null,
  method: string,
  call: Call,
  hasTraceback: boolean,
  receiverText: string | null,
  isRoot: boolean,
): LogSite {
  const range = kind === "print" ? call.calleeRange : call.range;
  return { kind, level, method, range, call: call.id, hasTraceback, receiverText, isRoot };
}

/** Dotted name an expression resolves to through imports (`sys.stderr`), or null. */
export function calleeOfExpr(expr: Expr, model: FileModel): string | null {
  const parts: string[] = [];
  let e: Expr = expr;
  while (e.type === "attr") {
    parts.unshift(e.name);
    e = e.object;
  }
  if (e.type !== "name") return null;
  const binding = findImport(model, e.name);
  if (!binding) return null;
  return [binding, ...parts].join(".");
}

function findImport(model: FileModel, local: string): string | null {
  for (let i = model.imports.length - 1; i >= 0; i--) {
    const imp = model.imports[i]!;
    if (imp.local === local) return imp.target;
  }
  return null;
}

export function buildLogSites(model: FileModel): LogSite[] {
  const loggers = loggerBindings(model);
  const sites: LogSite[] = model.logSites.filter((s) => s.kind === "console");
  if (model.language === "python") {
    for (let at = 0; at < model.calls.length; at++) {
      const call = model.calls[at]!;
      const s = pythonSite(call, model, loggers);
      if (s) sites.push(s);
    }
  } else {
    const handlerNames = new Set(model.handlers.map((h) => h.name).filter((n): n is string => n !== null));
    // console.error(err) prints the stack as a logger given the error does.
    for (const s of sites) {
      const call = s.call === null ? undefined : model.calls[s.call];
      if (call) s.hasTraceback = call.args.some((a) => passesError(a.value, model, handlerNames));
    }
    for (let at = 0; at < model.calls.length; at++) {
      const call = model.calls[at]!;
      const s = jsSite(call, model, loggers, handlerNames);
      if (s) sites.push(s);
    }
  }
  return sites.sort((a, b) => a.range[0] - b.range[0]);
}

/**
 * Needles (see ../engine/needles.ts) for JS/TS logger sites: a level method (or `child`/`bind`,
 * which make another logger) on a receiver named like a logger (`this.logger.info`, `log?.warn`,
 * `trainLogger["error"]`), or the module of a logger factory or logging library (a name bound to
 * `pino()` is a logger whatever it is called; a factory's callee names its import). Every logger
 * site has one or the other. The rules share them, so a run with all of them scans for them once.
 */
export const JS_LOGGER_NEEDLES: readonly RegExp[] = [
  new RegExp(
    `(?:log|logger|LOG|LOGGER|Logger)[\\s!?)]*(?:\\.\\s*|\\[\\s*["'\`])(?:${[...JS_LEVELS.keys(), "log", "child", "getChild", "bind"].join("|")})(?![\\w$])`,
  ),
  new RegExp([...new Set(JS_LOGGER_FACTORIES.map(dottedHead)), "npmlog", "signale"].join("|")),
];
