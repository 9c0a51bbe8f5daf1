// The built binary, spawned as a user runs it: exact output, exit codes, and bad input.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, symlinkSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { BIN, runCli, project } from "./helpers.js";

// No stage site (json.load is not a data-loading marker), so no-print is the only rule that reports.
const TRAIN = `import json\n\n\ndef load(path):\n    rows = json.load(open(path))\n    print("rows:", len(rows))\n    return rows\n`;

test("json output is the contract, exactly", () => {
  const dir = project({ "train.py": TRAIN, "serve.js": `console.log("up");\n` });
  const run = runCli(["check", "--format", "json"], dir);
  assert.equal(run.status, 1);
  assert.equal(run.stderr, "");
  assert.deepEqual(JSON.parse(run.stdout), {
    version: 1,
    files: 2,
    findings: [
      {
        ruleId: "no-print",
        severity: "error",
        step: 1,
        file: "serve.js",
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 12,
        message: "`console.log` found: development output should be a DEBUG log (step 1).",
        fixable: false,
      },
      {
        ruleId: "no-print",
        severity: "error",
        step: 1,
        file: "train.py",
        line: 6,
        column: 5,
        endLine: 6,
        endColumn: 10,
        message: "`print` found: development output should be a DEBUG log (step 1).",
        fixable: true,
      },
    ],
    errors: [],
    summary: { error: 2, warning: 0 },
  });
});

test("stylish output groups by file and exits 1 on findings", () => {
  const dir = project({ "train.py": TRAIN });
  const run = runCli(["check"], dir);
  assert.equal(run.status, 1);
  assert.equal(
    run.stdout,
    [
      "train.py",
      "  6:5  error  `print` found: development output should be a DEBUG log (step 1).  no-print",
      "",
      "✖ 1 problem (1 error, 0 warnings)",
      "  1 problem can be converted with `logical fix`.",
      "",
    ].join("\n"),
  );
});

test("a clean project exits 0", () => {
  const dir = project({
    "train.py": `import logging\n\nlogger = logging.getLogger(__name__)\nlogger.debug("rows: %s", 3)\n`,
  });
  const run = runCli(["check"], dir);
  assert.equal(run.status, 0);
  assert.equal(run.stdout, "✔ No problems in 1 file.\n");
});

test("suppression comments silence exactly their line", () => {
  const dir = project({
    "a.py": [
      'print("kept")  # logical: ignore[no-print]',
      'print("kept")  # noqa: T201',
      "# logical-ignore-next-line no-print",
      'print("kept")',
      'print("reported")  # noqa: E501',
      'print("reported")  # logical: ignore[other-rule]',
      "",
    ].join("\n"),
    "b.ts": [
      'console.log("kept"); // logical: ignore',
      "// eslint-disable-next-line logical/no-print",
      'console.log("kept");',
      'console.log("reported");',
      "",
    ].join("\n"),
  });
  const run = runCli(["check", "--format", "json"], dir);
  const result = JSON.parse(run.stdout) as { findings: { file: string; line: number }[] };
  assert.deepEqual(
    result.findings.map((f) => `${f.file}:${f.line}`),
    ["a.py:5", "a.py:6", "b.ts:4"],
  );
});

test("--rule selects rules and an unknown rule is a usage error (exit 2)", () => {
  const dir = project({ "train.py": TRAIN });
  assert.equal(runCli(["check", "--rule", "no-print"], dir).status, 1);
  const run = runCli(["check", "--rule", "no-such-rule"], dir);
  assert.equal(run.status, 2);
  assert.equal(run.stderr, "logical: unknown rule 'no-such-rule' (see `logical rules`)\n");
});

test("a bad config names the file, the key and the value (exit 2)", () => {
  const dir = project({ "train.py": TRAIN, "logical.config.json": JSON.stringify({ rules: { "no-print": "loud" } }) });
  const run = runCli(["check"], dir);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /^logical: logical\.config\.json: rules\.no-print: .*\(got "loud"\)\n$/);
});

test("config turns a rule off per path with overrides", () => {
  const dir = project({
    "train.py": TRAIN,
    "scripts/report.py": `print("report")\n`,
    "logical.config.json": JSON.stringify({ overrides: [{ files: ["scripts/**"], rules: { "no-print": "off" } }] }),
  });
  const run = runCli(["check", "--format", "json"], dir);
  const result = JSON.parse(run.stdout) as { findings: { file: string }[] };
  assert.deepEqual([...new Set(result.findings.map((f) => f.file))], ["train.py"]);
});

test("test files are skipped by no-print unless includeTests is set", () => {
  const files = { "tests/test_model.py": `print("debugging a test")\n`, "src/app.test.ts": `console.log(1);\n` };
  assert.equal(runCli(["check"], project(files)).status, 0);
  const strict = project({
    ...files,
    "logical.config.json": JSON.stringify({ rules: { "no-print": ["error", { includeTests: true }] } }),
  });
  assert.equal(runCli(["check"], strict).status, 1);
});

