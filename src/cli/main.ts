#!/usr/bin/env node
/**
 * The `logical` command: parse arguments → build options (load and validate
 * config) → run the engine (returns data, prints nothing) → reporter → exit
 * code. The only module that touches `process`.
 */
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { check, type CheckResult } from "../engine/check.js";
import { ConfigurationError, loadConfig } from "../engine/config.js";
import { createColors } from "../reporters/colors.js";
import { formatJson } from "../reporters/json.js";
import { formatStylish } from "../reporters/stylish.js";

const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string };

/** A mistake in how logical was called: exit 2 with a one-line cause. */
class UsageError extends Error {}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("expected a whole number");
  return n;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(",").map((s) => s.trim()).filter(Boolean)];
}

interface CheckFlags {
  format: "stylish" | "json";
  rule: string[];
  quiet?: boolean;
  config?: string;
  maxFileSize?: number;
  maxWarnings?: number;
  codeFrame?: boolean;
  color?: boolean;
}

async function runCheck(paths: string[], flags: CheckFlags): Promise<number> {
  const cwd = process.cwd();
  const { config } = await loadConfig(cwd, flags.config);
  const result = await check(paths.length > 0 ? paths : ["."], {
    cwd,
    config,
    ...(flags.rule.length > 0 ? { onlyRules: flags.rule } : {}),
    ...(flags.maxFileSize !== undefined ? { maxFileBytes: flags.maxFileSize } : {}),
  });
  const shown: CheckResult = flags.quiet
    ? { ...result, findings: result.findings.filter((f) => f.severity === "error"), summary: { ...result.summary, warning: 0 } }
    : result;
  if (flags.format === "json") process.stdout.write(formatJson(shown));
  else {
    const sources = flags.codeFrame ? await readSources(cwd, shown) : undefined;
    process.stdout.write(formatStylish(shown, { colors: createColors(flags.color), ...(sources ? { sources } : {}) }));
  }
  if (result.summary.error > 0) return 1;
  if (flags.maxWarnings !== undefined && result.summary.warning > flags.maxWarnings) return 1;
  return 0;
}

async function readSources(cwd: string, result: CheckResult): Promise<Map<string, string>> {
  const sources = new Map<string, string>();
  for (const file of new Set(result.findings.map((f) => f.file))) {
    sources.set(file, await readFile(path.resolve(cwd, file), "utf8"));
  }
  return sources;
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
    .addOption(new Option("-f, --format <name>", "output format").choices(["stylish", "json"]).default("stylish"))
    .option("-r, --rule <id>", "run only this rule (repeatable, or comma-separated)", collect, [])
    .option("-q, --quiet", "report errors only, not warnings")
    .option("-c, --config <file>", "use this config file instead of searching for one")
    .option("--max-warnings <n>", "exit 1 when there are more than n warnings", positiveInt)
    .option("--max-file-size <bytes>", "skip files larger than this (default 2 MiB)", positiveInt)
    .option("--code-frame", "show the source line under each finding (stylish)")
    .option("--color", "force colour output")
    .option("--no-color", "disable colour output (NO_COLOR is honoured too)")
    .action(async (paths: string[], flags: CheckFlags) => setExit(await runCheck(paths, flags)));

  return program;
}

async function main(argv: string[]): Promise<void> {
  const program = buildProgram((code) => {
    process.exitCode = code;
  });
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof ConfigurationError || error instanceof UsageError) {
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
