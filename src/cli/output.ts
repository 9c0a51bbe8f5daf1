/** Writing a check result: the chosen report to stdout, or to `--output-file` with stylish on the terminal. */
import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { rules as allRules } from "../../rules/index.js";
import type { ChalkInstance } from "chalk";
import type { CheckResult } from "../engine/check.js";
import { formatGithubSummary } from "../reporters/github.js";
import { reporters, type ReporterName } from "../reporters/index.js";

export interface OutputFlags {
  format: ReporterName;
  outputFile?: string;
  codeFrame?: boolean;
  color?: boolean;
}

/** Colours for a report in `format`: only stylish colours, so chalk is loaded only for it. */
async function colorsFor(format: ReporterName, enabled: boolean | undefined): Promise<ChalkInstance | undefined> {
  if (format !== "stylish") return undefined;
  return (await import("../reporters/colors.js")).createColors(enabled);
}

export async function emitReport(cwd: string, result: CheckResult, flags: OutputFlags, version: string): Promise<void> {
  const needsSources = flags.codeFrame === true && (flags.format === "stylish" || flags.outputFile !== undefined);
  const sources = needsSources ? await readSources(cwd, result) : undefined;
  const context = {
    rules: allRules.map((r) => r.meta),
    version,
    ...(sources ? { sources } : {}),
  };
  if (flags.outputFile !== undefined) {
    // The chosen format goes to the file (never coloured); the terminal gets stylish.
    const report = reporters[flags.format](result, { ...context, colors: await colorsFor(flags.format, false) });
    const target = path.resolve(cwd, flags.outputFile);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, report);
    process.stdout.write(reporters.stylish(result, { ...context, colors: await colorsFor("stylish", flags.color) }));
  } else {
    process.stdout.write(
      reporters[flags.format](result, { ...context, colors: await colorsFor(flags.format, flags.color) }),
    );
  }
  const summaryFile = process.env.GITHUB_STEP_SUMMARY;
  if (flags.format === "github" && summaryFile) await appendFile(summaryFile, formatGithubSummary(result));
}

/** The source text of every file with a finding, by its relative path. */
export async function readSources(cwd: string, result: CheckResult): Promise<Map<string, string>> {
  const sources = new Map<string, string>();
  for (const file of new Set(result.findings.map((f) => f.file))) {
    sources.set(file, await readFile(path.resolve(cwd, file), "utf8"));
  }
  return sources;
}
