import { JS_LOGGER_NEEDLES } from "../src/model/log-sites.js";
import { createRule } from "../src/engine/rule.js";
import { exprReads, handlerRaises, isBroadHandler, isTestOrDemo } from "../src/model/queries.js";
import { textOf } from "../src/model/source.js";
import type { Call, FileModel, Fix, Handler, LogSite } from "../src/model/types.js";

/** Calls that put the traceback into the output some other way: `traceback.print_exc(file=buf)`. */
const TRACEBACK_CALLS = new Set([
  "traceback.print_exc",
  "traceback.format_exc",
  "traceback.print_exception",
  "traceback.format_exception",
  "traceback.print_tb",
  "traceback.format_tb",
]);

export interface ExceptionNeedsTracebackOptions {
  /**
   * Also report handlers of specific exception types (`except ValueError as e:`), whose
   * message is usually the explanation. Off by default: the traceback matters for what you did not expect.
   */
  checkTypedExceptions: boolean;
  /** Also report in scripts (`bin/`, `scripts/`, `tools/`), whose error messages are for the person at the terminal. */
  includeScripts: boolean;
  /** Also report in test files. */
  includeTests: boolean;
}

/** The log reads the caught exception as text: `str(e)`, `f"… {e}"`, `"%s", e`, `err.message`. */
function readsException(file: FileModel, call: Call, handler: Handler): boolean {
  const name = handler.name;
  return name !== null && call.args.some((a) => exprReads(file, a.value, name));
}

/** Python: `logger.error(` → `logger.exception(`, which logs at ERROR with the traceback. */
function useException(file: FileModel, site: LogSite, call: Call): Fix | null {
  if (file.language !== "python" || site.method !== "error") return null;
  const end = call.calleeRange[1];
  if (textOf(file, [end - 5, end]) !== "error") return null;
  return {
    title: "Use `.exception(…)`, which logs the traceback",
    edits: [{ range: [end - 5, end], text: "exception" }],
  };
}

function advice(file: FileModel): string {
  return file.language === "python"
    ? "use `logger.exception(…)` or pass `exc_info=True`"
    : "pass the error object itself (pino: `log.error({ err }, …)`), not its message";
}

export default createRule<ExceptionNeedsTracebackOptions>({
  meta: {
    id: "exception-needs-traceback",
    step: 7,
    description: "error logs in an except/catch that drop the traceback (str(e), err.message)",
    languages: ["python", "javascript"],
    fixable: false,
    defaultSeverity: "error",
    needles: {
      python: ["except"],
      javascript: [["catch", "console"], ...JS_LOGGER_NEEDLES.map((n) => ["catch", n])],
    },
    skipsTests: true,
    ruffCodes: ["TRY400"],
  },
  defaultOptions: { checkTypedExceptions: false, includeScripts: false, includeTests: false },
  check({ file, project, options, report }) {
    if (isTestOrDemo(file, project) && !options.includeTests) return;
    if (file.role === "script" && !options.includeScripts) return;
    // One log in the handler that carries the traceback is enough; one finding per handler is too.
    const handled = new Set<number>();
    for (const site of file.logSites) {
      if (site.hasTraceback && site.call !== null) {
        const handler = file.calls[site.call]!.handler;
        if (handler !== null) handled.add(handler);
      }
    }
    for (const call of file.calls) {
      if (call.handler !== null && call.callee !== null && TRACEBACK_CALLS.has(call.callee)) handled.add(call.handler);
    }
    for (const site of file.logSites) {
      if (site.call === null || site.hasTraceback || (site.level !== "error" && site.level !== "critical")) continue;
      if (site.kind !== "logger" && site.kind !== "console") continue;
      const call = file.calls[site.call]!;
      if (call.handler === null || handled.has(call.handler)) continue;
      const handler = file.handlers[call.handler]!;
      // A re-raised (or wrapped) exception keeps its traceback for whoever catches it.
      if (handlerRaises(file, handler)) continue;
      if (!isBroadHandler(file, handler) && !options.checkTypedExceptions) continue;
      const reads = readsException(file, call, handler);
      if (!reads && !isBroadHandler(file, handler)) continue;
      const what = reads ? `logs \`${handler.name}\` as text only` : "logs no trace of the error";
      const written = textOf(file, call.calleeRange).replace(/\s+/g, "");
      handled.add(handler.id);
      const fix = useException(file, site, call);
      report({
        range: call.calleeRange,
        message: `\`${written}\` in an exception handler ${what}: the traceback is lost; ${advice(file)} (step 7).`,
        ...(fix ? { suggestions: [fix] } : {}),
      });
    }
  },
});
