import type { CheckResult } from "../engine/check.js";
import { ruleDocsUrl, type RuleMeta } from "../engine/rule.js";

export interface SarifOptions {
  /** Every rule logical knows (not only those that found something), so `ruleIndex` is stable across runs. */
  rules: readonly RuleMeta[];
  version: string;
}

export const SARIF_SCHEMA_URI =
  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
const INFORMATION_URI = "https://github.com/logical-lint/logical";

/** A `/`-separated relative path as a relative URI reference: each segment percent-encoded. */
function fileUri(file: string): string {
  return file.split("/").map(encodeURIComponent).join("/");
}

/**
 * SARIF 2.1.0, for GitHub code scanning and other viewers: one run, the rules with their step and
 * docs URL, one result per finding. Files that could not be analysed become tool execution
 * notifications (they are not rule violations). A fixable finding carries its fix (the edits of
 * `logical fix`) as a SARIF fix object.
 */
export function formatSarif(result: CheckResult, { rules, version }: SarifOptions): string {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "logical",
            version,
            informationUri: INFORMATION_URI,
            rules: rules.map((r) => ({
              id: r.id,
              shortDescription: { text: r.description },
              helpUri: ruleDocsUrl(r.id),
              defaultConfiguration: { level: r.defaultSeverity === "error" ? "error" : "warning" },
              properties: { step: r.step, languages: [...r.languages], fixable: r.fixable },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: result.errors.length === 0,
            toolExecutionNotifications: result.errors.map((e) => ({
              level: "error",
              message: { text: e.message },
              locations: [{ physicalLocation: { artifactLocation: { uri: fileUri(e.file) } } }],
            })),
          },
        ],
        results: result.findings.map((f) => ({
          ruleId: f.ruleId,
          ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
          level: f.severity,
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: fileUri(f.file) },
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
              },
            },
          ],
          ...(f.fix
            ? {
                fixes: [
                  {
                    description: { text: f.fix.title },
                    artifactChanges: [
                      {
                        artifactLocation: { uri: fileUri(f.file) },
                        // UTF-16 offsets into the text without its BOM, as ESLint's ranges (and
                        // @microsoft/eslint-formatter-sarif's regions) are.
                        replacements: f.fix.edits.map((e) => ({
                          deletedRegion: { charOffset: e.range[0], charLength: e.range[1] - e.range[0] },
                          insertedContent: { text: e.text },
                        })),
                      },
                    ],
                  },
                ],
              }
            : {}),
          properties: { step: f.step, fixable: f.fixable },
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
