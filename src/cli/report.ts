/**
 * `logical report [paths]`: which of the post's eight steps the project is on.
 * Registered by main.ts; touches `process` like the rest of src/cli.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import type { CheckOptions } from "../engine/check.js";
import { toPosix } from "../discover/paths.js";
import { loadConfig } from "../engine/config.js";
import type { LinkTo } from "../reporters/report.js";

const FORMATS = ["terminal", "markdown", "json", "html"] as const;
type ReportFormat = (typeof FORMATS)[number];

interface ReportFlags {
  format: ReportFormat;
  outputFile?: string;
  config?: string;
  top: number;
  linkBase?: string;
  minStep?: number;
  maxFileSize?: number;
  workers?: number;
  color?: boolean;
}

function whole(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("expected a whole number");
  return n;
}

function stepNumber(value: string): number {
  const n = whole(value);
  if (n > 8) throw new InvalidArgumentError("expected a step from 0 to 8");
  return n;
}

/**
 * Where a place links to: `<base>/<file>#L<line>` with --link-base (a GitHub
 * blob URL, say); otherwise, for a page written to a file, the source file
 * relative to that page; otherwise nothing.
 */
function linker(cwd: string, flags: ReportFlags): LinkTo {
  if (flags.linkBase !== undefined) {
    const base = flags.linkBase.replace(/\/+$/, "");
    return (file, line) => `${base}/${file.split("/").map(encodeURIComponent).join("/")}#L${line}`;
  }
  if (flags.outputFile === undefined || flags.format !== "html") return () => null;
  const from = path.dirname(path.resolve(cwd, flags.outputFile));
  return (file, line) => {
    const rel = toPosix(path.relative(from, path.resolve(cwd, file)));
    return `${rel.split("/").map(encodeURIComponent).join("/")}#L${line}`;
  };
}

async function runReport(paths: string[], flags: ReportFlags): Promise<number> {
  // Loaded when the command runs, so that other commands start without them.
  const [{ rules: allRules }, { check }, { buildReport }, { createColors }, { formatReportHtml }, reporters] =
    await Promise.all([
      import("../../rules/index.js"),
      import("../engine/check.js"),
      import("../engine/report.js"),
      import("../reporters/colors.js"),
      import("../reporters/report-html.js"),
      import("../reporters/report.js"),
    ]);
  const { formatReportJson, formatReportMarkdown, formatReportTerminal } = reporters;
  const cwd = process.cwd();
  const { config } = await loadConfig(cwd, flags.config);
  // Every rule runs: a step is not done because its check was switched off. Overrides and
  // inline suppressions still hold, as the deliberate exemptions they are.
  const options: CheckOptions = {
    cwd,
    config,
    onlyRules: allRules.map((r) => r.meta.id),
    logCounts: true,
    stages: true,
    oneShot: true,
    ...(flags.maxFileSize !== undefined ? { maxFileBytes: flags.maxFileSize } : {}),
    ...(flags.workers !== undefined ? { workers: flags.workers } : {}),
  };
  const targets = paths.length > 0 ? paths : ["."];
  const result = await check(targets, options);
  if (result.files === 0) {
    // A step of nothing would read as progress: say what was looked at instead.
    const causes = result.errors.map((e) => `; ${e.file}: ${e.message}`).join("");
    process.stderr.write(`logical: no Python or JS/TS file to report on in ${targets.join(", ")}${causes}\n`);
    return 2;
  }
  const report = buildReport(result, { rules: allRules.map((r) => r.meta), top: flags.top });
  const link = linker(cwd, flags);
  const render = (format: ReportFormat, color: boolean | undefined): string => {
    switch (format) {
      case "terminal":
        return formatReportTerminal(report, createColors(color));
      case "markdown":
        return formatReportMarkdown(report, link);
      case "json":
        return formatReportJson(report);
      case "html":
        return formatReportHtml(report, link);
    }
  };
  if (flags.outputFile !== undefined) {
    const target = path.resolve(cwd, flags.outputFile);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, render(flags.format, false));
    process.stdout.write(render("terminal", flags.color));
  } else {
    process.stdout.write(render(flags.format, flags.color));
  }
  return flags.minStep !== undefined && report.step < flags.minStep ? 1 : 0;
}

export function registerReportCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command("report")
    .description("show which of the eight steps the project is on, with figures and where to work next")
    .argument("[paths...]", "files or directories to report on", [])
    .addOption(new Option("-f, --format <name>", "output format").choices(FORMATS).default("terminal"))
    .option(
      "-o, --output-file <path>",
      "write the --format report to this file (created with its directories, or replaced); stdout then gets the terminal report",
    )
    .option("-c, --config <file>", "use this config file instead of searching for one")
    .option("--top <n>", "places listed per step (default 5)", whole, 5)
    .option("--link-base <url>", "link places to <url>/<file>#L<line> (markdown, html), e.g. a GitHub blob URL")
    .option("--min-step <n>", "exit 1 when the project is below this step (0-8)", stepNumber)
    .option("--max-file-size <bytes>", "skip files larger than this (default 2 MiB)", whole)
    .option(
      "--workers <n>",
      "analyse on n threads, the main thread and n - 1 workers, when over 96 files need analysing (default: one per CPU core on JS/TS, 1 when Python files are in the run)",
      whole,
    )
    .option("--color", "force colour output")
    .option("--no-color", "disable colour output (NO_COLOR is honoured too)")
    .action(async (paths: string[], flags: ReportFlags) => setExit(await runReport(paths, flags)));
}
