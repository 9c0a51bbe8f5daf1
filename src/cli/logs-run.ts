/**
 * What `logical logs` and `logical run` do once their arguments are parsed
 * (registered in ./logs.ts; loaded only when one of them runs).
 */
import { appendFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ChalkInstance } from "chalk";
import { loadConfig, type LogicalConfig } from "../engine/config.js";
import { describeFsError } from "../discover/discover.js";
import { Grouper } from "../logs/groups.js";
import { addStats, buildReport, groupReport, LogSink, overBudget, readLog, type Budget } from "../logs/gate.js";
import type { ReaderStats } from "../logs/reader.js";
import { runCommand } from "../logs/run.js";
import { indexProject, type ProjectIndex } from "../logs/sources.js";
import { createColors } from "../reporters/colors.js";
import { formatGroupText, formatLogs, formatLogsMarkdown, type LogsFormat } from "../reporters/logs.js";

export interface GateFlags {
  format: LogsFormat;
  outputFile?: string;
  maxWarnings?: number;
  maxErrors?: number;
  project?: string;
  config?: string;
  color?: boolean;
}

function budgetOf(config: LogicalConfig, flags: GateFlags): Budget {
  return {
    maxWarnings: flags.maxWarnings ?? config.logs?.maxWarnings ?? 0,
    maxErrors: flags.maxErrors ?? config.logs?.maxErrors ?? 0,
  };
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
export async function runLogs(files: string[], flags: GateFlags): Promise<number> {
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
export async function runRun(command: string[], flags: GateFlags): Promise<number> {
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
