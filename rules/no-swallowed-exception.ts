import { createRule } from "../src/engine/rule.js";
import {
  firstLine,
  handlerAssignsFallback,
  handlerFails,
  handlerUsesException,
  hasExplanation,
  isBroadHandler,
  isEmptyHandler,
  isTestOrDemo,
  positionalArg,
  reportingHandlers,
} from "../src/model/queries.js";
import { lineColAt } from "../src/model/source.js";
import type { FileModel, Handler, Range } from "../src/model/types.js";

export interface NoSwallowedExceptionOptions {
  /** Also report handlers of specific exception types (`except KeyError: pass`), not only broad ones. */
  checkTypedExceptions: boolean;
  /**
   * Also report broad handlers that do something (a fallback, a cleanup) but
   * neither log, re-raise, return nor read the exception. Off by default: on
   * library code these are mostly deliberate fallbacks.
   */
  checkFallbacks: boolean;
  /** A comment in the handler saying why the error is ignored makes it a decision, not an accident. */
  allowExplained: boolean;
  /** Also report in test files. */
  includeTests: boolean;
}

const SWALLOW_ADVICE = {
  python: "log it (a warning if it is expected), re-raise it, or catch only the exception you expect",
  javascript: "log it (a warning if it is expected), rethrow it, or say in a comment why it is safe to ignore",
} as const;

const EMPTY_CATCH = /\bcatch\s*(?:\([^)]*\)\s*)?\{(?:\s|;|continue(?:\s+[\w$]+)?\b|\/\/[^\n]*\n|\/\*[^]*?\*\/)*\}/;

const BROAD_SUPPRESS = new Set(["Exception", "BaseException", "builtins.Exception", "builtins.BaseException"]);

function caught(file: FileModel, handler: Handler): string {
  if (file.language === "javascript") return "`catch`";
  if (handler.types.length === 0) return "bare `except:`";
  return `\`except ${handler.types.join(", ")}\``;
}

/** Where a comment explains ignoring the error: from the line above the `try` to the handler's end. */
function explainedRange(file: FileModel, handler: Handler): Range {
  const tryStart = file.statements[handler.statement]!.range[0];
  const line = lineColAt(file.lineStarts, tryStart).line;
  return [file.lineStarts[Math.max(0, line - 2)]!, handler.range[1]];
}

/** Any `return` in the handler hands the caller a value to check: not silent. */
function handlerReturns(file: FileModel, handler: Handler): boolean {
  return file.blocks[handler.body]!.statements.some((id) => file.statements[id]!.kind === "return");
}

export default createRule<NoSwallowedExceptionOptions>({
  meta: {
    id: "no-swallowed-exception",
    step: 5,
    description: "exception handlers that neither log, re-raise nor return: the error disappears",
    languages: ["python", "javascript"],
    fixable: false,
    defaultSeverity: "error",
    // By default JS reports only empty handlers: `catch (e) {}` (comments and `continue` aside) and `.catch(…)`.
    needles: (options) => ({
      python: ["except", "suppress"],
      javascript: options.checkFallbacks ? ["catch"] : [EMPTY_CATCH, /\.\s*catch\b/],
    }),
    skipsTests: true,
    ruffCodes: ["S110", "S112"],
  },
  defaultOptions: { checkTypedExceptions: false, checkFallbacks: false, allowExplained: true, includeTests: false },
  check({ file, project, options, report }) {
    if (isTestOrDemo(file, project) && !options.includeTests) return;
    let reporting: Set<number> | null = null;
    for (const handler of file.handlers) {
      const broad = isBroadHandler(file, handler);
      if (!broad && !options.checkTypedExceptions) continue;
      const range = firstLine(file, handler.range);
      if (options.allowExplained && hasExplanation(file, explainedRange(file, handler))) continue;
      if (isEmptyHandler(file, handler)) {
        report({
          range,
          message: `${caught(file, handler)} swallows the error: ${SWALLOW_ADVICE[file.language]} (step 5).`,
        });
        continue;
      }
      if (!broad || !options.checkFallbacks) continue;
      reporting ??= reportingHandlers(file);
      if (reporting.has(handler.id) || handlerFails(file, handler) || handlerReturns(file, handler)) continue;
      if (handlerAssignsFallback(file, handler)) continue;
      if (handlerUsesException(file, handler)) continue;
      report({
        range,
        message: `${caught(file, handler)} neither logs, ${file.language === "python" ? "re-raises" : "rethrows"} nor returns: the error disappears; log it or let it propagate (step 5).`,
      });
    }
    for (const call of file.calls) {
      // `with contextlib.suppress(Exception):` is `except Exception: pass` spelled as a context manager.
      if (file.language === "python" && call.callee === "contextlib.suppress") {
        const types = call.args.map((a) => (a.value.type === "name" ? a.value.name : ""));
        if (types.some((t) => BROAD_SUPPRESS.has(t))) {
          report({
            range: call.range,
            message:
              "`contextlib.suppress(Exception)` swallows every error: suppress only what you expect, or log it (step 5).",
          });
        }
      }
      // `promise.catch(() => {})`: an empty catch callback.
      if (call.method === "catch" && call.callbackScopes.length === 1 && positionalArg(call, 1) === undefined) {
        const scope = file.scopes[call.callbackScopes[0]!]!;
        if (file.blocks[scope.body]!.statements.length === 0) {
          const method: Range = [call.calleeRange[1] - "catch".length, call.range[1]];
          report({
            range: method,
            message: "`.catch(() => {})` swallows the rejection: log it or let it propagate (step 5).",
          });
        }
      }
    }
  },
});
