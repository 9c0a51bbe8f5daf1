// The baseline (ratchet), through the built binary: write it, match across line moves, report only new
// findings, count identical lines, and say (or fail, with --strict-baseline) when findings are gone.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { buildBaseline, compareWithBaseline, fingerprint } from "../src/engine/baseline.js";
import { runCli, project } from "./helpers.js";

const PY = `import os\n\n\ndef load(p):\n    print("loading", p)\n    return os.path.exists(p)\n`;
const JS = `export function serve() {\n  console.log("up");\n}\n`;
const NO_PROBLEMS = "✔ No problems in 2 files.\n";
const PRINT_MESSAGE = "`print` found: development output should be a DEBUG log (step 1).";
const STALE = "1 fewer than the baseline — run --update-baseline\n";

function baselined(files: Record<string, string>): string {
  const dir = project(files);
  const run = runCli(["check", "--update-baseline"], dir);
  assert.equal(run.status, 0, run.stderr);
  return dir;
}

test("--update-baseline writes a sorted baseline of both languages and exits 0", () => {
  const dir = project({ "train.py": PY, "serve.js": JS });
  assert.equal(runCli(["check"], dir).status, 1);
  const run = runCli(["check", "--update-baseline"], dir);
  assert.equal(run.status, 0);
  assert.equal(run.stdout, "");
  assert.equal(run.stderr, "logical: wrote logical-baseline.json (2 findings, 2 entries)\n");
  const data = JSON.parse(readFileSync(path.join(dir, "logical-baseline.json"), "utf8")) as {
    version: number;
    entries: { ruleId: string; file: string; fingerprint: string; count: number }[];
  };
  assert.equal(data.version, 1);
  assert.deepEqual(
    data.entries.map((e) => [e.ruleId, e.file, e.count]),
    [
      ["no-print", "serve.js", 1],
      ["no-print", "train.py", 1],
    ],
  );
  for (const e of data.entries) assert.match(e.fingerprint, /^[0-9a-f]{16}$/);
  // Stable: a second update on the same code writes the same bytes.
  const before = readFileSync(path.join(dir, "logical-baseline.json"), "utf8");
  assert.equal(runCli(["check", "--update-baseline"], dir).status, 0);
  assert.equal(readFileSync(path.join(dir, "logical-baseline.json"), "utf8"), before);
});

test("--baseline: every finding is in the baseline, so exit 0 and no problems", () => {
  const dir = baselined({ "train.py": PY, "serve.js": JS });
  const run = runCli(["check", "--baseline"], dir);
  assert.equal(run.stdout, NO_PROBLEMS);
  assert.equal(run.stderr, "");
  assert.equal(run.status, 0);
});

test("--baseline <file> uses that file; a missing file exits 2 and says how to create it", () => {
  const dir = project({ "train.py": PY, "serve.js": JS });
  assert.equal(runCli(["check", "--update-baseline", "--baseline", "ci/base.json"], dir).status, 2);
  const run = runCli(["check", "--baseline=base.json", "--update-baseline"], dir);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(runCli(["check", "--baseline=base.json"], dir).status, 0);
  const missing = runCli(["check", "--baseline"], dir);
  assert.equal(missing.status, 2);
  assert.equal(missing.stderr, "logical: baseline logical-baseline.json not found; create it with --update-baseline\n");
});

test("line moves (lines inserted above) and respaced code still match the baseline", () => {
  const dir = baselined({ "train.py": PY, "serve.js": JS });
  writeFileSync(
    path.join(dir, "train.py"),
    `"""Loading."""\nimport sys\n\n${PY.replace('    print("loading", p)', '    print("loading",   p)')}`,
  );
  writeFileSync(path.join(dir, "serve.js"), `// the server\n\n${JS}`);
  const run = runCli(["check", "--baseline"], dir);
  assert.equal(run.stdout, NO_PROBLEMS);
  assert.equal(run.stderr, "");
  assert.equal(run.status, 0);
});

