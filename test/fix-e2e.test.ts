// `logical fix` end to end: real programs run before and after the conversion. The converted
// program exits the same way and its log output at DEBUG holds every value the original printed:
// the Python training job (fixtures/projects/py-train) under Debian's python3 with real pandas
// and scikit-learn, and a Node script (fixtures/codemod/node-report) with real pino and winston.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fixture, ROOT, runCli, tempDir } from "./helpers.js";

const PYTHON = "/usr/bin/python3";
const pythonReady = spawnSync(PYTHON, ["-c", "import pandas, sklearn, joblib"]).status === 0;

interface Run {
  status: number | null;
  output: string;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Run {
  const r = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

/** A committed copy of a fixture project (so `logical fix` runs without --allow-dirty). */
function committedCopy(source: string): string {
  const dir = path.join(tempDir("logical-e2e-"), path.basename(source));
  cpSync(source, dir, { recursive: true });
  git(dir, "init", "-q");
  git(dir, "add", "-A");
  git(dir, "-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-qm", "fixture");
  return dir;
}

function git(dir: string, ...args: string[]): string {
  const r = spawnSync("git", args, { cwd: dir, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

function changedFiles(dir: string): string[] {
  return git(dir, "status", "--porcelain")
    .split("\n")
    .filter(Boolean)
    .map((l) => l.slice(3))
    .sort();
}

/** Output that differs between two runs of the same program: durations, temp dirs, stack frames. */
function mask(text: string): string {
  return text
    .replace(/\d+\.\d+s\b/g, "<secs>")
    .replace(/\/tmp\/tmp\w+/g, "<tmp>")
    .split(/\r?\n/)
    .filter((l) => !/^\s+at /.test(l))
    .join("\n");
}

test(
  "Python training job: same exit, and every printed line is in the DEBUG log after `logical fix`",
  { skip: !pythonReady && `${PYTHON} lacks pandas/scikit-learn` },
  () => {
    const dir = committedCopy(fixture("projects", "py-train"));
    const args = ["train.py", "--data", "data/train.csv", "--out", path.join(path.dirname(dir), "artifacts")];
    const before = run(PYTHON, args, dir);
    const missingBefore = run(PYTHON, ["train.py", "--data", "missing.csv"], dir);
    assert.equal(before.status, 0, before.output);
    assert.equal(missingBefore.status, 1);

    const fix = runCli(["fix"], dir);
    assert.equal(fix.status, 0, fix.stderr);
    assert.match(fix.stdout, /✔ 20 calls converted, 5 files changed; 2 notes, 2 left in place/);
    assert.deepEqual(changedFiles(dir), ["data.py", "features.py", "model.py", "storage.py", "train.py"]);

    const after = run(PYTHON, args, dir, { LOG_LEVEL: "DEBUG" });
    assert.equal(after.status, before.status, after.output);
    const logged = mask(after.output);
    const lines = mask(before.output)
      .split(/[\r\n]+/)
      .map((l) => l.trimEnd())
      .filter((l) => l.trim() !== "");
    assert.ok(lines.length > 40, `the original printed ${lines.length} lines`);
    for (const line of lines) assert.ok(logged.includes(line), `not in the log after the fix: ${JSON.stringify(line)}`);

    // The failure path: still exit 1, and the error is logged at the default level (INFO).
    const missingAfter = run(PYTHON, ["train.py", "--data", "missing.csv"], dir);
    assert.equal(missingAfter.status, 1);
    assert.match(missingAfter.output, /ERROR data: ERROR: training data not found at missing\.csv/);

    const compiled = run(PYTHON, ["-m", "py_compile", ...changedFiles(dir)], dir);
    assert.equal(compiled.status, 0, compiled.output);

    // What is left is deliberate, and says why; a second run changes nothing.
    const left = JSON.parse(runCli(["check", "--rule", "no-print", "--format", "json"], dir).stdout) as {
      findings: { file: string; line: number; message: string }[];
    };
    assert.deepEqual(
      left.findings.map((f) => `${f.file}:${f.line}`),
      ["model.py:56", "model.py:57"],
    );
    for (const f of left.findings) assert.match(f.message, /Not converted automatically: /);
    git(dir, "add", "-A");
    const again = JSON.parse(runCli(["fix", "--format", "json"], dir).stdout) as { changed: unknown[] };
    assert.deepEqual(again.changed, []);
  },
);

/** Tokens (words, numbers) a program printed, stack frames aside. */
function values(output: string): Set<string> {
  return new Set(mask(output).match(/[A-Za-z_][\w-]*|\d+(?:\.\d+)?/g) ?? []);
}

function nodeProject(): string {
  const dir = committedCopy(fixture("codemod", "node-report"));
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

function assertSameValues(dir: string, library: "pino" | "winston"): void {
  const script = ["src/report.js"];
  const before = run(process.execPath, script, dir);
  const failedBefore = run(process.execPath, [...script, "--fail"], dir);
  const fix = runCli(["fix"], dir);
  assert.equal(fix.status, 0, fix.stdout + fix.stderr);
  const after = run(process.execPath, script, dir, { LOG_LEVEL: "debug" });
  const failedAfter = run(process.execPath, [...script, "--fail"], dir, { LOG_LEVEL: "debug" });
  assert.equal(before.status, 0);
  assert.equal(after.status, before.status, after.output);
  assert.equal(failedAfter.status, failedBefore.status);
  assert.equal(failedBefore.status, 3);
  for (const [b, a] of [
    [before, after],
    [failedBefore, failedAfter],
  ] as const) {
    const logged = values(a.output);
    const missing = [...values(b.output)].filter((v) => !logged.has(v));
    assert.deepEqual(missing, [], `${library}: printed before, not logged after`);
  }
  // Nothing is left on the console: every call went to the logger.
  assert.doesNotMatch(readFileSync(path.join(dir, "src/report.js"), "utf8"), /console\./);
  if (library === "pino") for (const line of after.output.trim().split("\n")) JSON.parse(line);
  const again = JSON.parse(runCli(["fix", "--format", "json", "--allow-dirty"], dir).stdout) as { changed: unknown[] };
  assert.deepEqual(again.changed, []);
}

test("Node script with pino: a logger module is created, same exits, every printed value is logged", () => {
  const dir = nodeProject();
  assertSameValues(dir, "pino");
  assert.equal(readFileSync(path.join(dir, "src/logger.js"), "utf8").includes('import pino from "pino"'), true);
  assert.equal(git(dir, "diff", "--stat", "package.json"), "", "pino is a dependency already");
  assert.match(readFileSync(path.join(dir, "src/report.js"), "utf8"), /^import \{ logger \} from "\.\/logger\.js";$/m);
});

test("Node script with winston: the project's own logger module is found and used", () => {
  const dir = nodeProject();
  const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
  };
  pkg.dependencies = { winston: "^3.19.0" };
  writeFileSync(path.join(dir, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
  writeFileSync(
    path.join(dir, "src/log.js"),
    [
      'import winston from "winston";',
      "",
      "export const log = winston.createLogger({",
      '  level: process.env.LOG_LEVEL ?? "info",',
      "  format: winston.format.combine(winston.format.errors({ stack: true }), winston.format.splat(), winston.format.simple()),",
      "  transports: [new winston.transports.Console()],",
      "});",
      "",
    ].join("\n"),
  );
  git(dir, "add", "-A");
  git(dir, "-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-qm", "winston");
  assertSameValues(dir, "winston");
  assert.match(readFileSync(path.join(dir, "src/report.js"), "utf8"), /^import \{ log \} from "\.\/log\.js";$/m);
  assert.equal(existsSync(path.join(dir, "src/logger.js")), false);
});
