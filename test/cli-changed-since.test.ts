// --changed-since in a real temporary git repository: committed changes since the merge base,
// staged, unstaged and untracked files count; changes on the base branch and ignored files do not.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { appendFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { project, runCli } from "./helpers.js";

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.com",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.com",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_CONFIG_NOSYSTEM: "1",
};

function git(dir: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd: dir, env: GIT_ENV, encoding: "utf8" });
}

/**
 * main: a.py, b.py, lib/c.js, old.py (all with output), and .gitignore. Branch `feature` changes
 * b.py and deletes old.py in a commit; main then changes a.py (not part of feature's diff). The
 * working tree has an unstaged change to lib/c.js, a staged new e.py, an untracked d.py and an
 * ignored ignored.py.
 */
function repository(): string {
  const dir = project({
    ".gitignore": "ignored.py\n",
    "a.py": `print("a")\n`,
    "b.py": `print("b")\n`,
    "lib/c.js": `console.log("c");\n`,
    "old.py": `print("old")\n`,
  });
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", ".");
  git(dir, "commit", "-q", "-m", "base");
  git(dir, "checkout", "-q", "-b", "feature");
  appendFileSync(path.join(dir, "b.py"), `print("b2")\n`);
  rmSync(path.join(dir, "old.py"));
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "feature work");
  git(dir, "checkout", "-q", "main");
  appendFileSync(path.join(dir, "a.py"), `print("a2")\n`);
  git(dir, "commit", "-q", "-am", "main moves on");
  git(dir, "checkout", "-q", "feature");
  appendFileSync(path.join(dir, "lib/c.js"), `console.log("c2");\n`);
  writeFileSync(path.join(dir, "e.py"), `print("e")\n`);
  git(dir, "add", "e.py");
  writeFileSync(path.join(dir, "d.py"), `print("d")\n`);
  writeFileSync(path.join(dir, "ignored.py"), `print("ignored")\n`);
  return dir;
}

const PRINT = "`print` found: development output should be a DEBUG log (step 1).";
const CONSOLE = "`console.log` found: development output should be a DEBUG log (step 1).";

test("--changed-since reports only files changed since the merge base, plus uncommitted and untracked ones", () => {
  const dir = repository();
  const run = runCli(["check", "--changed-since", "main"], dir);
  assert.equal(run.stderr, "");
  assert.equal(
    run.stdout,
    [
      "b.py",
      `  1:1  error  ${PRINT}  no-print`,
      `  2:1  error  ${PRINT}  no-print`,
      "",
      "d.py",
      `  1:1  error  ${PRINT}  no-print`,
      "",
      "e.py",
      `  1:1  error  ${PRINT}  no-print`,
      "",
      "lib/c.js",
      `  1:1  error  ${CONSOLE}  no-print`,
      `  2:1  error  ${CONSOLE}  no-print`,
      "",
      "✖ 6 problems (6 errors, 0 warnings)",
      "  4 problems can be converted with `logical fix`.",
      "",
    ].join("\n"),
  );
  assert.equal(run.status, 1);
  // The whole tree, for comparison: a.py is checked too.
  const full = JSON.parse(runCli(["check", "--format", "json"], dir).stdout) as { files: number };
  assert.equal(full.files, 5);
  const narrowed = JSON.parse(runCli(["check", "--format", "json", "--changed-since", "main"], dir).stdout) as {
    files: number;
  };
  assert.equal(narrowed.files, 4);
});

test("--changed-since from a subdirectory gives paths relative to it", () => {
  const dir = repository();
  const run = runCli(["check", "--format", "json", "--changed-since", "main"], path.join(dir, "lib"));
  const result = JSON.parse(run.stdout) as { files: number; findings: { file: string; line: number }[] };
  assert.equal(result.files, 1);
  assert.deepEqual(
    result.findings.map((f) => `${f.file}:${f.line}`),
    ["c.js:1", "c.js:2"],
  );
});

test("--changed-since HEAD on a clean tree checks nothing and exits 0", () => {
  const dir = repository();
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "all in");
  const run = runCli(["check", "--changed-since", "HEAD"], dir);
  assert.equal(run.stdout, "✔ No problems in 0 files.\n");
  assert.equal(run.status, 0);
});

test("--changed-since: an unknown ref or a directory outside git is exit 2 with the cause", () => {
  const dir = repository();
  const bad = runCli(["check", "--changed-since", "no-such-branch"], dir);
  assert.equal(bad.stdout, "");
  assert.equal(
    bad.stderr,
    'logical: --changed-since: "no-such-branch" is not a commit, branch or tag in this repository\n',
  );
  assert.equal(bad.status, 2);
  const plain = project({ "a.py": `print("a")\n` });
  const outside = runCli(["check", "--changed-since", "main"], plain, { GIT_CEILING_DIRECTORIES: path.dirname(plain) });
  assert.equal(outside.stderr, `logical: --changed-since: ${plain} is not in a git work tree\n`);
  assert.equal(outside.status, 2);
});

test("--changed-since with --strict-baseline: baseline entries of unchanged files are not stale", () => {
  const dir = repository();
  assert.equal(runCli(["check", "--update-baseline"], dir).status, 0);
  const run = runCli(["check", "--strict-baseline", "--changed-since", "main"], dir);
  assert.equal(run.stderr, "");
  assert.equal(run.stdout, "✔ No problems in 4 files.\n");
  assert.equal(run.status, 0);
  // Fixing a changed file makes its entry stale.
  writeFileSync(path.join(dir, "d.py"), `x = 1\n`);
  const fixed = runCli(["check", "--strict-baseline", "--changed-since", "main"], dir);
  assert.equal(fixed.stderr, "1 fewer than the baseline — run --update-baseline\n");
  assert.equal(fixed.status, 1);
});
