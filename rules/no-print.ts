import { createRule } from "../src/engine/rule.js";
import { textOf } from "../src/model/source.js";
import type { LogSite } from "../src/model/types.js";

export interface NoPrintOptions {
  /** Console methods (or `print`/`pprint`) that stay allowed, e.g. `["error"]`. */
  allow: string[];
  /** Also report in test files (`test_*.py`, `*.test.ts`, `tests/**`, …). */
  includeTests: boolean;
}

/** What the output should become: DEBUG for prints, the console method's own level otherwise. */
function advice(site: LogSite): string {
  const leveled = site.kind === "console" && (site.level === "info" || site.level === "warning" || site.level === "error");
  return leveled ? "output should be a logger call at its level (step 1)." : "development output should be a DEBUG log (step 1).";
}

function describe(site: LogSite, written: string): string {
  if (site.kind === "print" && site.method === "print") return "`print`";
  return `\`${written.replace(/\s+/g, "")}\``;
}

export default createRule<NoPrintOptions>({
  meta: {
    id: "no-print",
    step: 1,
    description: "print / pprint / console output where a DEBUG log belongs",
    languages: ["python", "javascript"],
    fixable: false,
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
        message: `${describe(site, written)} found: ${advice(site)}`,
      });
    }
  },
});
