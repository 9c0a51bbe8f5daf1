import { JS_LOGGER_NEEDLES } from "../src/model/log-sites.js";
import { createRule } from "../src/engine/rule.js";
import {
  failsAfter,
  functionName,
  isErrorListener,
  isolatesCallback,
  isTestOrDemo,
  isWordlessLiteral,
  isWrittenReturn,
  messageArg,
  recordsFailure,
} from "../src/model/queries.js";
import { textOf } from "../src/model/source.js";
import type { Call, FileModel, LogSite } from "../src/model/types.js";

const FAIL_ADVICE = {
  python: "fail (raise, return a failure, `sys.exit(1)`) or log a warning instead",
  javascript:
    "fail (throw, return a failure, set `process.exitCode`, answer with an HTTP error) or log a warning instead",
} as const;

/** Functions whose job is to report (`log_error`, `default_exception_handler`, `onError`, `printUsage`): their callers decide. */
const REPORTING_PREFIX = /^_*(?:log|logger|report|warn|error|print|show|display|emit|handle|on)(?:[A-Z_]|$)/;
const REPORTING_SUFFIX = /(?:handler|errors?|exception)$/i;

function isReportingFunction(name: string): boolean {
  return REPORTING_PREFIX.test(name) || REPORTING_SUFFIX.test(name);
}

export interface ErrorMustFailOptions {
  /** Also report in test files. */
  includeTests: boolean;
}

/**
 * A wrapper that forwards its parameter as the message (`def error(msg): logger.error(msg)`)
 * is not the place that decides whether to fail: its callers are.
 */
function forwardsParameter(file: FileModel, site: LogSite, call: Call): boolean {
  const params = file.scopes[call.scope]!.params;
  const message = messageArg(file, site);
  if (message?.value.type === "name" && params.includes(message.value.name)) return true;
  if (isWordlessLiteral(message?.value)) return true;
  // `error(...args) { console.error(...args) }`, `console.error.apply(console, arguments)`.
  return call.args.some(
    (a) =>
      (a.kind === "spread" || a.kind === "kwspread") &&
      a.value.type === "name" &&
      (params.includes(a.value.name) || a.value.name === "arguments"),
  );
}

export default createRule<ErrorMustFailOptions>({
  meta: {
    id: "error-must-fail",
    step: 5,
    description: "ERROR logs after which the code carries on as if nothing happened",
    languages: ["python", "javascript"],
    fixable: false,
    defaultSeverity: "error",
    needles: {
      python: ["error", "exception", "critical", "fatal", "ERROR", "CRITICAL", "FATAL"],
      javascript: ["console", ...JS_LOGGER_NEEDLES],
    },
    skipsTests: true,
  },
  defaultOptions: { includeTests: false },
  check({ file, project, options, report }) {
    if (isTestOrDemo(file, project) && !options.includeTests) return;
    for (const site of file.logSites) {
      if (site.call === null || (site.level !== "error" && site.level !== "critical")) continue;
      if (site.kind !== "logger" && site.kind !== "console") continue;
      const call = file.calls[site.call]!;
      // Straight in `if __name__ == "__main__":`, reacting to nothing, a log line is a demonstration.
      if (file.mainBlock !== null && file.statements[call.statement]!.block === file.mainBlock) continue;
      if (failsAfter(file, call.statement) || isWrittenReturn(file, call.statement)) continue;
      const caught = call.handler === null ? null : file.handlers[call.handler]!.name;
      if (recordsFailure(file, call.statement, caught)) continue;
      if (forwardsParameter(file, site, call) || isReportingFunction(functionName(file, call.scope))) continue;
      if (isErrorListener(file, call.scope)) continue;
      if (call.handler !== null && isolatesCallback(file, file.handlers[call.handler]!)) continue;
      const written = textOf(file, call.calleeRange).replace(/\s+/g, "");
      report({
        range: call.calleeRange,
        message: `\`${written}\` and then the code carries on: ${FAIL_ADVICE[file.language]} (step 5).`,
      });
    }
  },
});
