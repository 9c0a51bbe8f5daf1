import { stageSiteNeedles } from "../src/stages/needles.js";
import { createRule } from "../src/engine/rule.js";
import { isTestOrDemo } from "../src/model/queries.js";
import { STAGES } from "../src/stages/catalog.js";
import { coveringLogs, DEFAULT_COVERAGE, missingDetail, stageSites } from "../src/stages/detect.js";

export interface StageLogHasDetailsOptions {
  /** Statements between a stage call and its INFO log (as in `stage-needs-info-log`). */
  window: number;
  countConsole: boolean;
  includeTests: boolean;
}

export default createRule<StageLogHasDetailsOptions>({
  meta: {
    id: "stage-log-has-details",
    step: 4,
    description:
      "A stage's INFO log carries useful details: a value, and rows for data, metrics for evaluation, the destination for artifacts",
    languages: ["python", "javascript"],
    fixable: false,
    defaultSeverity: "warn",
    skipsTests: true,
    // It reports at stage sites only (request handlers are stage sites).
    needles: (_, stages) => stageSiteNeedles(stages),
  },
  defaultOptions: { window: DEFAULT_COVERAGE.window, countConsole: false, includeTests: false },
  check({ file, project, options, report }) {
    if (isTestOrDemo(file, project) && !options.includeTests) return;
    const coverage = { window: options.window, countConsole: options.countConsole };
    for (const site of stageSites(file, project.stages)) {
      const logs = coveringLogs(file, site, coverage);
      if (logs.length === 0 || logs.some((l) => missingDetail(file, site.stage, l) === null)) continue;
      const closest = logs[0]!;
      const missing = missingDetail(file, site.stage, closest)!;
      report({
        range: file.calls[closest.call!]!.calleeRange,
        message: `${site.stage}: this log has no ${missing}; log ${STAGES[site.stage].what} (step 4).`,
      });
    }
  },
});
