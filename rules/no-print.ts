import { createRule } from "../src/engine/rule.js";
import { textOf } from "../src/model/source.js";
import type { LogSite } from "../src/model/types.js";

export interface NoPrintOptions {
  /** Console methods (or `print`/`pprint`) that stay allowed, e.g. `["error"]`. */
  allow: string[];
  /** Also report in test files (`test_*.py`, `*.test.ts`, `tests/**`, …). */
  includeTests: boolean;
}

function describe(site: LogSite, written: string): string {
  if (site.kind === "console") return `\`${written}\``;
  return site.method === "print" ? "`print`" : `\`${written}\``;
}

export default createRule<NoPrintOptions>({
  meta: {
    id: "no-print",
    step: 1,
    description: "print / pprint / console output where a DEBUG log belongs",
    languages: ["python", "javascript"],
    fixable: true,
    defaultSeverity: "error",
    skipsTests: true,
    ruffCodes: ["T201", "T203"],
  },
  defaultOptions: { allow: [], includeTests: false },
  check({ file, options, report }) {
    if (file.role === "test" && !options.includeTests) return;
    for (const site of file.logSites) {
      if (site.kind !== "print" && site.kind !== "console") continue;
      if (options.allow.includes(site.method)) continue;
      const written = textOf(file, site.range);
      report({
        range: site.range,
        message: `${describe(site, written)} found: step 1 of the post makes development output a DEBUG log (logger.debug).`,
      });
    }
  },
});
