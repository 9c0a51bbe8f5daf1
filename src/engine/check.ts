import { availableParallelism } from "node:os";
import path from "node:path";
import { setFlagsFromString } from "node:v8";
import type { Piscina } from "piscina";
import { discoverFiles } from "../discover/discover.js";
import { relativeTo, toPosix } from "../discover/paths.js";
import { DEFAULT_MAX_FILE_BYTES } from "../discover/read-source.js";
import { PYTHON_EXTENSIONS } from "../languages/extensions.js";
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
import { calleeNames, projectFromFacts, projectFromPaths, type FileFacts } from "./project.js";
import { changedFiles, inShard, type Shard } from "./select.js";
import { cacheKey, FileCache, hashOf } from "./cache.js";
import { drain, type SharedRun } from "./worker.js";

export { modelText, resolveRules, runRules, type FileError, type Finding, type StageSiteJson } from "./analyse.js";
export { toPosix } from "../discover/paths.js";
export { parseShard, SelectionError, type Shard } from "./select.js";
export { resolveCacheLocation } from "./cache.js";

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
   * Threads that analyse files: the main thread and `workers - 1` pool threads, taking batches
   * from one shared queue; default 0 (as 1), the main thread only. Each worker loads the parsers
   * and rules and warms up its own JIT, so a pool pays off only on large runs.
   */
  workers?: number;
  /**
   * The process runs this one check and then exits, as the CLI does. When no Python file is
   * among the files, V8's optimizing compiler (TurboFan) is turned off for the rest of the
   * process: a single pass over JS/TS trees runs oxc's generated deserializer (a function per
   * node type) and the model builder over ever-different shapes, and compiling them cost more
   * CPU than it saved (npm bench corpus, `--rule no-print`: about a third less CPU, all rules:
   * the same). The Python frontend's tokenizer is a hot loop that needs TurboFan, so a run with
   * Python files keeps it. Without `workers`, the run then takes one thread per core on JS/TS
   * and the main thread only with Python (see oneShotSettings). Never set by `check()` itself:
   * the flag is the process's.
   */
  oneShot?: boolean;
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
  /**
   * Keep each file's outcome in this cache file (relative to cwd), keyed by the file's content
   * hash; see ./cache.ts for what invalidates it.
   */
  cache?: string;
  /**
   * Called as files are analysed (not for cache hits), with how many are done of how many
   * there are to analyse; for a progress bar.
   */
  onProgress?: (done: number, total: number) => void;
}

const BATCH_SIZE = 48;

