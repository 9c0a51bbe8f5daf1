import type { RuleMeta } from "../engine/rule.js";
import { ruleDocsUrl } from "../engine/rule.js";

const LANGUAGE_NAMES = { python: "Python", javascript: "JS/TS" } as const;

/** `logical rules`: a plain table, one rule a line, in step order. */
export function formatRulesTable(rules: readonly RuleMeta[]): string {
  const rows = [
    ["rule", "step", "languages", "fixable", "default"],
    ...sorted(rules).map((r) => [
      r.id,
      String(r.step),
      r.languages.map((l) => LANGUAGE_NAMES[l]).join(", "),
      r.fixable ? "yes" : "no",
      r.defaultSeverity,
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const lines = rows.map((row) =>
    row
      .map((v, i) => (i === row.length - 1 ? v : v.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd(),
  );
  return `${lines.join("\n")}\n`;
}

/** `logical rules --format json`: the same rows, plus the description and docs URL. */
export function formatRulesJson(rules: readonly RuleMeta[]): string {
  const list = sorted(rules).map((r) => ({
    id: r.id,
    step: r.step,
    description: r.description,
    languages: [...r.languages],
    fixable: r.fixable,
    defaultSeverity: r.defaultSeverity,
    docs: ruleDocsUrl(r.id),
  }));
  return `${JSON.stringify(list, null, 2)}\n`;
}

function sorted(rules: readonly RuleMeta[]): RuleMeta[] {
  return [...rules].sort((a, b) => a.step - b.step || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
