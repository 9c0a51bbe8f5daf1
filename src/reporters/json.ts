import type { CheckResult } from "../engine/check.js";

/** The JSON contract, version 1: exactly these fields, in this order. */
export function formatJson(result: CheckResult): string {
  const contract = {
    version: result.version,
    files: result.files,
    findings: result.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      step: f.step,
      file: f.file,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      message: f.message,
      fixable: f.fixable,
    })),
    errors: result.errors.map((e) => ({ file: e.file, message: e.message })),
    summary: { error: result.summary.error, warning: result.summary.warning },
  };
  return `${JSON.stringify(contract, null, 2)}\n`;
}
