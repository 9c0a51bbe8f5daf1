/**
 * The runtime gate's commands, `logical logs` and `logical run`: the post's
 * "when the system runs as expected there are NO WARNINGS and NO ERRORS",
 * checked on a real run's output.
 */
import { appendFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ChalkInstance } from "chalk";
import { type Command, InvalidArgumentError, Option } from "commander";
import { loadConfig, type LogicalConfig } from "../engine/config.js";
import { describeFsError } from "../discover/discover.js";
import { Grouper } from "../logs/groups.js";
import { addStats, buildReport, groupReport, LogSink, overBudget, readLog, type Budget } from "../logs/gate.js";
import type { ReaderStats } from "../logs/reader.js";
import { runCommand } from "../logs/run.js";
import { indexProject, type ProjectIndex } from "../logs/sources.js";
import { createColors } from "../reporters/colors.js";
import { formatGroupText, formatLogs, formatLogsMarkdown, logsFormats, type LogsFormat } from "../reporters/logs.js";

interface GateFlags {
  format: LogsFormat;
  outputFile?: string;
  maxWarnings?: number;
  maxErrors?: number;
  project?: string;
  config?: string;
  color?: boolean;
}

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("expected a whole number");
  return n;
}

function budgetOf(config: LogicalConfig, flags: GateFlags): Budget {
  return {
    maxWarnings: flags.maxWarnings ?? config.logs?.maxWarnings ?? 0,
    maxErrors: flags.maxErrors ?? config.logs?.maxErrors ?? 0,
  };
}

function addGateOptions(command: Command): Command {
  return command
    .addOption(new Option("-f, --format <name>", "output format").choices(logsFormats).default("text"))
    .option(
      "-o, --output-file <path>",
      "write the --format report to this file (created with its directories); the terminal then gets text",
    )
    .option(
      "--max-warnings <n>",
      "warnings allowed before the gate fails (default 0, or logs.maxWarnings)",
      wholeNumber,
    )
    .option("--max-errors <n>", "errors allowed before the gate fails (default 0, or logs.maxErrors)", wholeNumber)
    .option("--project <dir>", "the project whose log calls messages are matched against (default: .)")
    .option("-c, --config <file>", "use this config file instead of searching for one")
    .option("--color", "force colour output")
    .option("--no-color", "disable colour output (NO_COLOR is honoured too)");
}

function reportProjectProblems(index: ProjectIndex | null): void {
  for (const p of index?.problems ?? []) {
    process.stderr.write(`logical: ${p.file}: ${p.message} (its log calls are not matched)\n`);
  }
}

/** The `--format` report goes to `terminal`, or, with `--output-file`, to that file (never coloured) while `terminal` gets text. */
async function emit(
  flags: GateFlags,
  cwd: string,
  terminal: NodeJS.WriteStream,
  render: (format: LogsFormat, colors: ChalkInstance) => string,
): Promise<void> {
  const colors = createColors(flags.color);
  if (flags.outputFile === undefined) {
    terminal.write(render(flags.format, colors));
    return;
  }
  const target = path.resolve(cwd, flags.outputFile);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, render(flags.format, createColors(false)));
  terminal.write(render("text", colors));
}

async function gate(
  grouper: Grouper,
  stats: ReaderStats,
  flags: GateFlags,
  config: LogicalConfig,
  cwd: string,
  terminal: NodeJS.WriteStream,
): Promise<number> {
  const budget = budgetOf(config, flags);
  const project = path.resolve(cwd, flags.project ?? ".");
  const { report, index } = await buildReport(grouper, stats, { project, cwd, ignore: config.ignore ?? [] });
  reportProjectProblems(index);
  await emit(flags, cwd, terminal, (format, colors) => formatLogs(format, report, budget, colors));
  const summaryFile = process.env.GITHUB_STEP_SUMMARY;
  if (flags.format === "github" && summaryFile) await appendFile(summaryFile, formatLogsMarkdown(report, budget));
  return overBudget(report, budget) ? 1 : 0;
}

/** `logical logs <file|-> …`: exit 1 over the budget, 2 when an input could not be read. */
async function runLogs(files: string[], flags: GateFlags): Promise<number> {
  const cwd = process.cwd();
  const { config } = await loadConfig(cwd, flags.config);
  const grouper = new Grouper();
  const stats: ReaderStats = { lines: 0, records: 0, unrecognised: 0 };
  let unreadable = 0;
  for (const file of files) {
    const sink = new LogSink(grouper, file);
    try {
      await readLog(file === "-" ? file : path.resolve(cwd, file), sink);
    } catch (error) {
      unreadable++;
      const cause = (error as NodeJS.ErrnoException).code ? describeFsError(error) : (error as Error).message;
      process.stderr.write(`logical: cannot read ${file}: ${cause}\n`);
      sink.reader.end();
    }
    addStats(stats, sink.reader.stats);
  }
  const code = await gate(grouper, stats, flags, config, cwd, process.stdout);
  return unreadable > 0 ? 2 : code;
}

/** `logical run -- <command>`: the command's exit code when it fails, else the gate's. Reports go to stderr. */
async function runRun(command: string[], flags: GateFlags): Promise<number> {
  const cwd = process.cwd();
  const { config } = await loadConfig(cwd, flags.config);
  const outcome = await runCommand(command, { cwd });
  const shown = command.join(" ");
  if (outcome.spawnError !== null) {
    process.stderr.write(`logical: cannot run \`${command[0]}\`: ${outcome.spawnError}\n`);
    return outcome.exitCode;
  }
  if (outcome.exitCode !== 0) {
    const how = outcome.signal ? `was killed by ${outcome.signal}` : `exited with ${outcome.exitCode}`;
    const last = outcome.grouper.lastError;
    let text = `\nlogical: \`${shown}\` ${how}`;
    if (last !== null) {
      const index = await indexProject(path.resolve(cwd, flags.project ?? "."), cwd, config.ignore ?? []);
      const colors = createColors(flags.color);
      text += `; the last error:\n${formatGroupText(groupReport(last, index, cwd), colors)}\n`;
    } else text += "\n";
    process.stderr.write(text);
    return outcome.exitCode;
  }
  if (outcome.stats.lines > 0) process.stderr.write("\n");
  return gate(outcome.grouper, outcome.stats, flags, config, cwd, process.stderr);
}

export function registerLogsCommands(program: Command, setExit: (code: number) => void): void {
  addGateOptions(
    program
      .command("logs")
      .description(
        "read log output, group its warnings and errors and map them to their source; exit 1 over the budget",
      )
      .argument("<files...>", "log files (`-` for stdin; .gz is decompressed)"),
  ).action(async (files: string[], flags: GateFlags) => setExit(await runLogs(files, flags)));

  addGateOptions(
    program
      .command("run")
      .description(
        "run a command with its output passed through, then gate it as `logs` does; a failed command's exit code is kept",
      )
      .usage("[options] -- <command> [args...]")
      .argument("<command...>", "the command and its arguments, after `--`"),
  ).action(async (command: string[], flags: GateFlags) => setExit(await runRun(command, flags)));
}
