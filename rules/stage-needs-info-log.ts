import { createRule } from "../src/engine/rule.js";
import { isTestOrDemo } from "../src/model/queries.js";
import { textOf } from "../src/model/source.js";
import { STAGES, type StageId } from "../src/stages/catalog.js";
import { DEFAULT_COVERAGE, stageSites, stageStatuses } from "../src/stages/detect.js";

export interface StageNeedsInfoLogOptions {
  /** Statements between a stage call and its INFO log, in their nearest common block. */
  window: number;
  /** Count `console.info`/`console.log` as a stage's log (off: step 1 turns them into logger calls). */
  countConsole: boolean;
  /** Also report in test, example and benchmark files. */
  includeTests: boolean;
}

export default createRule<StageNeedsInfoLogOptions>({
  meta: {
    id: "stage-needs-info-log",
    step: 3,
    description: "Critical stages of training and serving (read data, each epoch, save the model, …) need an INFO log",
    languages: ["python", "javascript"],
    fixable: false,
    defaultSeverity: "warn",
    skipsTests: true,
    needsProjectFacts: true,
  },
  defaultOptions: { window: DEFAULT_COVERAGE.window, countConsole: false, includeTests: false },
  check({ file, project, options, report }) {
    if (isTestOrDemo(file, project) && !options.includeTests) return;
    const coverage = { window: options.window, countConsole: options.countConsole };
    for (const { site, logged } of stageStatuses(file, project, project.stages, coverage)) {
      if (logged) continue;
      const stage = STAGES[site.stage];
      const where =
        site.lifespanYield !== undefined
          ? ` (lifespan \`${file.scopes[site.body!]!.name}\`, ${lifespanPart(site.stage, site.lifespanYield)})`
          : site.call !== null && site.stage !== "startup"
            ? ` (\`${textOf(file, file.calls[site.call]!.calleeRange).replace(/\s+/g, "")}\`)`
            : "";
      report({ range: site.range, message: `${site.stage}${where} has no INFO log: log ${stage.what} (step 3).` });
    }
    // A server that starts with no shutdown handling anywhere stops without a word.
    if (project.handlesShutdown || project.stages?.shutdown === false) return;
    const sites = stageSites(file, project.stages);
    if (sites.some((s) => s.stage === "shutdown")) return;
    for (const ready of sites) {
      if (ready.stage !== "ready-for-serving" || ready.selfStopping) continue;
      report({
        range: ready.range,
        message:
          "shutdown: the service has no shutdown handling (a SIGTERM/SIGINT handler, atexit, a shutdown hook); add one and log that it is shutting down, and why (step 3).",
      });
    }
  },
});

/** Where in a lifespan a site's log belongs. */
function lifespanPart(stage: StageId, yielded: number | null): string {
  if (yielded === null) return "which has no `yield`";
  return stage === "startup" ? "before its `yield`" : "after its `yield`";
}