test("a new print is reported alone, and exits 1", () => {
  const dir = baselined({ "train.py": PY, "serve.js": JS });
  writeFileSync(path.join(dir, "train.py"), PY.replace("    return", '    print("done")\n    return'));
  const run = runCli(["check", "--baseline", "--format", "json"], dir);
  assert.equal(run.status, 1);
  assert.equal(run.stderr, "");
  const result = JSON.parse(run.stdout) as { findings: { file: string; line: number }[]; summary: object };
  assert.deepEqual(
    result.findings.map((f) => `${f.file}:${f.line}`),
    ["train.py:6"],
  );
  assert.deepEqual(result.summary, { error: 1, warning: 0 });
  const stylish = runCli(["check", "--baseline"], dir);
  assert.equal(stylish.status, 1);
  assert.equal(
    stylish.stdout,
    `train.py\n  6:5  error  ${PRINT_MESSAGE}  no-print\n\n✖ 1 problem (1 error, 0 warnings)\n  1 problem can be converted with \`logical fix\`.\n`,
  );
});

test("a removed print: one line on stderr and exit 0; --strict-baseline exits 1", () => {
  const dir = baselined({ "train.py": PY, "serve.js": JS });
  writeFileSync(path.join(dir, "serve.js"), `export function serve() {\n  return 1;\n}\n`);
  const run = runCli(["check", "--baseline"], dir);
  assert.equal(run.stdout, "✔ No problems in 2 files.\n");
  assert.equal(run.stderr, STALE);
  assert.equal(run.status, 0);
  const strict = runCli(["check", "--baseline", "--strict-baseline"], dir);
  assert.equal(strict.stdout, NO_PROBLEMS);
  assert.equal(strict.stderr, STALE);
  assert.equal(strict.status, 1);
  // After --update-baseline the baseline has shrunk and the strict run passes.
  assert.equal(runCli(["check", "--update-baseline"], dir).status, 0);
  assert.equal(runCli(["check", "--strict-baseline"], dir).status, 0);
});

test("two identical print lines in one file count 2: a third is new, removing one is stale", () => {
  const twice = PY.replace("    return", '    print("loading", p)\n    return');
  const dir = baselined({ "train.py": twice, "serve.js": JS });
  const entries = (
    JSON.parse(readFileSync(path.join(dir, "logical-baseline.json"), "utf8")) as {
      entries: { file: string; count: number }[];
    }
  ).entries;
  assert.deepEqual(
    entries.map((e) => [e.file, e.count]),
    [
      ["serve.js", 1],
      ["train.py", 2],
    ],
  );
  assert.equal(runCli(["check", "--baseline"], dir).status, 0);
  writeFileSync(path.join(dir, "train.py"), twice.replace("    return", '    print("loading", p)\n    return'));
  const third = runCli(["check", "--baseline", "--format", "json"], dir);
  assert.equal(third.status, 1);
  assert.equal((JSON.parse(third.stdout) as { findings: unknown[] }).findings.length, 1);
  writeFileSync(path.join(dir, "train.py"), PY);
  const one = runCli(["check", "--baseline"], dir);
  assert.equal(one.status, 0);
  assert.equal(one.stderr, STALE);
});

test("a run narrowed to a path neither reports nor drops baseline entries outside it", () => {
  const dir = baselined({ "train.py": PY, "serve.js": JS });
  const narrowed = runCli(["check", "train.py", "--strict-baseline"], dir);
  assert.equal(narrowed.stderr, "");
  assert.equal(narrowed.status, 0);
  assert.equal(runCli(["check", "train.py", "--update-baseline"], dir).status, 0);
  const whole = runCli(["check", "--strict-baseline"], dir);
  assert.equal(whole.stdout, NO_PROBLEMS);
  assert.equal(whole.status, 0);
});

test("pure: fingerprints ignore whitespace and line numbers, not the message", () => {
  assert.equal(fingerprint('  print( "a" )', "m"), fingerprint('print( "a"  )', "m"));
  assert.notEqual(fingerprint('print("a")', "m"), fingerprint('print("a")', "n"));
  const sources = new Map([["a.py", 'print("a")\nprint("a")\n']]);
  const f = (line: number) => ({ ruleId: "no-print", file: "a.py", line, message: "m" });
  const baseline = buildBaseline([f(1), f(2)], sources);
  assert.equal(baseline.entries.length, 1);
  assert.equal(baseline.entries[0]?.count, 2);
  assert.deepEqual(compareWithBaseline([f(2)], sources, baseline), { fresh: [], stale: 1 });
});