interface Entry {
  absolute: string;
  relative: string;
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

/**
 * Below this many files the pool's start-up (each worker loads the parsers and rules) costs more
 * than it saves: say, a warm cache with a few files changed.
 */
const POOL_MIN_FILES = 2 * BATCH_SIZE;

/**
 * Runs analysis tasks in batches; outcomes keep the files' order. With a pool, the main thread and
 * every worker take batches from one shared queue (an atomic counter), so no thread waits for
 * another to hand it work, and the main thread, which has the modules loaded and warm already,
 * does its share while the workers start. `progress` gets the number of files done so far.
 */
async function runBatches(
  tasks: AnalyseTask[],
  getPool: () => Promise<Piscina | null>,
  progress?: (files: number) => void,
): Promise<FileOutcome[]> {
  const files = tasks.reduce((n, t) => n + t.files.length, 0);
  if (files === 0) return [];
  const pool = files >= POOL_MIN_FILES ? await getPool() : null;
  const results: FileOutcome[][] = [];
  if (!pool) {
    let done = 0;
    for (const task of tasks) {
      results.push(analyseFiles(task));
      progress?.((done += task.files.length));
    }
    return results.flat();
  }
  const run: SharedRun = { tasks, queue: new SharedArrayBuffer(8) };
  const queue = new Int32Array(run.queue);
  const workers = Array.from(
    { length: pool.options.maxThreads },
    () => pool.run(run) as Promise<[number, FileOutcome[]][]>,
  );
  // One batch at a time, letting the pool's messages through in between: a worker that has
  // just started gets its task then.
  for (;;) {
    const mine = drain({ tasks: run.tasks, queue: run.queue, limit: 1 });
    if (mine.length === 0) break;
    for (const [i, outcomes] of mine) results[i] = outcomes;
    progress?.(Atomics.load(queue, 1));
    await new Promise((resolve) => setImmediate(resolve));
  }
  for (const theirs of await Promise.all(workers)) for (const [i, outcomes] of theirs) results[i] = outcomes;
  progress?.(files);
  return results.flat();
}

/**
 * For a process that runs one check over these files and exits (see `CheckOptions.oneShot`):
 * the V8 flags, and the analysis threads when `workers` is not given. Without TurboFan a worker
 * starts and warms up cheaply, so a JS/TS-only run takes one thread per core; with it (any
 * Python file), a worker's warm-up cost more than the second core gave back, so the run stays on
 * the main thread. With every core analysing, scavenges run on the thread that needs them: helper
 * threads only contend with the analysis (npm bench corpus, `--rule no-print`: 8% less wall
 * time, 5% less CPU); a single-threaded Python run keeps them, as they use the idle core.
 */
export function oneShotSettings(files: readonly string[], cores: number): { v8Flags: string[]; threads: number } {
  const python = files.some((f) => PYTHON_EXTENSIONS.some((e) => f.endsWith(e)));
  return python ? { v8Flags: [], threads: 1 } : { v8Flags: ["--no-opt", "--no-parallel-scavenge"], threads: cores };
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
  const oneShot = options.oneShot ? oneShotSettings(files, availableParallelism()) : null;
  for (const flag of oneShot?.v8Flags ?? []) setFlagsFromString(flag);
  const errors: FileError[] = problems
    .map((p) => ({ file: toPosix(path.relative(cwd, p.file)) || p.file, message: p.message }))
    .filter((e) => selected(e.file));
  const relative = relativeTo(cwd);
  const all = files.map((absolute) => ({ absolute, relative: relative(absolute) }));
  const entries = all.filter((e) => selected(e.relative));
  // Files outside the selection still give their project facts, when a rule reads them.
  const others = selector.anyNeedsProjectFacts || options.stages ? all.filter((e) => !selected(e.relative)) : [];

  const threads = options.workers ?? oneShot?.threads ?? 0;
  // Started on first use, and loaded only then: most runs are single-threaded, every module costs
  // start-up time, and a run the cache answers whole starts no threads.
  let pool: Piscina | null = null;
  const runner = async (): Promise<Piscina | null> => {
    if (threads > 1) {
      pool ??= new (await import("piscina")).Piscina({
        filename: new URL("./worker.js", import.meta.url).href,
        minThreads: threads - 1,
        maxThreads: threads - 1,
      });
    }
    return pool;
  };
  const batches = (
    phase: 1 | 2,
    project: AnalyseTask["project"],
    list: readonly Entry[],
    factsOnly = false,
    calleesFor?: readonly string[],
  ): AnalyseTask[] => {
    const tasks: AnalyseTask[] = [];
    const size = threads > 1 || options.onProgress ? BATCH_SIZE : list.length || 1;
    for (let i = 0; i < list.length; i += size) {
      tasks.push({
        files: list.slice(i, i + size),
        phase,
        project,
        config,
        maxBytes,
        ...(options.onlyRules ? { onlyRules: options.onlyRules } : {}),
        ...(factsOnly ? { factsOnly } : {}),
        ...(calleesFor ? { calleesFor } : {}),
        ...(options.prefilter === false ? { prefilter: false } : {}),
        ...(options.logCounts ? { logCounts: true } : {}),
        ...(options.stages ? { stages: true } : {}),
      });
    }
    return tasks;
  };

  const pathProject = { ...projectFromPaths(cwd, files), ...(config.stages ? { stages: config.stages } : {}) };
  const cache = options.cache
    ? await FileCache.open(
        path.resolve(cwd, options.cache),
        cwd,
        cacheKey({
          cwd,
          config,
          onlyRules: options.onlyRules ?? null,
          maxBytes,
          pathProject,
          logCounts: options.logCounts === true,
          stages: options.stages === true,
          prefilter: options.prefilter !== false,
        }),
        maxBytes,
      )
    : null;

  try {
    const findings: Finding[] = [];
    const facts: FileFacts[] = [];
    const logCounts: FileLogCounts[] = [];
    const take = (outcome: FileOutcome): void => {
      findings.push(...outcome.findings);
      if (outcome.error) errors.push(outcome.error);
      if (outcome.facts) facts.push(outcome.facts);
      if (outcome.logCounts) logCounts.push(outcome.logCounts);
    };
    // Phase 1: cached outcomes first; the rest are analysed, then cached.
    const toAnalyse: Entry[] = [];
    for (const e of entries) {
      const hit = cache?.outcome(e);
      if (hit) take(hit);
      else toAnalyse.push(e);
    }
    const factsToGather: Entry[] = [];
    for (const e of others) {
      const hit = cache?.facts(e);
      if (hit === undefined) factsToGather.push(e);
      else if (hit !== null) facts.push(hit);
    }
    const total = toAnalyse.length + factsToGather.length;
    const analysed = await runBatches(
      [...batches(1, pathProject, toAnalyse), ...batches(1, pathProject, factsToGather, true)],
      runner,
      options.onProgress && ((n) => options.onProgress!(n, total)),
    );
    analysed.forEach((outcome, i) => {
      if (i < toAnalyse.length) {
        take(outcome);
        cache?.setOutcome(toAnalyse[i]!, outcome);
      } else {
        if (outcome.facts) facts.push(outcome.facts);
        cache?.setFacts(factsToGather[i - toAnalyse.length]!, outcome.facts);
      }
    });
    const stages: StageSiteJson[] = [];
    if (selector.anyNeedsProjectFacts || options.stages) {
      // Callee facts on demand: files not modelled in phase 1 are modelled now if a stage
      // function's name occurs in them (a cached one only for names it was not checked for).
      const names = calleeNames(facts);
      if (names.length > 0) {
        const fresh = new Set([...toAnalyse, ...factsToGather].map((e) => e.absolute));
        const known = new Set(cache?.calleeNames ?? []);
        const newNames = names.filter((n) => !known.has(n));
        const byPath = new Map([...entries, ...others].map((e) => [e.absolute, e]));
        // Indexes into `facts`: files analysed now look for every name, cached ones for new names.
        const forAll = facts.flatMap((f, i) => (!f.modelled && fresh.has(f.path) ? [i] : []));
        const forNew =
          newNames.length === 0 ? [] : facts.flatMap((f, i) => (!f.modelled && !fresh.has(f.path) ? [i] : []));
        const entryAt = (i: number): Entry => byPath.get(facts[i]!.path)!;
        const outcomes = await runBatches(
          [
            ...batches(1, pathProject, forAll.map(entryAt), true, names),
            ...batches(1, pathProject, forNew.map(entryAt), true, newNames),
          ],
          runner,
        );
        const scanned = [...forAll, ...forNew];
        outcomes.forEach((outcome, k) => {
          if (!outcome.facts) return;
          const i = scanned[k]!;
          cache?.updateFacts(entryAt(i), outcome.facts);
          facts[i] = outcome.facts;
        });
      }
      if (cache) cache.calleeNames = names;
      // In the files' order, however the run was split.
      facts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      // The callee facts gathered above hold no stage function: the names stay as they were.
      const project = {
        ...projectFromFacts(cwd, files, facts, names),
        ...(config.stages ? { stages: config.stages } : {}),
      };
      const projectHash = hashOf(project);
      // Only files with a stage site have anything for the rules that read project facts.
      const second = new Set(facts.filter((f) => f.stageSites > 0).map((f) => f.path));
      const pending: Entry[] = [];
      const takeSecond = (outcome: FileOutcome): void => {
        findings.push(...outcome.findings);
        if (outcome.stages) stages.push(...outcome.stages);
      };
      for (const e of entries) {
        if (!second.has(e.absolute)) continue;
        const hit = cache?.phase2(e, projectHash);
        if (hit) takeSecond(hit);
        else pending.push(e);
      }
      (await runBatches(batches(2, project, pending), runner)).forEach((outcome, i) => {
        takeSecond(outcome);
        cache?.setPhase2(pending[i]!, projectHash, outcome);
      });
    }
    await cache?.save();
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
    await (pool as Piscina | null)?.destroy();
  }
}
