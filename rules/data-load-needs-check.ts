import { createRule } from "../src/engine/rule.js";
import { isTestOrDemo } from "../src/model/queries.js";
import { textOf } from "../src/model/source.js";
import { dataChecked, stageSites } from "../src/stages/detect.js";

export interface DataLoadNeedsCheckOptions {
  includeTests: boolean;
}

/** Loaders of bundled or lazily streamed data: nothing to check at the load. */
const NOT_CHECKED = /^(?:sklearn\.datasets\.|torchvision\.datasets\.|torch\.utils\.data\.DataLoader$|tensorflow\.)/;

export default createRule<DataLoadNeedsCheckOptions>({
  meta: {
    id: "data-load-needs-check",
    step: 5,
    description:
      "Training data is checked (empty, size, range) right after it is read, and the job fails loudly when it is wrong",
    languages: ["python", "javascript"],
    fixable: false,
    defaultSeverity: "error",
    skipsTests: true,
    needsProjectFacts: true,
  },
  defaultOptions: { includeTests: false },
  check({ file, project, options, report }) {
    if (isTestOrDemo(file, project) && !options.includeTests) return;
    const checkedByCaller = new Set(project.checkedCallees);
    for (const site of stageSites(file, project.stages)) {
      if (site.stage !== "read-data" || site.call === null || NOT_CHECKED.test(site.marker)) continue;
      const call = file.calls[site.call]!;
      if (call.assignedTo.length > 0 && dataChecked(file, call, call.assignedTo)) continue;
      const fn = file.scopes[site.scope]!;
      if (fn.kind !== "module" && checkedByCaller.has(fn.name)) continue;
      const callee = textOf(file, call.calleeRange).replace(/\s+/g, "");
      const name = call.assignedTo[0] ?? (file.language === "python" ? "df" : "rows");
      const example =
        file.language === "python"
          ? `\`if ${name}.empty: logger.error(…); raise …\``
          : `\`if (${name}.length === 0) { log.error(…); throw … }\``;
      report({
        range: call.calleeRange,
        message: `read-data: the data \`${callee}(…)\` returns is used unchecked; if it is empty or out of range, log an error and fail: ${example} (step 5).`,
      });
    }
  },
});
