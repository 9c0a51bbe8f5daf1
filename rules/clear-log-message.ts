import { JS_LOGGER_NEEDLES } from "../src/model/log-sites.js";
import { createRule } from "../src/engine/rule.js";
import { handlerRaises, isBroadHandler, isTestOrDemo, messageArg } from "../src/model/queries.js";
import type { Arg, Call, Expr, FileModel, LogSite } from "../src/model/types.js";

export interface ClearLogMessageOptions {
  /** More messages that explain nothing, compared after lower-casing and dropping punctuation. */
  genericMessages: string[];
  /** Messages that stay allowed even though they are in the list or one word long. */
  allow: string[];
  /** In `except SomeError as e:` (not re-raised), also report constant messages that leave `e` out. */
  requireExceptionDetail: boolean;
  /** Also report in test files. */
  includeTests: boolean;
}

/** The post's "not 'an error occurred'", and its relatives. Compared normalised (see `normalise`). */
export const GENERIC_MESSAGES: readonly string[] = [
  "error",
  "errors",
  "an error occurred",
  "an error occured",
  "an error has occurred",
  "error occurred",
  "some error occurred",
  "there was an error",
  "there was a problem",
  "error happened",
  "unknown error",
  "unexpected error",
  "an unexpected error occurred",
  "internal error",
  "fatal error",
  "something went wrong",
  "something bad happened",
  "something failed",
  "failed",
  "failure",
  "fail",
  "warning",
  "warn",
  "exception",
  "an exception occurred",
  "exception occurred",
  "caught exception",
  "oops",
  "whoops",
  "uh oh",
  "problem",
  "bad",
  "invalid",
  "not ok",
  "should not happen",
  "this should not happen",
];

/** Lower case, placeholders (`%s`, `{}`, `%(name)s`) and punctuation dropped, spaces collapsed. */
function normalise(message: string): string {
  return message
    .toLowerCase()
    .replace(/%(?:\([^)]*\))?[-+ #0]*\d*(?:\.\d+)?[sdifreEgGxXocra%]|\{[^}]*\}/g, " ")
    .replace(/[^\p{L}\p{N}\s]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

interface MessageText {
  /** The literal text of the message. */
  text: string;
  /** The message interpolates a value (`f"{x}"`, `"a" + b`). */
  interpolates: boolean;
}

/** The literal text of a message expression; null when it is not written out (a variable, a call). */
function messageText(expr: Expr): MessageText | null {
  switch (expr.type) {
    case "str":
      return { text: expr.value, interpolates: false };
    case "fstring":
      return {
        text: expr.parts.map((p) => (p.kind === "text" ? p.value : "{}")).join(""),
        interpolates: expr.parts.some((p) => p.kind === "expr"),
      };
    case "binop": {
      if (expr.op !== "+") return null;
      const left = messageText(expr.left);
      const right = messageText(expr.right);
      if (left === null && right === null) return null;
      return {
        text: (left?.text ?? "{}") + (right?.text ?? "{}"),
        interpolates: left === null || right === null || left.interpolates || right.interpolates,
      };
    }
    default:
      return null;
  }
}

/** Anything besides the message that carries a value: `%`-args, pino's object, `extra=`, console's extra values. */
function hasOtherValues(site: LogSite, call: Call, message: Arg): boolean {
  // warnings.warn's other arguments are its category and stacklevel, never a value.
  if (site.kind === "warnings") return false;
  return call.args.some(
    (a) => a !== message && !(a.kind === "keyword" && /^(?:stacklevel|stack_info)$/.test(a.name ?? "")),
  );
}

/** In a typed `except … as e` that the log ignores: `e` was there to tell what went wrong. */
function ignoresBoundException(file: FileModel, site: LogSite, call: Call): string | null {
  if (call.handler === null || site.hasTraceback) return null;
  const handler = file.handlers[call.handler]!;
  // Broad handlers are exception-needs-traceback's; a re-raise carries the exception on.
  if (handler.name === null || isBroadHandler(file, handler) || handlerRaises(file, handler)) return null;
  return handler.name;
}

export default createRule<ClearLogMessageOptions>({
  meta: {
    id: "clear-log-message",
    step: 6,
    description: "WARNING/ERROR messages that explain nothing: empty, generic ('an error occurred'), no words",
    languages: ["python", "javascript"],
    fixable: false,
    defaultSeverity: "warn",
    needles: {
      python: ["warn", "error", "exception", "critical", "fatal", "WARN", "ERROR", "CRITICAL", "FATAL"],
      javascript: ["console", ...JS_LOGGER_NEEDLES],
    },
    skipsTests: true,
  },
  defaultOptions: { genericMessages: [], allow: [], requireExceptionDetail: false, includeTests: false },
  check({ file, project, options, report }) {
    if (isTestOrDemo(file, project) && !options.includeTests) return;
    const generic = new Set([...GENERIC_MESSAGES, ...options.genericMessages.map(normalise)]);
    const allowed = new Set(options.allow.map(normalise));
    for (const site of file.logSites) {
      if (site.call === null || site.level === null || site.level === "debug" || site.level === "info") continue;
      const call = file.calls[site.call]!;
      const message = messageArg(file, site);
      if (message === null) continue;
      const text = messageText(message.value);
      if (text === null) continue;
      const words = normalise(text.text);
      if (allowed.has(words)) continue;
      const dynamic = text.interpolates || hasOtherValues(site, call, message);
      let problem: string | null = null;
      // `console.error("")` prints a blank separator line in JS; a Python log record is never one.
      if (!dynamic && text.text.trim() === "") problem = file.language === "javascript" ? null : "is empty";
      else if (!dynamic && generic.has(words)) problem = "is generic";
      else if (!dynamic && !/\p{L}{3}/u.test(words)) problem = "has no words";
      else if (!dynamic && options.requireExceptionDetail) {
        const ignored = ignoresBoundException(file, site, call);
        if (ignored !== null) problem = `says nothing of the caught \`${ignored}\``;
      }
      if (problem === null) continue;
      report({
        range: message.range,
        message: `The ${site.level === "warning" ? "warning" : "error"} message ${problem}: say what went wrong, with the values that show it (step 6).`,
      });
    }
  },
});
