/**
 * `logical run -- <command>`: runs the command with its output passed
 * through unchanged (each stream piped straight to ours, chunk by chunk, as
 * it comes) while a reader per stream groups its records.
 */
import { spawn } from "node:child_process";
import { constants } from "node:os";
import type { Readable, Writable } from "node:stream";
import { Grouper } from "./groups.js";
import { addStats, LogSink } from "./gate.js";
import { LineDecoder } from "./line-decoder.js";
import type { ReaderStats } from "./reader.js";

export interface RunOutcome {
  /** The command's exit code; for a command killed by a signal, 128 + its number, as shells report it. */
  exitCode: number;
  signal: NodeJS.Signals | null;
  /** Why the command could not be started (not found, not executable), or null. */
  spawnError: string | null;
  grouper: Grouper;
  stats: ReaderStats;
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  stdout?: Writable;
  stderr?: Writable;
}

const FORWARDED: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/** Copies a child's stream to ours as it arrives (pausing when ours is full) and feeds it to a reader. */
function tee(from: Readable, to: Writable, sink: LogSink): Promise<void> {
  const decoder = new LineDecoder((text) => sink.reader.write(text));
  return new Promise((resolve) => {
    from.on("data", (chunk: Buffer) => {
      if (!to.write(chunk)) {
        from.pause();
        to.once("drain", () => from.resume());
      }
      decoder.write(chunk);
    });
    from.on("end", () => {
      decoder.end();
      sink.reader.end();
      resolve();
    });
    from.on("error", () => resolve());
  });
}

export async function runCommand(command: readonly string[], options: RunOptions): Promise<RunOutcome> {
  const grouper = new Grouper();
  const stats: ReaderStats = { lines: 0, records: 0, unrecognised: 0 };
  const env = { ...(options.env ?? process.env), PYTHONUNBUFFERED: "1" };
  const child = spawn(command[0]!, command.slice(1), { cwd: options.cwd, env, stdio: ["inherit", "pipe", "pipe"] });
  const out = new LogSink(grouper, "stdout");
  const err = new LogSink(grouper, "stderr");
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  for (const s of FORWARDED) process.on(s, forward);
  try {
    const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error: Error | null }>((resolve) => {
      child.on("error", (error) => resolve({ code: null, signal: null, error }));
      child.on("close", (code, signal) => resolve({ code, signal, error: null }));
    });
    const streams = Promise.all([
      tee(child.stdout, options.stdout ?? process.stdout, out),
      tee(child.stderr, options.stderr ?? process.stderr, err),
    ]);
    const result = await done;
    if (result.error === null) await streams;
    addStats(stats, out.reader.stats);
    addStats(stats, err.reader.stats);
    if (result.error !== null) {
      const code = (result.error as NodeJS.ErrnoException).code;
      const reason =
        code === "ENOENT" ? "command not found" : code === "EACCES" ? "permission denied" : result.error.message;
      return { exitCode: code === "ENOENT" ? 127 : 126, signal: null, spawnError: reason, grouper, stats };
    }
    const exitCode =
      result.code ?? (result.signal ? 128 + ((constants.signals[result.signal] as number | undefined) ?? 0) : 1);
    return { exitCode, signal: result.signal, spawnError: null, grouper, stats };
  } finally {
    for (const s of FORWARDED) process.off(s, forward);
  }
}
