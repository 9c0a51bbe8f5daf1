/**
 * `logical merge`: combines the JSON results of a sharded run (`check
 * --shard i/n --format json`, one per CI job) into one result, the same as
 * one unsharded run would give.
 */
import { z } from "zod";
import type { CheckResult } from "./check.js";
import { compareFindings } from "./check.js";

const finding = z
  .object({
    ruleId: z.string(),
    severity: z.enum(["error", "warning"]),
    step: z.number().int().min(0).max(8),
    file: z.string(),
    line: z.number().int(),
    column: z.number().int(),
    endLine: z.number().int(),
    endColumn: z.number().int(),
    message: z.string(),
    fixable: z.boolean(),
  })
  .strict();

const resultSchema = z
  .object({
    version: z.literal(1),
    files: z.number().int().min(0),
    findings: z.array(finding),
    errors: z.array(z.object({ file: z.string(), message: z.string() }).strict()),
    summary: z.object({ error: z.number().int(), warning: z.number().int() }).strict(),
  })
  .strict();

/** An input of `logical merge` that is not a JSON result: names the file, the key path and the cause. */
export class MergeInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MergeInputError";
  }
}

/** Parses one `--format json` result; `name` is how errors refer to it. */
export function parseResult(text: string, name: string): CheckResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new MergeInputError(`${name}: not JSON (${(error as Error).message})`);
  }
  const parsed = resultSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.map(String).join(".") || "(root)";
    throw new MergeInputError(`${name}: ${at}: ${issue.message}; expected a \`logical check --format json\` result`);
  }
  return parsed.data as CheckResult;
}

/**
 * One result from several: files add up, findings and errors are sorted as a
 * single run sorts them (each file's findings come whole from one shard, and
 * the sort is stable, so ties keep the order a single run gives them).
 */
export function mergeResults(results: readonly CheckResult[]): CheckResult {
  const findings = results.flatMap((r) => r.findings).sort(compareFindings);
  const errors = results.flatMap((r) => r.errors).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return {
    version: 1,
    files: results.reduce((n, r) => n + r.files, 0),
    findings,
    errors,
    summary: {
      error: findings.filter((f) => f.severity === "error").length,
      warning: findings.filter((f) => f.severity === "warning").length,
    },
  };
}
