#!/usr/bin/env node
/**
 * The `logical` command: parse arguments → build options (load and validate
 * config) → run the engine (returns data, prints nothing) → reporter → exit
 * code. The only module that touches `process`.
 */
import { readFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import {
  buildBaseline,
  compareWithBaseline,
  formatBaseline,
  parseBaseline,
  type Baseline,
  type BaselineEntry,
} from "../engine/baseline.js";
// Only what parsing the arguments needs is imported here; each command loads its own modules
// when it runs (the engine, the rules and parsers, the reporters), so start-up stays short.
import type { CheckResult } from "../engine/check.js";
import { resolveCacheLocation } from "../engine/cache.js";
import { ConfigurationError, loadConfig } from "../engine/config.js";
import { parseShard, SelectionError, type Shard } from "../engine/select.js";
import { toPosix } from "../discover/paths.js";
import { positiveInt } from "./args.js";
import { UsageError } from "./errors.js";
import { registerInit } from "./init.js";
import { registerMerge } from "./merge.js";
import { createProgress } from "./progress.js";
import { reporterNames, type ReporterName } from "../reporters/index.js";
import { registerLogsCommands } from "./logs.js";
import { registerReportCommand } from "./report.js";
import { registerStages } from "./stages.js";
import { packagePath } from "../package-root.js";

const pkg = JSON.parse(readFileSync(packagePath("package.json"), "utf8")) as { version: string };

function shardArg(value: string): Shard {
  try {
    return parseShard(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message.replace(/^--shard: /, ""));
  }
}

function collect(value: string, previous: string[]): string[] {
  return [
    ...previous,
    ...value
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  ];
}

interface CheckFlags {
  format: ReporterName;
  outputFile?: string;
  rule: string[];
  quiet?: boolean;
  config?: string;
  maxFileSize?: number;
  maxWarnings?: number;
  codeFrame?: boolean;
  color?: boolean;
  workers?: number;
  baseline?: string | true;
  updateBaseline?: boolean;
  strictBaseline?: boolean;
  changedSince?: string;
  shard?: Shard;
  cache?: boolean;
  cacheLocation?: string;
}

async function runCheck(paths: string[], flags: CheckFlags): Promise<number> {
  const cwd = process.cwd();
  const [{ check }, { config }] = await Promise.all([import("../engine/check.js"), loadConfig(cwd, flags.config)]);
  const progress = createProgress();
  const checked = await check(paths.length > 0 ? paths : ["."], {
    cwd,
    config,
    oneShot: true,
    ...(flags.rule.length > 0 ? { onlyRules: flags.rule } : {}),
    ...(flags.maxFileSize !== undefined ? { maxFileBytes: flags.maxFileSize } : {}),
    ...(flags.workers !== undefined ? { workers: flags.workers } : {}),
    ...(flags.changedSince !== undefined ? { changedSince: flags.changedSince } : {}),
    ...(flags.shard !== undefined ? { shard: flags.shard } : {}),
    ...(flags.cache || flags.cacheLocation !== undefined
      ? { cache: resolveCacheLocation(cwd, flags.cacheLocation) }
      : {}),
    ...(progress ? { onProgress: progress.update } : {}),
  }).finally(() => progress?.stop());
  const baseline = await applyBaseline(cwd, paths, flags, checked);
  if (baseline.updated) return 0;
  const result = baseline.result;
  const shown: CheckResult = flags.quiet
    ? {
        ...result,
        findings: result.findings.filter((f) => f.severity === "error"),
        summary: { ...result.summary, warning: 0 },
      }
    : result;
  const { emitReport } = await import("./output.js");
  await emitReport(cwd, shown, flags, pkg.version);
  if (result.summary.error > 0) return 1;
  if (flags.maxWarnings !== undefined && result.summary.warning > flags.maxWarnings) return 1;
  if (flags.strictBaseline && baseline.stale > 0) return 1;
  return 0;
}

const DEFAULT_BASELINE = "logical-baseline.json";

/**
 * --baseline, --update-baseline, --strict-baseline: drops the findings the
 * baseline file holds (or rewrites the file). Baseline entries outside this
 * run's paths and --rule are neither stale nor dropped by an update.
 */
async function applyBaseline(
  cwd: string,
  paths: string[],
  flags: CheckFlags,
  result: CheckResult,
): Promise<{ result: CheckResult; stale: number; updated: boolean }> {
  if (flags.baseline === undefined && !flags.updateBaseline && !flags.strictBaseline) {
    return { result, stale: 0, updated: false };
  }
  const file = path.resolve(cwd, typeof flags.baseline === "string" ? flags.baseline : DEFAULT_BASELINE);
  const name = toPosix(path.relative(cwd, file)) || file;
  const roots = (paths.length > 0 ? paths : ["."]).map((p) => path.resolve(cwd, p));
  const checkedFiles = result.checkedFiles && new Set(result.checkedFiles);
  const inScope = (e: BaselineEntry): boolean => {
    if (flags.rule.length > 0 && !flags.rule.includes(e.ruleId)) return false;
    if (checkedFiles && !checkedFiles.has(e.file)) return false;
    const absolute = path.resolve(cwd, e.file);
    return roots.some((root) => {
      const rel = path.relative(root, absolute);
      return rel === "" || (rel.split(path.sep)[0] !== ".." && !path.isAbsolute(rel));
    });
  };
  let old: Baseline | undefined;
  try {
    old = parseBaseline(await readFile(file, "utf8"));
  } catch (error) {
    // An update replaces a missing or unreadable file (say, one left with merge-conflict markers).
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    if (!flags.updateBaseline) {
      throw new UsageError(
        missing
          ? `baseline ${name} not found; create it with --update-baseline`
          : `baseline ${name}: ${(error as Error).message}`,
      );
    }
  }
  const { readSources } = await import("./output.js");
  const sources = await readSources(cwd, result);
  if (flags.updateBaseline) {
    const next = buildBaseline(
      result.findings,
      sources,
      old?.entries.filter((e) => !inScope(e)),
    );
    await writeFile(file, formatBaseline(next));
    process.stderr.write(
      `logical: wrote ${name} (${result.findings.length} findings, ${next.entries.length} entries)\n`,
    );
    return { result, stale: 0, updated: true };
  }
  const { fresh, stale } = compareWithBaseline(result.findings, sources, old!, inScope);
  if (stale > 0) process.stderr.write(`${stale} fewer than the baseline — run --update-baseline\n`);
  const summary = {
    error: fresh.filter((f) => f.severity === "error").length,
    warning: fresh.filter((f) => f.severity === "warning").length,
  };
  return { result: { ...result, findings: fresh, summary }, stale, updated: false };
}

interface FixFlags {
  dryRun?: boolean;
  allowDirty?: boolean;
  verbose?: boolean;
  typecheck?: boolean;
  logger?: string;
  format: "summary" | "json";
  config?: string;
  maxFileSize?: number;
  color?: boolean;
}

/** `logical fix`: plan, refuse a dirty tree, then print the diff (dry run) or write; exit 1 when a file could not be written. */
async function runFix(paths: string[], flags: FixFlags): Promise<number> {
  // The codemod's modules (and the diff library) load only for `fix`, so `check` starts sooner.
  const [
    { LoggerModuleError, planFixes, writeFixes },
    { dirtyFiles },
    { formatFixDiff, formatFixJson, formatFixSummary },
    { createColors },
  ] = await Promise.all([
    import("../codemod/fix-project.js"),
    import("../codemod/git.js"),
    import("../codemod/fix-report.js"),
    import("../reporters/colors.js"),
  ]);
  const cwd = process.cwd();
  const { config } = await loadConfig(cwd, flags.config);
  let plan;
  try {
    plan = await planFixes(paths.length > 0 ? paths : ["."], {
      cwd,
      config,
      ...((flags.logger ?? config.logger) !== undefined ? { logger: (flags.logger ?? config.logger)! } : {}),
      ...(flags.typecheck ? { typecheck: true } : {}),
      ...(flags.maxFileSize !== undefined ? { maxFileBytes: flags.maxFileSize } : {}),
    });
  } catch (error) {
    if (error instanceof LoggerModuleError) throw new UsageError(error.message);
    throw error;
  }
  if (!flags.dryRun && !flags.allowDirty) {
    const targets = plan.changes.map((c) => c.absolute);
    const dirty = await dirtyFiles(cwd, targets);
    if (dirty.length > 0) {
      const shown = dirty.slice(0, 5).map((f) => path.relative(cwd, f).split(path.sep).join("/"));
      const more = dirty.length > shown.length ? ` and ${dirty.length - shown.length} more` : "";
      throw new UsageError(
        `refusing to fix files with uncommitted changes (${shown.join(", ")}${more}); commit or stash them, or pass --allow-dirty`,
      );
    }
  }
  const colors = createColors(flags.color);
  if (!flags.dryRun) await writeFixes(plan);
  if (flags.format === "json") process.stdout.write(formatFixJson(plan, flags.dryRun === true));
  else {
    if (flags.dryRun) process.stdout.write(formatFixDiff(plan, colors));
    const verbose = flags.verbose === true;
    process.stdout.write(formatFixSummary(plan, { colors, verbose, dryRun: flags.dryRun === true }));
  }
  return plan.skipped.length > 0 ? 1 : 0;
}

function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command("logical")
    .description("Log-level linting and policy for machine-learning codebases (Python and JS/TS).")
    .version(pkg.version)
    .showHelpAfterError()
    .configureOutput({ outputError: (str, write) => write(str) })
    .exitOverride();

  program
    .command("check")
    .description("lint files and report findings; exit 1 on policy violations (the CI gate)")
    .argument("[paths...]", "files or directories to check", [])
    .addOption(
      new Option(
        "-f, --format <name>",
        "output format (github: also appends a summary table to $GITHUB_STEP_SUMMARY when set)",
      )
        .choices(reporterNames)
        .default("stylish"),
    )
    .option(
      "-o, --output-file <path>",
      "write the --format report to this file (created with its directories, or replaced); stdout then gets stylish",
    )
    .option("-r, --rule <id>", "run only this rule (repeatable, or comma-separated)", collect, [])
    .option("-q, --quiet", "report errors only, not warnings")
    .option("-c, --config <file>", "use this config file instead of searching for one")
    .option("--max-warnings <n>", "exit 1 when there are more than n warnings", positiveInt)
    .option("--max-file-size <bytes>", "skip files larger than this (default 2 MiB)", positiveInt)
    .option("--code-frame", "show the source line under each finding (stylish)")
    .option(
      "--workers <n>",
      "analyse on n threads, the main thread and n - 1 workers, when over 96 files need analysing (default: one per CPU core on JS/TS, 1 when Python files are in the run)",
      positiveInt,
    )
    .option("--color", "force colour output")
    .option("--no-color", "disable colour output (NO_COLOR is honoured too)")
    .option("--baseline [file]", `report only findings not in the baseline file (default ${DEFAULT_BASELINE})`)
    .option("--update-baseline", "write the baseline file from the current findings and exit 0")
    .option("--strict-baseline", "with a baseline: exit 1 when entries are stale (fixed), so it can only shrink")
    .option(
      "--changed-since <git-ref>",
      "report only on files changed since the ref (ref...HEAD, plus uncommitted and untracked files)",
    )
    .option("--shard <i/n>", "report only on shard i of n (a stable split of the files by path hash)", shardArg)
    .option("--cache", "reuse the outcomes of unchanged files (by content hash) from the cache file")
    .option("--cache-location <path>", "the cache file, or a directory for it (default .logicalcache); implies --cache")
    .action(async (paths: string[], flags: CheckFlags) => setExit(await runCheck(paths, flags)));

  program
    .command("fix")
    .description("convert print/pprint/console output to logger calls; exit 1 if a file is not written")
    .argument("[paths...]", "files or directories to fix", [])
    .option("--dry-run", "print a unified diff of what would change and write nothing")
    .option("--allow-dirty", "fix files even when they have uncommitted git changes")
    .option("-v, --verbose", "list every note (a level other than DEBUG, eager format()) and call left, with why")
    .option("--typecheck", "TS: compare diagnostics of changed files before/after; roll back files that gain errors")
    .option("--logger <module>", "JS/TS: the logger module to import (created there, on pino, when missing)")
    .addOption(new Option("-f, --format <name>", "output format").choices(["summary", "json"]).default("summary"))
    .option("-c, --config <file>", "use this config file instead of searching for one")
    .option("--max-file-size <bytes>", "skip files larger than this (default 2 MiB)", positiveInt)
    .option("--color", "force colour output")
    .option("--no-color", "disable colour output (NO_COLOR is honoured too)")
    .action(async (paths: string[], flags: FixFlags) => setExit(await runFix(paths, flags)));

  program
    .command("rules")
    .description("list the rules: id, step, languages, fixable, default severity")
    .addOption(new Option("-f, --format <name>", "output format").choices(["table", "json"]).default("table"))
    .action(async (flags: { format: "table" | "json" }) => {
      const [{ rules: allRules }, { formatRulesJson, formatRulesTable }] = await Promise.all([
        import("../../rules/index.js"),
        import("../reporters/rules.js"),
      ]);
      const metas = allRules.map((r) => r.meta);
      process.stdout.write(flags.format === "json" ? formatRulesJson(metas) : formatRulesTable(metas));
      setExit(0);
    });

  program
    .command("explain")
    .description("print a rule's documentation")
    .argument("<rule>", "the rule id (see `logical rules`)")
    .action(async (id: string) => {
      const { rules: allRules } = await import("../../rules/index.js");
      if (!allRules.some((r) => r.meta.id === id)) {
        throw new UsageError(`unknown rule "${id}"; \`logical rules\` lists them`);
      }
      // The package root's rules/<id>.md, shipped by package.json "files".
      process.stdout.write(await readFile(packagePath("rules", `${id}.md`), "utf8"));
      setExit(0);
    });

  registerReportCommand(program, setExit);
  registerStages(program, setExit);
  registerMerge(program, setExit, pkg.version);
  registerInit(program, setExit);
  registerLogsCommands(program, setExit);

  return program;
}

async function main(argv: string[]): Promise<void> {
  const program = buildProgram((code) => {
    process.exitCode = code;
  });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof ConfigurationError || error instanceof UsageError || error instanceof SelectionError) {
      process.stderr.write(`logical: ${error.message}\n`);
      process.exitCode = 2;
    } else if ((error as { code?: string }).code?.startsWith("commander.")) {
      const code = (error as { exitCode?: number }).exitCode ?? 2;
      // --help and --version exit 0; every usage mistake exits 2.
      process.exitCode = code === 0 ? 0 : 2;
    } else {
      process.stderr.write(`logical: internal error: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 2;
    }
  }
}

await main(process.argv);