test("bad input: one clear error entry per file, and the run goes on", () => {
  const dir = project({
    "good.py": TRAIN,
    "syntax.py": "def broken(:\n    pass\n",
    "syntax.ts": "const x = ;\n",
    "binary.py": Buffer.from([0x70, 0x72, 0x00, 0x01, 0x02]),
    "latin.py": Buffer.concat([Buffer.from('name = "'), Buffer.from([0xe9]), Buffer.from('"\n')]),
    "generated.js": `const table = [${"1, ".repeat((1024 * 1024 * 5) / 3)}];\n`,
  });
  symlinkSync("loop.py", path.join(dir, "loop.py"));
  const run = runCli(["check", "--format", "json"], dir);
  assert.equal(run.status, 1, "the exit code is decided by good.py's finding");
  const result = JSON.parse(run.stdout) as {
    files: number;
    findings: { file: string }[];
    errors: { file: string; message: string }[];
  };
  assert.deepEqual(
    result.findings.map((f) => f.file),
    ["good.py"],
  );
  const errors = Object.fromEntries(result.errors.map((e) => [e.file, e.message]));
  assert.deepEqual(Object.keys(errors), ["binary.py", "generated.js", "latin.py", "loop.py", "syntax.py", "syntax.ts"]);
  assert.equal(errors["binary.py"], "skipped: binary file (contains NUL bytes)");
  assert.match(errors["generated.js"]!, /^skipped: 5\.0 MB is over the 2\.0 MB limit/);
  // CPython's own wording for the same file.
  assert.equal(
    errors["latin.py"],
    "(unicode error) 'utf-8' codec can't decode byte 0xe9 in position 8: invalid start byte (line 1)",
  );
  assert.equal(errors["loop.py"], "symbolic link loop: the path never resolves to a file");
  assert.match(errors["syntax.py"]!, /^syntax error: .+ at 1:1[12]$/);
  assert.match(errors["syntax.ts"]!, /^syntax error: .* at 1:11$/);
});

test("a FIFO or a folder named like a source file is not a regular file, and no run waits on a FIFO", (t) => {
  const dir = project({ "good.js": `console.log("up");\n` });
  mkdirSync(path.join(dir, "folder.js"));
  const fifo = spawnSync("mkfifo", [path.join(dir, "pipe.js")]);
  if (fifo.error || fifo.status !== 0) return t.skip("mkfifo is not available");
  // Named explicitly, so discovery hands them to the reader; a blocking open would hang here.
  const run = runCli(["check", "--format", "json", "good.js", "pipe.js", "folder.js"], dir);
  assert.equal(run.status, 1);
  const result = JSON.parse(run.stdout) as { errors: { file: string; message: string }[]; findings: unknown[] };
  assert.deepEqual(result.errors, [{ file: "pipe.js", message: "not a regular file" }]);
  assert.equal(result.findings.length, 1);
});

test("files read one after another keep their own bytes: a large file, then a small one", () => {
  // a.js outgrows the reader's first buffer; b.js, read into the same buffer, must not see a.js's tail.
  const dir = project({
    "a.js": `${"// padding line of a large generated-looking file\n".repeat(12000)}console.log("a");\n`,
    "b.js": `export const b = 1;\n`,
    "c.js": `console.log("c");\n`,
  });
  const run = runCli(["check", "--format", "json"], dir);
  assert.equal(run.status, 1);
  const result = JSON.parse(run.stdout) as { errors: unknown[]; findings: { file: string; line: number }[] };
  assert.deepEqual(result.errors, []);
  assert.deepEqual(
    result.findings.map((f) => `${f.file}:${f.line}`),
    ["a.js:12001", "c.js:1"],
  );
});

test("a file with only bad input exits 0: errors alone are not policy violations", () => {
  const dir = project({ "syntax.py": "def broken(:\n" });
  const run = runCli(["check"], dir);
  assert.equal(run.status, 0);
  assert.match(run.stdout, /Could not analyse 1 file:\n {2}syntax\.py: syntax error: /);
});

test("a Python file in its declared encoding is read, not rejected", () => {
  const dir = project({
    "legacy.py": Buffer.concat([
      Buffer.from('# -*- coding: latin-1 -*-\nname = "'),
      Buffer.from([0xe9]),
      Buffer.from('"\nprint(name)\n'),
    ]),
  });
  const run = runCli(["check", "--format", "json"], dir);
  const result = JSON.parse(run.stdout) as { findings: { line: number }[]; errors: unknown[] };
  assert.deepEqual(result.errors, []);
  assert.deepEqual(
    result.findings.map((f) => f.line),
    [3],
  );
});

test("an unreadable file is an error entry (run as an unprivileged user)", (t) => {
  const dir = project({ "good.py": TRAIN, "secret.py": `print("x")\n` });
  chmodSync(path.join(dir, "secret.py"), 0o000);
  chmodSync(dir, 0o755);
  let run;
  if (process.getuid?.() === 0) {
    // root reads everything: drop to nobody for this run.
    const r = spawnSync(
      "setpriv",
      ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, BIN, "check", "--format", "json"],
      { cwd: dir, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } },
    );
    if (r.error) return t.skip("setpriv is not available");
    run = { status: r.status, stdout: r.stdout, stderr: r.stderr };
  } else run = runCli(["check", "--format", "json"], dir);
  assert.equal(run.stderr, "");
  const result = JSON.parse(run.stdout) as { errors: { file: string; message: string }[]; findings: unknown[] };
  assert.deepEqual(result.errors, [{ file: "secret.py", message: "permission denied: the file cannot be read" }]);
  assert.equal(result.findings.length, 1);
  assert.equal(run.status, 1);
});

test("--help documents every check flag", () => {
  const run = runCli(["check", "--help"]);
  assert.equal(run.status, 0);
  for (const flag of [
    "--format",
    "--rule",
    "--quiet",
    "--config",
    "--max-warnings",
    "--max-file-size",
    "--code-frame",
    "--no-color",
    "--changed-since",
    "--shard",
    "--cache",
    "--cache-location",
  ]) {
    assert.ok(run.stdout.includes(flag), flag);
  }
});
