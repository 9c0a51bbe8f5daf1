import { planPrintFixes, type JsLoggerOptions, type SiteOutcome } from "../src/codemod/plan.js";
import { DEFAULT_JS_LOGGER, partialModelSuffices } from "../src/codemod/js-console.js";
import { createRule } from "../src/engine/rule.js";
import { textOf } from "../src/model/source.js";
import type { LogSite } from "../src/model/types.js";

export interface NoPrintOptions {
  /** Console methods (or `print`/`pprint`) that stay allowed, e.g. `["error"]`. */
  allow: string[];
  /** Also report in test files (`test_*.py`, `*.test.ts`, `tests/**`, …). */
  includeTests: boolean;
  /** JS/TS: the project's logger, which the fix imports (`logical fix` detects or creates it). */
  logger: Partial<JsLoggerOptions>;
}

/** What the output should become: DEBUG for prints, the console method's own level otherwise. */
function advice(site: LogSite): string {
  const leveled =
    site.kind === "console" && (site.level === "info" || site.level === "warning" || site.level === "error");
  return leveled
    ? "output should be a logger call at its level (step 1)."
    : "development output should be a DEBUG log (step 1).";
}

function describe(site: LogSite, written: string): string {
  if (site.kind === "print" && site.method === "print") return "`print` found";
  return `\`${written.replace(/\s+/g, "")}\` found`;
}

/** Sites left for a human say why, so `logical check` after `logical fix` explains every finding. */
function noteOf(outcome: SiteOutcome | undefined): string {
  if (!outcome || outcome.kind === "fix") return "";
  return ` Not converted automatically: ${outcome.note}.`;
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
    eslintRules: ["no-console"],
    // `print` also covers `pprint`, `pp` imported from pprint, and `builtins.print`.
    needles: { python: ["print"], javascript: ["console"] },
    // JS/TS: the console uses, and what the fix plan reads besides the module level: the names a
    // logger goes by (`logger`, `log`, `appLogger`, the configured export) and nested imports.
    statementWords: (options) => {
      const exported = (options.logger as Partial<JsLoggerOptions> | undefined)?.export;
      return ["console", "log", "Log", "LOG", "require", "import", ...(exported ? [exported] : [])];
    },
    partialSuffices: (model, project, options, keep) =>
      partialModelSuffices(
        model,
        project,
        { ...DEFAULT_JS_LOGGER, ...(options.logger as Partial<JsLoggerOptions> | undefined) },
        keep,
      ),
  },
  defaultOptions: { allow: [], includeTests: false, logger: {} },
  check({ file, project, options, report }) {
    if (file.role === "test" && !options.includeTests) return;
    const sites = file.logSites.filter(
      (site) => (site.kind === "print" || site.kind === "console") && !options.allow.includes(site.method),
    );
    const plan = planPrintFixes(file, sites, project, { ...DEFAULT_JS_LOGGER, ...options.logger });
    for (const site of sites) {
      const outcome = plan.get(site);
      report({
        range: site.range,
        message: `${describe(site, textOf(file, site.range))}: ${advice(site)}${noteOf(outcome)}`,
        ...(outcome?.kind === "fix" ? { fix: outcome.fix } : {}),
        ...(outcome?.kind === "suggestion" ? { suggestions: [outcome.fix] } : {}),
      });
    }
  },
});
