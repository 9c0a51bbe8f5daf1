import type { ChalkInstance } from "chalk";
import type { CheckResult, Finding } from "../engine/check.js";

export interface StylishOptions {
  colors: ChalkInstance;
  /** Source text by file, for `--code-frame`. */
  sources?: ReadonlyMap<string, string>;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function codeFrame(text: string, f: Finding, c: ChalkInstance): string {
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  const width = String(Math.min(lines.length, f.line + 1)).length;
  for (let n = Math.max(1, f.line - 1); n <= Math.min(lines.length, f.line + 1); n++) {
    const marker = n === f.line ? c.red(">") : " ";
    out.push(`  ${marker} ${c.dim(String(n).padStart(width))} | ${lines[n - 1]}`);
    if (n === f.line) {
      const span = f.endLine === f.line ? Math.max(1, f.endColumn - f.column) : 1;
      out.push(`    ${" ".repeat(width)} | ${" ".repeat(f.column - 1)}${c.red("^".repeat(span))}`);
    }
  }
  return out.join("\n");
}

/** Findings grouped by file, in the layout ESLint users know. */
export function formatStylish(result: CheckResult, { colors: c, sources }: StylishOptions): string {
  const out: string[] = [];
  let file = "";
  for (const f of result.findings) {
    if (f.file !== file) {
      if (file !== "") out.push("");
      file = f.file;
      out.push(c.underline(f.file));
    }
    const sev = f.severity === "error" ? c.red("error") : c.yellow("warning");
    out.push(`  ${c.dim(`${f.line}:${f.column}`)}  ${sev}  ${f.message}  ${c.dim(f.ruleId)}`);
    const text = sources?.get(f.file);
    if (text !== undefined) out.push(codeFrame(text, f, c));
  }
  if (result.errors.length > 0) {
    if (out.length > 0) out.push("");
    out.push(c.bold(`Could not analyse ${plural(result.errors.length, "file")}:`));
    for (const e of result.errors) out.push(`  ${c.underline(e.file)}: ${e.message}`);
  }
  const total = result.summary.error + result.summary.warning;
  if (total > 0) {
    out.push("");
    const line = `✖ ${plural(total, "problem")} (${plural(result.summary.error, "error")}, ${plural(result.summary.warning, "warning")})`;
    out.push(result.summary.error > 0 ? c.red.bold(line) : c.yellow.bold(line));
    const fixable = result.findings.filter((f) => f.fixable).length;
    if (fixable > 0) out.push(c.dim(`  ${plural(fixable, "problem")} can be converted with \`logical fix\`.`));
  } else {
    if (out.length > 0) out.push("");
    out.push(c.green(`✔ No problems in ${plural(result.files, "file")}.`));
  }
  return `${out.join("\n")}\n`;
}
