// Shared by the rules-*.test.ts files: one rule's findings as `file:line:column message` lines.
import assert from "node:assert/strict";
import path from "node:path";
import type { LogicalConfig } from "../src/engine/config.js";
import { check, type Finding } from "../src/engine/check.js";
import { ROOT } from "./helpers.js";

/** The example projects before the post's eight steps: each rule's findings there are listed exactly. */
export const UNLOGGED_PROJECTS = ["py-train", "py-serve", "js-train", "js-serve"].map((p) => `fixtures/projects/${p}`);
/** The same projects after the eight steps: no rule of this issue may report anything there. */
export const LOGGED_PROJECTS = UNLOGGED_PROJECTS.map((p) => `${p}-logged`);

export interface FindingsOptions {
  /** Findings' files are shown relative to this folder (default: the repository root). */
  base?: string;
  config?: LogicalConfig;
}

export async function findingsWithFixes(
  ruleId: string,
  paths: readonly string[],
  config?: LogicalConfig,
): Promise<Finding[]> {
  const result = await check(paths, { cwd: ROOT, onlyRules: [ruleId], config, workers: 0 });
  assert.deepEqual(result.errors, []);
  return result.findings;
}

/** `incorrect.py:14:9 message` for each finding of `ruleId` on `paths`, in report order. */
export async function findingsOf(
  ruleId: string,
  paths: readonly string[],
  options: FindingsOptions = {},
): Promise<string[]> {
  const found = await findingsWithFixes(ruleId, paths, options.config);
  return found.map(
    (f) => `${options.base ? path.posix.relative(options.base, f.file) : f.file}:${f.line}:${f.column} ${f.message}`,
  );
}

/** A config turning one rule on with these options. */
export function withOptions(ruleId: string, options: Record<string, unknown>): LogicalConfig {
  return { rules: { [ruleId]: ["error", options] } };
}
