import path from "node:path";
import { Piscina } from "piscina";
import { discoverFiles } from "../discover/discover.js";
import { toPosix } from "../discover/paths.js";
import { DEFAULT_MAX_FILE_BYTES } from "../discover/read-source.js";
import {
  analyseFiles,
  RuleSelector,
  type AnalyseTask,
  type FileError,
  type FileOutcome,
  type Finding,
} from "./analyse.js";
import type { LogicalConfig } from "./config.js";
import { projectFromFacts, projectFromPaths, type FileFacts } from "./project.js";

export { modelText, resolveRules, runRules, type FileError, type Finding } from "./analyse.js";
export { toPosix } from "../discover/paths.js";

export interface CheckResult {
  version: 1;
  files: number;
  findings: Finding[];
  errors: FileError[];
  summary: { error: number; warning: number };
}

export interface CheckOptions {
  /** Paths in findings are relative to this directory (default: process.cwd()). */
  cwd?: string;
  config?: LogicalConfig;
  /** Run only these rules (at their configured severity, or "error" when configured off). */
  onlyRules?: readonly string[];
  maxFileBytes?: number;
  /**
   * Worker threads; default 0, the main thread. Measured on this project's 2-core bench machine,
   * a pool cost more CPU than it saved (each worker loads the parsers and the rules, and oxc's
   * tree crosses into JavaScript as JSON either way).
   */
  workers?: number;
  /** false: model every file even when no active rule could match it (for tests). */
  prefilter?: boolean;
}

const BATCH_SIZE = 48;

export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

/** Runs analysis tasks in batches, on a worker pool or inline; outcomes keep the files' order. */
async function runBatches(tasks: AnalyseTask[], pool: Piscina | null): Promise<FileOutcome[]> {
  const results = await Promise.all(
    tasks.map((task) => (pool ? (pool.run(task) as Promise<FileOutcome[]>) : Promise.resolve(analyseFiles(task)))),
  );
  return results.flat();
}

/** Checks `paths` and returns the JSON contract's data. Prints nothing. */
export async function check(paths: readonly string[] = ["."], options: CheckOptions = {}): Promise<CheckResult> {
  const cwd = options.cwd ?? process.cwd();
  const config = options.config ?? {};
  const maxBytes = options.maxFileBytes ?? config.maxFileSize ?? DEFAULT_MAX_FILE_BYTES;
  // Validates rule ids before any work, so a typo is exit 2 and not a silent run.
  const selector = new RuleSelector(config, options.onlyRules);

  const { files, problems } = await discoverFiles(paths, { cwd, ignore: config.ignore ?? [] });
  const errors: FileError[] = problems.map((p) => ({
    file: toPosix(path.relative(cwd, p.file)) || p.file,
    message: p.message,
  }));
  const entries = files.map((absolute) => ({ absolute, relative: toPosix(path.relative(cwd, absolute)) }));

  const threads = options.workers ?? 0;
  const pool =
    threads > 1
      ? new Piscina({
          filename: new URL("./worker.js", import.meta.url).href,
          minThreads: threads,
          maxThreads: threads,
        })
      : null;
  const batches = (phase: 1 | 2, project: AnalyseTask["project"]): AnalyseTask[] => {
    const tasks: AnalyseTask[] = [];
    const size = pool ? BATCH_SIZE : entries.length || 1;
    for (let i = 0; i < entries.length; i += size) {
      tasks.push({
        files: entries.slice(i, i + size),
        phase,
        project,
        config,
        maxBytes,
        ...(options.onlyRules ? { onlyRules: options.onlyRules } : {}),
      });
    }
    return tasks;
  };

  try {
    const findings: Finding[] = [];
    const facts: FileFacts[] = [];
    const pathProject = projectFromPaths(cwd, files);
    for (const outcome of await runBatches(batches(1, pathProject), pool)) {
      findings.push(...outcome.findings);
      if (outcome.error) errors.push(outcome.error);
      if (outcome.facts) facts.push(outcome.facts);
    }
    if (selector.anyNeedsProjectFacts) {
      const project = projectFromFacts(cwd, files, facts);
      for (const outcome of await runBatches(batches(2, project), pool)) findings.push(...outcome.findings);
    }
    findings.sort(compareFindings);
    errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    return {
      version: 1,
      files: files.length,
      findings,
      errors,
      summary: {
        error: findings.filter((f) => f.severity === "error").length,
        warning: findings.filter((f) => f.severity === "warning").length,
      },
    };
  } finally {
    await pool?.destroy();
  }
}
