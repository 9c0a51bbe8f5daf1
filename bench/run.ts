/**
 * `npm run bench`: times `logical check` against its peers on real corpora.
 *
 *   npm run bench -- [--corpus NAME]... [--tool ID]... [--skip-prepare] [--repeat N] [--log-mb N]
 *
 * 1. Prepares the corpora under bench/corpora/ (skipped when already there).
 * 2. Runs each tool as a cold child process (fresh process, no tool cache, warm
 *    OS page cache), one after another, on each corpus of its language; with
 *    --repeat N the tools take turns N times and the median is reported.
 * 3. Prints a table (time, findings, peak RSS) and the speed ratios against
 *    their targets, and writes the same to bench/corpora/results/latest.json.
 *
 * See bench/README.md for the method and the corpora.
 */
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { mkdirSync, readFileSync } from "node:fs";
import {
  CORPUS_NAMES,
  type Corpus,
  type CorpusName,
  describe,
  NPM_TARGET,
  prepareCorpus,
  warmPageCache,
  WORK,
} from "./corpora.js";
import { CACHE_TARGET_SECONDS, LOGICAL_CACHE_ONE_CHANGED } from "./cache-entry.js";
import { ensureLogFile, LOGICAL_FIX_DRY_RUN, LOGICAL_LOGS, logsCorpus } from "./hooks.js";
import { measure, median, rssMethod } from "./measure.js";
import { type Entry, printTable, ratios, writeJson } from "./report.js";
import { type Tool, TOOLS, toolVersions } from "./tools.js";

interface Options {
  corpora: string[];
  tools: string[];
  skipPrepare: boolean;
  repeat: number;
  logMb: number;
}

const TOOL_IDS = [...TOOLS.map((t) => t.id), LOGICAL_CACHE_ONE_CHANGED.id, LOGICAL_FIX_DRY_RUN.id, LOGICAL_LOGS.id];

const USAGE = `usage: npm run bench -- [--corpus NAME]... [--tool ID]... [--skip-prepare] [--repeat N] [--log-mb N]
  --corpus NAME    run only this corpus (repeatable or comma-separated): ${CORPUS_NAMES.join(", ")}, logs
  --tool ID        run only this entry (repeatable or comma-separated): ${TOOL_IDS.join(", ")}
  --skip-prepare   use the corpora as they are; never copy or install
  --repeat N       run every tool N times (taking turns) and report the median (default 1)
  --log-mb N       size of the generated log for the \`logical logs\` entry (default 300)`;

function parseArgs(argv: string[]): Options {
  const o: Options = { corpora: [], tools: [], skipPrepare: false, repeat: 1, logMb: 300 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) fail(`${a} needs a value`);
      return v;
    };
    if (a === "--corpus") o.corpora.push(...value().split(","));
    else if (a.startsWith("--corpus=")) o.corpora.push(...a.slice(9).split(","));
    else if (a === "--tool") o.tools.push(...value().split(","));
    else if (a.startsWith("--tool=")) o.tools.push(...a.slice(7).split(","));
    else if (a === "--skip-prepare") o.skipPrepare = true;
    else if (a === "--repeat") o.repeat = positive(a, value());
    else if (a === "--log-mb") o.logMb = positive(a, value());
    else if (a === "--help" || a === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else fail(`unknown argument ${a}`);
  }
  const known = [...CORPUS_NAMES, "logs"] as string[];
  for (const c of o.corpora) if (!known.includes(c)) fail(`unknown corpus ${c}`);
  for (const t of o.tools) if (!TOOL_IDS.includes(t)) fail(`unknown tool ${t}`);
  return o;
}

function positive(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) fail(`${flag} takes a positive integer, not ${v}`);
  return n;
}

function fail(message: string): never {
  console.error(`bench: ${message}\n${USAGE}`);
  process.exit(2);
}

