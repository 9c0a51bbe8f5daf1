/**
 * The runtime gate's commands, `logical logs` and `logical run`: the post's
 * "when the system runs as expected there are NO WARNINGS and NO ERRORS",
 * checked on a real run's output. What they do is in ./logs-run.ts, loaded
 * when one of them runs.
 */
import { type Command, InvalidArgumentError, Option } from "commander";
import { logsFormats } from "../reporters/logs.js";
import type { GateFlags } from "./logs-run.js";

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("expected a whole number");
  return n;
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

export function registerLogsCommands(program: Command, setExit: (code: number) => void): void {
  addGateOptions(
    program
      .command("logs")
      .description(
        "read log output, group its warnings and errors and map them to their source; exit 1 over the budget",
      )
      .argument("<files...>", "log files (`-` for stdin; .gz is decompressed)"),
  ).action(async (files: string[], flags: GateFlags) =>
    setExit(await (await import("./logs-run.js")).runLogs(files, flags)),
  );

  addGateOptions(
    program
      .command("run")
      .description(
        "run a command with its output passed through, then gate it as `logs` does; a failed command's exit code is kept",
      )
      .usage("[options] -- <command> [args...]")
      .argument("<command...>", "the command and its arguments, after `--`"),
  ).action(async (command: string[], flags: GateFlags) =>
    setExit(await (await import("./logs-run.js")).runRun(command, flags)),
  );
}
