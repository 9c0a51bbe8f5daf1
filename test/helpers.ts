import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (tests run from dist/test). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** The `logical` bin as package.json names it: the bundle (scripts/bundle.ts). */
export const BIN = path.join(ROOT, "dist/cli/main.js");

export function fixture(...parts: string[]): string {
  return path.join(ROOT, "fixtures", ...parts);
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Spawns the built `logical` binary with colour off, as a user's terminal would run it. */
export function runCli(args: readonly string[], cwd = ROOT, env: NodeJS.ProcessEnv = {}): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Temporary directories this test process made: removed when it exits. */
const made: string[] = [];
process.on("exit", () => {
  for (const dir of made) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Left for the system's own clean-up (a test made part of it unremovable).
    }
  }
});

export function tempDir(prefix = "logical-test-"): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A temporary directory holding `files` (relative paths; folders are created). */
export function project(files: Record<string, string | Buffer>, prefix?: string): string {
  const dir = tempDir(prefix);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** `file:line:column` keys, sorted, for comparing findings of two tools. */
export function locations(items: Iterable<{ file: string; line: number; column: number }>): string[] {
  return [...items].map((i) => `${i.file}:${i.line}:${i.column}`).sort();
}
