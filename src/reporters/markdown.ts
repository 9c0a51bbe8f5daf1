import type { CheckResult } from "../engine/check.js";
import { ruleDocsUrl } from "../engine/rule.js";

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Text safe inside a table cell: `|` escaped, line breaks as `<br>`. */
function cell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");
}

/** A table for a pull-request comment: a summary line, then one row per finding. */
export function formatMarkdown(result: CheckResult): string {
  const total = result.summary.error + result.summary.warning;
  const out: string[] = [];
  if (total === 0) out.push(`**logical**: no problems in ${plural(result.files, "file")}.`);
  else {
    out.push(
      `**logical**: ${plural(total, "problem")} (${plural(result.summary.error, "error")}, ${plural(result.summary.warning, "warning")}) in ${plural(result.files, "file")}.`,
      "",
      "| File | Rule | Step | Severity | Message |",
      "| --- | --- | ---: | --- | --- |",
    );
    for (const f of result.findings) {
      out.push(
        `| \`${cell(f.file)}:${f.line}\` | [${f.ruleId}](${ruleDocsUrl(f.ruleId)}) | ${f.step} | ${f.severity} | ${cell(f.message)} |`,
      );
    }
  }
  if (result.errors.length > 0) {
    out.push("", `Could not analyse ${plural(result.errors.length, "file")}:`, "");
    for (const e of result.errors) out.push(`- \`${e.file}\`: ${cell(e.message)}`);
  }
  return `${out.join("\n")}\n`;
}
