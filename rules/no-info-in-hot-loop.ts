import { JS_LOGGER_NEEDLES } from "../src/model/log-sites.js";
import { createRule } from "../src/engine/rule.js";
import {
  enclosingIfs,
  hasModulo,
  isEpochLoop,
  isFixedIterable,
  isTestOrDemo,
  iterText,
  leavesLoopAfter,
  looksLikeBatches,
} from "../src/model/queries.js";
import { textOf } from "../src/model/source.js";
import type { Call, FileModel, Fix, Loop, LogSite } from "../src/model/types.js";

export interface NoInfoInHotLoopOptions {
  /** Also report in test files. */
  includeTests: boolean;
}

/** Framework callbacks that run once per batch or step (Keras, Lightning, Hugging Face `TrainerCallback`). */
const PER_BATCH_CALLBACK =
  /^(?:on_(?:train_|test_|predict_|validation_)?batch_(?:begin|end|start)|(?:training|validation|test|predict)_step|on_step_(?:begin|end)|on(?:Train|Test|Predict)?Batch(?:Begin|End))$/;

/** Why the loop around this call is hot, or null. */
function hotLoop(file: FileModel, call: Call): { loop: Loop | null; why: string } | null {
  const loops = call.loops.map((id) => file.loops[id]!);
  const inner = loops[loops.length - 1];
  if (inner !== undefined) {
    const batches = [...loops].reverse().find((l) => looksLikeBatches(file, l));
    if (batches) return { loop: batches, why: `a per-item loop over \`${iterText(file, batches)}\`` };
    const epochs = loops.slice(0, -1).some((l) => isEpochLoop(file, l));
    if (epochs && !isFixedIterable(file, inner.iter)) return { loop: inner, why: "a loop inside the epoch loop" };
  }
  for (let s: number | null = call.scope; s !== null; s = file.scopes[s]!.parent) {
    const scope = file.scopes[s]!;
    if (scope.kind === "function" && PER_BATCH_CALLBACK.test(scope.name))
      return { loop: null, why: `\`${scope.name}\`, which runs once per batch` };
    if (scope.kind === "function") break;
  }
  return null;
}

/** Logging every N steps (`if step % 100 == 0:`), or once before leaving the loop, is not per item. */
function throttled(file: FileModel, call: Call, loop: Loop | null): boolean {
  const stop = loop?.body ?? file.scopes[call.scope]!.body;
  if (enclosingIfs(file, call.statement, stop).some((s) => hasModulo(s.expr))) return true;
  return (
    loop !== null && (loop.kind === "for" || loop.kind === "while") && leavesLoopAfter(file, call.statement, loop.body)
  );
}

function downgrade(file: FileModel, site: LogSite, call: Call): Fix | null {
  const end = call.calleeRange[1];
  if (textOf(file, [end - 4, end]) !== "info") return null;
  return { title: "Log at DEBUG", edits: [{ range: [end - 4, end], text: "debug" }] };
}

export default createRule<NoInfoInHotLoopOptions>({
  meta: {
    id: "no-info-in-hot-loop",
    step: 8,
    description: "INFO logs inside per-batch / per-row loops: day-to-day noise",
    languages: ["python", "javascript"],
    fixable: false,
    defaultSeverity: "warn",
    needles: { python: ["info"], javascript: ["console", ...JS_LOGGER_NEEDLES] },
    skipsTests: true,
  },
  defaultOptions: { includeTests: false },
  check({ file, project, options, report }) {
    if (isTestOrDemo(file, project) && !options.includeTests) return;
    for (const site of file.logSites) {
      if (site.call === null || site.level !== "info" || site.method === "log") continue;
      if (site.kind !== "logger" && site.kind !== "console") continue;
      const call = file.calls[site.call]!;
      const hot = hotLoop(file, call);
      if (hot === null || throttled(file, call, hot.loop)) continue;
      const written = textOf(file, call.calleeRange).replace(/\s+/g, "");
      const fix = downgrade(file, site, call);
      report({
        range: call.calleeRange,
        message: `\`${written}\` in ${hot.why}: day-to-day noise; log at DEBUG, every N steps, or once after the loop (step 8).`,
        ...(fix ? { suggestions: [fix] } : {}),
      });
    }
  },
});
