import type { CheckResult } from "../engine/check.js";

/** A workflow command's message: `%`, CR and LF escaped, as GitHub's actions toolkit does. */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A workflow command's property value: also `:` and `,`, which would end the value. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

function command(kind: "error" | "warning", props: [string, string | number][], message: string): string {
  const list = props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(",");
  return `::${kind} ${list}::${escapeData(message)}`;
}

/** GitHub Actions annotations: one workflow command per finding and per file that could not be analysed. */
export function formatGithub(result: CheckResult): string {
  const lines = result.findings.map((f) =>
    command(
      f.severity,
      [
        ["file", f.file],
        ["line", f.line],
        ["col", f.column],
        ["endLine", f.endLine],
        ["endColumn", f.endColumn],
        ["title", `logical/${f.ruleId}`],
      ],
      f.message,
    ),
  );
  for (const e of result.errors) {
    lines.push(
      command(
        "error",
        [
          ["file", e.file],
          ["title", "logical: could not analyse"],
        ],
        e.message,
      ),
    );
  }
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}

/** Markdown for `$GITHUB_STEP_SUMMARY`: findings counted by rule and step. The CLI appends it to that file. */
export function formatGithubSummary(result: CheckResult): string {
  const counts = new Map<string, { step: number; error: number; warning: number }>();
  for (const f of result.findings) {
    const c = counts.get(f.ruleId) ?? { step: f.step, error: 0, warning: 0 };
    c[f.severity]++;
    counts.set(f.ruleId, c);
  }
  const total = result.summary.error + result.summary.warning;
  const out = [
    "## logical",
    "",
    total === 0
      ? `No problems in ${result.files} ${result.files === 1 ? "file" : "files"}.`
      : `${total} ${total === 1 ? "problem" : "problems"} (${result.summary.error} ${result.summary.error === 1 ? "error" : "errors"}, ${result.summary.warning} ${result.summary.warning === 1 ? "warning" : "warnings"}) in ${result.files} ${result.files === 1 ? "file" : "files"}.`,
  ];
  if (counts.size > 0) {
    out.push("", "| Rule | Step | Errors | Warnings |", "| --- | --- | ---: | ---: |");
    const rows = [...counts].sort(([a, x], [b, y]) => x.step - y.step || (a < b ? -1 : a > b ? 1 : 0));
    for (const [id, c] of rows) out.push(`| \`${id}\` | ${c.step} | ${c.error} | ${c.warning} |`);
  }
  if (result.errors.length > 0) {
    out.push("", `${result.errors.length} ${result.errors.length === 1 ? "file" : "files"} could not be analysed.`);
  }
  return `${out.join("\n")}\n`;
}