const log = (line: string): void => console.log(line);

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const wanted = (name: string): boolean => opts.corpora.length === 0 || opts.corpora.includes(name);
  const runs = (tool: Tool): boolean => opts.tools.length === 0 || opts.tools.includes(tool.id);
  const startedAt = new Date().toISOString();
  const versions = toolVersions();
  log(
    `bench: ${cpus().length} CPUs, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, peak RSS via ${rssMethod()}, repeat ${opts.repeat}`,
  );
  const load = loadavg()[0] as number;
  if (load > cpus().length / 2) {
    log(
      `bench: load average is ${load.toFixed(2)} on ${cpus().length} CPUs: other work is running and times will be noisy (--repeat helps)`,
    );
  }
  log(
    `bench: ${Object.entries(versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
  );

  // 1. Corpora.
  log("\n== corpora");
  const corpora: Corpus[] = [];
  for (const name of CORPUS_NAMES) {
    if (!wanted(name)) continue;
    const c = prepareCorpus(name as CorpusName, { skipPrepare: opts.skipPrepare, log });
    if (c === null) continue;
    log(`  ${describe(c)}`);
    if (name === "npm" && (c.files < NPM_TARGET.min || c.files > NPM_TARGET.max)) {
      log(
        `  npm: ${c.files} files is outside the ${NPM_TARGET.min}–${NPM_TARGET.max} target; adjust bench/npm-corpus/package.json`,
      );
    }
    corpora.push(c);
  }

  // 2. Peers and logical, per corpus.
  const entries: Entry[] = [];
  for (const corpus of corpora) {
    log(`\n== ${corpus.name}`);
    warmPageCache(corpus);
    const tools = TOOLS.filter((t) => t.languages.includes(corpus.language) && runs(t));
    if (tools.length > 0) entries.push(...(await runTools(corpus, tools, opts.repeat)));
  }

  // 3. A warm --cache with one file changed, against an absolute target.
  const sourceCorpora = runs(LOGICAL_CACHE_ONE_CHANGED) ? corpora.filter((c) => c.file === undefined) : [];
  if (sourceCorpora.length > 0) {
    log(`\n== logical check --cache, one file changed (target under ${CACHE_TARGET_SECONDS} s)`);
    for (const corpus of sourceCorpora) {
      const [entry] = await runTools(corpus, [LOGICAL_CACHE_ONE_CHANGED], opts.repeat);
      if (entry?.seconds != null) {
        const met = entry.seconds < CACHE_TARGET_SECONDS ? "met" : "MISSED";
        log(`  ${corpus.name}: ${entry.seconds.toFixed(2)} s (median), target ${met}`);
      }
      if (entry) entries.push(entry);
    }
  }

  // 4. Entries for commands that are still to come (they skip until then).
  const fixCorpora = runs(LOGICAL_FIX_DRY_RUN) ? corpora.filter((c) => c.name !== "logs") : [];
  if (fixCorpora.length > 0) {
    log("\n== logical fix --dry-run");
    for (const corpus of fixCorpora) entries.push(...(await runTools(corpus, [LOGICAL_FIX_DRY_RUN], opts.repeat)));
  }
  if (wanted("logs") && runs(LOGICAL_LOGS)) {
    log("\n== logical logs");
    const why = LOGICAL_LOGS.unavailable();
    const corpus = logsCorpus(opts.logMb);
    if (why === null) {
      await ensureLogFile(opts.logMb, log);
      entries.push(...(await runTools(logsCorpus(opts.logMb), [LOGICAL_LOGS], opts.repeat)));
    } else {
      log(`  skipped: ${why}`);
      entries.push(skipped(corpus, LOGICAL_LOGS, why));
    }
  }

  // 5. Report.
  const rs = ratios(entries);
  log(
    "\n== results (seconds: wall clock and user+sys CPU, median of runs; findings: the compared rule, or all of them for logical (all rules); load: 1-min load average before the runs)",
  );
  printTable(entries, rs, log);
  const file = writeJson({
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryGiB: totalmem() / 2 ** 30 },
    rssMethod: rssMethod(),
    repeat: opts.repeat,
    versions,
    corpora: corpora.map(({ name, language, files, bytes, source }) => ({ name, language, files, bytes, source })),
    entries,
    ratios: rs,
  });
  log(`\nbench: wrote ${file}`);
}

/** Runs the tools on one corpus, taking turns `repeat` times. */
async function runTools(corpus: Corpus, tools: Tool[], repeat: number): Promise<Entry[]> {
  const outDir = join(WORK, "runs", corpus.name);
  mkdirSync(outDir, { recursive: true });
  const runnable: Tool[] = [];
  const entries = new Map<string, Entry>();
  for (const t of tools) {
    const why = t.unavailable();
    if (why !== null) {
      log(`  ${t.label}: skipped, ${why}`);
      entries.set(t.id, skipped(corpus, t, why));
    } else runnable.push(t);
  }
  const samples = new Map<string, { seconds: number[]; rss: number[]; cpu: number[] }>();
  const loads: number[] = [];
  for (let round = 1; round <= repeat; round++) {
    for (const t of runnable) {
      if (entries.get(t.id)?.status === "failed") continue;
      const inv = t.invoke(corpus);
      loads.push(loadavg()[0] as number);
      inv.before?.();
      const stdoutFile = join(outDir, `${t.id}.out`);
      const stderrFile = join(outDir, `${t.id}.err`);
      const m = await measure({ ...inv, stdoutFile, stderrFile });
      const stderr = readFileSync(stderrFile, "utf8");
      const exited = !m.timedOut && m.exitCode !== null && t.okExit.includes(m.exitCode);
      // A crash can exit 1 like a run with findings: no readable report means it failed.
      const outcome = exited ? t.read(readFileSync(stdoutFile, "utf8"), stderr) : null;
      if (outcome === null || outcome.findings === null) {
        const why = m.timedOut
          ? "timed out"
          : m.exitCode === null
            ? `killed by ${m.signal}`
            : outcome
              ? `exit ${m.exitCode}, ${outcome.note ?? "no readable report"}`
              : `exit ${m.exitCode}`;
        const excerpt = stderrExcerpt(stderr);
        log(`  ${t.label}: FAILED (${why}) ${excerpt}`);
        entries.set(t.id, { ...skipped(corpus, t, `${why}: ${excerpt}`), status: "failed" });
        continue;
      }
      const problem = inv.verify?.() ?? null;
      if (problem !== null) log(`  ${t.label}: ${problem}`);
      const s = samples.get(t.id) ?? { seconds: [], rss: [], cpu: [] };
      s.seconds.push(m.seconds);
      if (m.peakRssMB !== null) s.rss.push(m.peakRssMB);
      if (m.cpuSeconds !== null) s.cpu.push(m.cpuSeconds);
      samples.set(t.id, s);
      const seconds = median(s.seconds);
      const entry: Entry = {
        corpus: corpus.name,
        files: corpus.files,
        mb: corpus.bytes / 1048576,
        tool: t.id,
        label: t.label,
        status: "ok",
        seconds,
        runs: s.seconds,
        peakRssMB: s.rss.length > 0 ? median(s.rss) : null,
        cpuSeconds: s.cpu.length > 0 ? median(s.cpu) : null,
        findings: outcome.findings,
        filesSeen: outcome.filesSeen,
        parseErrors: outcome.parseErrors,
        byRule: outcome.byRule,
        note:
          corpus.file !== undefined
            ? `${(corpus.bytes / 1048576 / seconds).toFixed(0)} MB/s through ${corpus.file}`
            : [problem, outcome.note].filter((x) => x).join("; ") || undefined,
        loadBefore: Math.max(...loads),
      };
      entries.set(t.id, entry);
      log(
        `  ${t.label}${repeat > 1 ? ` [${round}/${repeat}]` : ""}: ${m.seconds.toFixed(2)} s, ` +
          `${m.cpuSeconds?.toFixed(2) ?? "?"} s CPU, ${outcome.findings} findings, ${m.peakRssMB?.toFixed(0) ?? "?"} MB peak` +
          (outcome.filesSeen !== null ? `, ${outcome.filesSeen} files seen` : ""),
      );
    }
  }
  return tools.map((t) => entries.get(t.id) as Entry);
}

/** The error line of a stack trace, else the first lines. */
function stderrExcerpt(stderr: string): string {
  const lines = stderr.trim().split("\n");
  const error =
    lines.find((l) => /^\s*\w*(Error|Exception)( \[\w+\])?:/.test(l)) ?? lines.find((l) => /\berror\b/i.test(l));
  return (error ?? lines.slice(0, 3).join(" | ")).trim().slice(0, 300);
}

function skipped(corpus: Corpus, t: Tool, reason: string): Entry {
  return {
    corpus: corpus.name,
    files: corpus.files,
    mb: corpus.bytes / 1048576,
    tool: t.id,
    label: t.label,
    status: "skipped",
    reason,
    seconds: null,
    runs: [],
    peakRssMB: null,
    cpuSeconds: null,
    findings: null,
    filesSeen: null,
    parseErrors: null,
    byRule: {},
  };
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});
