import { JS_LOGGER_NEEDLES } from "../src/model/log-sites.js";
import { createRule } from "../src/engine/rule.js";
import {
  guardedByFlag,
  isTestOrDemo,
  iterText,
  leavesLoopAfter,
  loopsOverData,
  messageArg,
} from "../src/model/queries.js";
import { textOf } from "../src/model/source.js";
import type { FileModel, Loop, LogSite } from "../src/model/types.js";

export interface NoWarningInLoopOptions {
  /** Also report in test files. */
  includeTests: boolean;
}

/** `warnings.warn` with a constant message is shown once per place by Python's default filter: no flood. */
function deduplicatedByPython(file: FileModel, site: LogSite): boolean {
  if (site.kind !== "warnings") return false;
  const message = messageArg(file, site);
  return message !== null && message.value.type === "str";
}

/** The innermost enclosing loop that walks data, if any. */
function innermostDataLoop(file: FileModel, loops: readonly number[]): Loop | null {
  for (let i = loops.length - 1; i >= 0; i--) {
    const loop = file.loops[loops[i]!]!;
    if (loopsOverData(file, loop)) return loop;
  }
  return null;
}

export default createRule<NoWarningInLoopOptions>({
  meta: {
    id: "no-warning-in-loop",
    step: 6,
    description: "WARNING logs inside a loop over data: one per item floods the log",
    languages: ["python", "javascript"],
    fixable: false,
    defaultSeverity: "warn",
    needles: { python: ["warn", "WARN"], javascript: ["console", ...JS_LOGGER_NEEDLES] },
    skipsTests: true,
  },
  defaultOptions: { includeTests: false },
  check({ file, project, options, report }) {
    if (isTestOrDemo(file, project) && !options.includeTests) return;
    for (const site of file.logSites) {
      if (site.call === null || site.level !== "warning") continue;
      const call = file.calls[site.call]!;
      if (call.loops.length === 0 || deduplicatedByPython(file, site)) continue;
      const loop = innermostDataLoop(file, call.loops);
      if (loop === null) continue;
      // Statement-level loops only: `return` in a `forEach` callback goes on to the next item.
      const statementLoop = loop.kind === "for" || loop.kind === "while";
      if (statementLoop && leavesLoopAfter(file, call.statement, loop.body)) continue;
      if (guardedByFlag(file, call.statement, loop.body)) continue;
      const over = iterText(file, loop).replace(/\s+/g, " ");
      const subject = over === "" || over.length > 40 ? "" : ` over \`${over}\``;
      const written = textOf(file, call.calleeRange).replace(/\s+/g, "");
      report({
        range: call.calleeRange,
        message: `\`${written}\` inside a loop${subject}: one warning per item floods the log; count them and warn once after the loop (step 6).`,
      });
    }
  },
});
