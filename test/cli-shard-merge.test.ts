// --shard i/n splits the files by a hash of their path, the same on every machine, and
// `logical merge` puts the shards' JSON results back together exactly as one run gives them.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { project, runCli } from "./helpers.js";

const LOGGED = `import logging\n\nlogger = logging.getLogger(__name__)\n`;

/** Findings of several rules and severities, in both languages, and one file that does not parse. */
const FILES = {
  "a.py": `print("a")\n`,
  "b.py": `${LOGGED}\n\ndef f(x):\n    logger.info(f"x is {x}")\n    print(x)\n`,
  "broken.py": "def broken(:\n    pass\n",
  "c.py": `${LOGGED}\n\ndef g(rows):\n    for r in rows:\n        logger.warning("bad row %s", r)\n`,
  "d.js": `console.log("d");\nconsole.error("d");\n`,
  "e.ts": `export const e = 1;\nconsole.info("e", e);\n`,
  "pkg/f.py": `import logging\n\nlogging.info("root logger")\nprint("f")\n`,
  "pkg/g.py": `${LOGGED}\nprint("g")\n`,
  "train.py": `${LOGGED}\n\ndef train():\n    try:\n        fit()\n    except Exception:\n        pass\n`,
  "web/h.js": `console.log("h");\n`,
  "web/i.tsx": `export const I = () => { console.log("i"); return null; };\n`,
  "web/j.mjs": `console.warn("j");\n`,
};

function json(dir: string, ...args: string[]): { stdout: string; status: number | null } {
  const run = runCli(["check", "--format", "json", ...args], dir);
  assert.equal(run.stderr, "");
  return run;
}

const filesOf = (stdout: string): string[] =>
  [...new Set((JSON.parse(stdout) as { findings: { file: string }[] }).findings.map((f) => f.file))].sort();

test("--shard splits by path hash: the same files in each shard on every machine (sha1 of the path)", () => {
  const dir = project(FILES);
  // Worked out by hand from the first 4 bytes of sha1("<relative path>"), big-endian, mod n.
  const one = JSON.parse(json(dir, "--shard", "1/2").stdout) as { files: number };
  const two = JSON.parse(json(dir, "--shard", "2/2").stdout) as { files: number };
  assert.equal(one.files, 8);
  assert.equal(two.files, 4);
  assert.deepEqual(filesOf(json(dir, "--shard", "2/2").stdout), ["b.py", "c.py", "pkg/f.py", "pkg/g.py"]);
  assert.deepEqual(filesOf(json(dir, "--shard", "2/3").stdout), ["web/j.mjs"]);
  assert.deepEqual(filesOf(json(dir, "--shard", "3/3").stdout), ["c.py", "pkg/f.py", "train.py"]);
});

test("two shards merged equal the unsharded run byte for byte, and so do three", () => {
  const dir = project(FILES);
  const whole = json(dir);
  assert.equal(whole.status, 1);
  for (const n of [2, 3]) {
    const parts: string[] = [];
    for (let i = 1; i <= n; i++) {
      const file = path.join(dir, `shard-${i}.json`);
      writeFileSync(file, json(dir, "--shard", `${i}/${n}`).stdout);
      parts.push(`shard-${i}.json`);
    }
    // The merge reads the shards in any order.
    const merged = runCli(["merge", "--format", "json", ...parts.reverse()], dir);
    assert.equal(merged.stderr, "");
    assert.equal(merged.stdout, whole.stdout, `${n} shards`);
    assert.equal(merged.status, 1);
  }
  const result = JSON.parse(whole.stdout) as { files: number; errors: { file: string }[] };
  assert.equal(result.files, 12);
  assert.deepEqual(
    result.errors.map((e) => e.file),
    ["broken.py"],
  );
});

test("merge --format sarif gives the unsharded run's SARIF results, without fix objects", () => {
  const dir = project(FILES);
  writeFileSync(path.join(dir, "1.json"), json(dir, "--shard", "1/2").stdout);
  writeFileSync(path.join(dir, "2.json"), json(dir, "--shard", "2/2").stdout);
  const merged = runCli(["merge", "--format", "sarif", "-o", "out/merged.sarif", "1.json", "2.json"], dir);
  assert.equal(merged.status, 1);
  const whole = runCli(["check", "--format", "sarif"], dir);
  type Sarif = { runs: { results: Record<string, unknown>[]; tool: unknown }[] };
  const expected = JSON.parse(whole.stdout) as Sarif;
  const got = JSON.parse(readFileSync(path.join(dir, "out/merged.sarif"), "utf8")) as Sarif;
  assert.deepEqual(got.runs[0]!.tool, expected.runs[0]!.tool);
  assert.deepEqual(
    got.runs[0]!.results,
    expected.runs[0]!.results.map(({ fixes: _fixes, ...rest }) => rest),
  );
  assert.ok(
    expected.runs[0]!.results.some((r) => r.fixes !== undefined),
    "the unsharded SARIF has fixes to drop",
  );
});

test("merge: a clean merge exits 0 and the report says so", () => {
  const dir = project({ "a.py": `${LOGGED}logger.debug("rows: %s", 3)\n`, "b.py": `x = 1\n` });
  writeFileSync(path.join(dir, "1.json"), json(dir, "--shard", "1/2").stdout);
  writeFileSync(path.join(dir, "2.json"), json(dir, "--shard", "2/2").stdout);
  const run = runCli(["merge", "1.json", "2.json"], dir);
  assert.equal(run.stdout, "✔ No problems in 2 files.\n");
  assert.equal(run.status, 0);
});

test("merge: a missing file or one that is not a JSON result is exit 2 naming the file and the key", () => {
  const dir = project({
    "ok.json": `{"version":1,"files":0,"findings":[],"errors":[],"summary":{"error":0,"warning":0}}`,
    "text.json": "✖ 3 problems\n",
    "old.json": `{"version":2,"files":0,"findings":[],"errors":[],"summary":{"error":0,"warning":0}}`,
    "bad-line.json": `{"version":1,"files":1,"findings":[{"ruleId":"no-print","severity":"error","step":1,"file":"a.py","line":"3","column":1,"endLine":3,"endColumn":5,"message":"m","fixable":true}],"errors":[],"summary":{"error":1,"warning":0}}`,
  });
  const cases: [string, string][] = [
    ["missing.json", "logical: missing.json: no such file\n"],
    ["text.json", "logical: text.json: not JSON (Unexpected token '✖', \"✖ 3 problems\n\" is not valid JSON)\n"],
    [
      "old.json",
      "logical: old.json: version: Invalid input: expected 1; expected a `logical check --format json` result\n",
    ],
    [
      "bad-line.json",
      "logical: bad-line.json: findings.0.line: Invalid input: expected number, received string; expected a `logical check --format json` result\n",
    ],
  ];
  for (const [file, stderr] of cases) {
    const run = runCli(["merge", "ok.json", file], dir);
    assert.equal(run.stderr, stderr, file);
    assert.equal(run.stdout, "");
    assert.equal(run.status, 2, file);
  }
});

test("--shard: a malformed or out-of-range value is exit 2", () => {
  const dir = project({ "a.py": `print("a")\n` });
  for (const value of ["0/2", "3/2", "1", "a/b", "1/0"]) {
    const run = runCli(["check", "--shard", value], dir);
    assert.equal(
      run.stderr.split("\n")[0],
      `error: option '--shard <i/n>' argument '${value}' is invalid. expected i/n with 1 ≤ i ≤ n (e.g. 1/4), got "${value}"`,
    );
    assert.equal(run.status, 2, value);
  }
});
