// `logical run` on real commands: a Python training job with real pandas and scikit-learn
// (Debian's python3, as .ci/run installs it) before and after its warnings are dealt with,
// a command that fails, and the pass-through of both streams.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fixture, runCli, tempDir } from "./helpers.js";

const PYTHON = "/usr/bin/python3";
const RUN = fixture("logs", "run");
const FIXED = fixture("logs", "run-fixed");

interface Report {
  warnings: number;
  errors: number;
  groups: {
    level: string;
    template: string;
    count: number;
    origin: string;
    module?: string;
    source?: { file: string; line: number };
    advice: string;
    suppress?: string;
  }[];
}

/** What the command alone writes, run directly: `logical run` must pass it through unchanged. */
function direct(args: string[], cwd: string): { stdout: string; stderr: string } {
  const r = spawnSync(PYTHON, args, { cwd, encoding: "utf8", env: { ...process.env, PYTHONUNBUFFERED: "1" } });
  return { stdout: r.stdout, stderr: r.stderr };
}

test("a training run with a library FutureWarning and a logged warning fails the gate; each group is mapped", () => {
  const out = path.join(tempDir(), "report.json");
  const run = runCli(["run", "--format", "json", "-o", out, "--", PYTHON, "train.py"], RUN);
  assert.equal(run.status, 1);
  const alone = direct(["train.py"], RUN);
  assert.equal(run.stdout, alone.stdout);
  assert.ok(run.stderr.startsWith(alone.stderr), "the command's stderr comes first, unchanged");
  const report = JSON.parse(readFileSync(out, "utf8")) as Report;
  assert.deepEqual([report.warnings, report.errors], [2, 0]);
  assert.deepEqual(report.groups, [
    {
      level: "warning",
      template: "dropped <num> rows with no plan",
      count: 1,
      example: "WARNING:__main__:dropped 1 rows with no plan",
      origin: "project",
      source: { file: "train.py", line: 22 },
      advice: "fix the cause, or, if it needs no action, downgrade it to INFO at train.py:22 (`logger.info`)",
    },
    {
      level: "warning",
      template:
        "FutureWarning: `sparse` was renamed to `sparse_output` in version <num> and will be removed in <num>. `sparse_output` is ignored unless you leave `sparse` to its default value.",
      count: 1,
      example:
        "/usr/lib/python3/dist-packages/sklearn/preprocessing/_encoders.py:828: FutureWarning: `sparse` was renamed to `sparse_output` in version 1.2 and will be removed in 1.4. `sparse_output` is ignored unless you leave `sparse` to its default value.\n  warnings.warn(",
      origin: "third-party",
      module: "sklearn",
      advice:
        'fix the call the warning is about, or suppress exactly this warning: warnings.filterwarnings("ignore", message="`sparse` was renamed to `sparse_output` in version", category=FutureWarning, module="sklearn")',
      suppress:
        'warnings.filterwarnings("ignore", message="`sparse` was renamed to `sparse_output` in version", category=FutureWarning, module="sklearn")',
    },
  ]);
});

test("the same run after the fix (sparse_output, the expected gap at INFO) passes the gate", () => {
  const run = runCli(["run", "--", PYTHON, "train.py"], FIXED);
  assert.equal(run.status, 0);
  assert.equal(run.stdout, "");
  assert.equal(
    run.stderr,
    `INFO:__main__:dropped 1 rows with no plan
INFO:__main__:trained on 7 rows: accuracy 1.000

2 lines read, 2 records, 0 lines not recognised
0 warnings, 0 errors (budget 0 warnings, 0 errors)
`,
  );
});

test("a budget lets a known warning through: --max-warnings", () => {
  const run = runCli(["run", "--max-warnings", "2", "--format", "markdown", "--", PYTHON, "train.py"], RUN);
  assert.equal(run.status, 0);
  assert.match(run.stderr, /\n2 warnings, 0 errors \(budget 2 warnings, 0 errors\)\.\n/);
});

test("a failed command keeps its exit code, and the last error group is shown", () => {
  const run = runCli(["run", "--", PYTHON, "evaluate.py", "models/churn.joblib"], RUN);
  assert.equal(run.status, 3);
  assert.equal(run.stdout, "");
  assert.equal(
    run.stderr,
    `WARNING:__main__:no threshold given, using 0.50
ERROR:__main__:model file models/churn.joblib not found

logical: \`/usr/bin/python3 evaluate.py models/churn.joblib\` exited with 3; the last error:
error   ×1  model file <path> not found
  from     evaluate.py:11 (project)
  example  ERROR:__main__:model file models/churn.joblib not found
  do       fix the cause: a run that logs an error should fail there; if it can go on, lower the level at evaluate.py:11
`,
  );
});

test("both streams pass through as the child writes them, with PYTHONUNBUFFERED set", () => {
  const script = [
    "import os, sys",
    "print('out 1')",
    "print('err 1', file=sys.stderr)",
    "print('unbuffered=' + os.environ.get('PYTHONUNBUFFERED', ''))",
    "sys.stdout.write('no newline at the end')",
  ].join("\n");
  const run = runCli(["run", "--", PYTHON, "-c", script], tempDir());
  assert.equal(run.status, 0);
  assert.equal(run.stdout, "out 1\nunbuffered=1\nno newline at the end");
  assert.equal(
    run.stderr,
    "err 1\n\n4 lines read, 0 records, 4 lines not recognised\n0 warnings, 0 errors (budget 0 warnings, 0 errors)\n",
  );
});

test("a command that does not exist exits 127 with the cause", () => {
  const run = runCli(["run", "--", "no-such-command-for-logical"], tempDir());
  assert.equal(run.status, 127);
  assert.equal(run.stderr, "logical: cannot run `no-such-command-for-logical`: command not found\n");
});
