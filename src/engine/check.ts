import path from "node:path";
import type { Piscina } from "piscina";
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
  type StageSiteJson,
} from "./analyse.js";
import type { LogicalConfig } from "./config.js";
import type { FileLogCounts } from "./log-counts.js";
import { projectFromFacts, projectFromPaths, type FileFacts } from "./project.js";
import { changedFiles, inShard, type Shard } from "./select.js";

export { modelText, resolveRules, runRules, type FileError, type Finding, type StageSiteJson } from "./analyse.js";
export { toPosix } from "../discover/paths.js";
export { parseShard, SelectionError, type Shard } from "./select.js";

export interface CheckResult {
  version: 1;
  files: number;
  findings: Finding[];
  errors: FileError[];
  summary: { error: number; warning: number };
  /**
   * The files reported on (relative, `/`-separated), when `changedSince` or
   * `shard` narrowed the run; not part of the JSON contract.
   */
  checkedFiles?: string[];
  /** With `logCounts: true`: each analysed file's log calls, counted (sorted by file). */
  logCounts?: FileLogCounts[];
  /** With `stages: true`: every stage site, sorted by file and position. */
  stages?: StageSiteJson[];
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
  /**
   * Report only on files git says changed since this ref (`ref...HEAD`, plus
   * working-tree changes and untracked files). Project facts still come from every file.
   */
  changedSince?: string;
  /** Report only on this shard's files (a stable split by path hash). */
  shard?: Shard;
  /** Count every file's log calls into `logCounts` (for `logical report`); models every file. */
  logCounts?: boolean;
  /** Also list every stage site with its coverage (`CheckResult.stages`). */
  stages?: boolean;
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

  const changed = options.changedSince !== undefined ? await changedFiles(cwd, options.changedSince) : null;
  const shard = options.shard;
  const selected = (relative: string): boolean =>
    (changed === null || changed.has(relative)) && (shard === undefined || inShard(relative, shard));

  const { files, problems } = await discoverFiles(paths, { cwd, ignore: config.ignore ?? [] });
  const errors: FileError[] = problems
    .map((p) => ({ file: toPosix(path.relative(cwd, p.file)) || p.file, message: p.message }))
    .filter((e) => selected(e.file));
  const all = files.map((absolute) => ({ absolute, relative: toPosix(path.relative(cwd, absolute)) }));
  const entries = all.filter((e) => selected(e.relative));
  // Files outside the selection still give their project facts, when a rule reads them.
  const others = selector.anyNeedsProjectFacts || options.stages ? all.filter((e) => !selected(e.relative)) : [];

  const threads = options.workers ?? 0;
  // Loaded only for a pool: most runs are single-threaded, and every module costs start-up time.
  const pool =
    threads > 1
      ? new (await import("piscina")).Piscina({
          filename: new URL("./worker.js", import.meta.url).href,
          minThreads: threads,
          maxThreads: threads,
        })
      : null;
  const batches = (
    phase: 1 | 2,
    project: AnalyseTask["project"],
    list: typeof entries = entries,
    factsOnly = false,
  ): AnalyseTask[] => {
    const tasks: AnalyseTask[] = [];
    const size = pool ? BATCH_SIZE : list.length || 1;
    for (let i = 0; i < list.length; i += size) {
      tasks.push({
        files: list.slice(i, i + size),
        phase,
        project,
        config,
        maxBytes,
        ...(options.onlyRules ? { onlyRules: options.onlyRules } : {}),
        ...(factsOnly ? { factsOnly } : {}),
        ...(options.prefilter === false ? { prefilter: false } : {}),
        ...(options.logCounts ? { logCounts: true } : {}),
        ...(options.stages ? { stages: true } : {}),
      });
    }
    return tasks;
  };

  try {
    const findings: Finding[] = [];
    const facts: FileFacts[] = [];
    const logCounts: FileLogCounts[] = [];
    const pathProject = { ...projectFromPaths(cwd, files), ...(config.stages ? { stages: config.stages } : {}) };
    const phase1 = [...batches(1, pathProject), ...batches(1, pathProject, others, true)];
    for (const outcome of await runBatches(phase1, pool)) {
      findings.push(...outcome.findings);
      if (outcome.error) errors.push(outcome.error);
      if (outcome.facts) facts.push(outcome.facts);
      if (outcome.logCounts) logCounts.push(outcome.logCounts);
    }
    const stages: StageSiteJson[] = [];
    if (selector.anyNeedsProjectFacts || options.stages) {
      // In the files' order, however the run was split.
      facts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      const project = { ...projectFromFacts(cwd, files, facts), ...(config.stages ? { stages: config.stages } : {}) };
      // Only files with a stage site have anything for the rules that read project facts.
      const second = new Set(facts.filter((f) => f.stageSites > 0).map((f) => f.path));
      for (const outcome of await runBatches(
        batches(
          2,
          project,
          entries.filter((e) => second.has(e.absolute)),
        ),
        pool,
      )) {
        findings.push(...outcome.findings);
        if (outcome.stages) stages.push(...outcome.stages);
      }
    }
    findings.sort(compareFindings);
    errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    return {
      version: 1,
      files: entries.length,
      findings,
      errors,
      summary: {
        error: findings.filter((f) => f.severity === "error").length,
        warning: findings.filter((f) => f.severity === "warning").length,
      },
      ...(changed !== null || shard !== undefined ? { checkedFiles: entries.map((e) => e.relative) } : {}),
      ...(options.stages
        ? {
            stages: stages.sort((a, b) =>
              a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column,
            ),
          }
        : {}),
      ...(options.logCounts
        ? { logCounts: logCounts.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)) }
        : {}),
    };
  } finally {
    await pool?.destroy();
  }
}
