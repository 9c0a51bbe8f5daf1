// --cache: a hit returns the stored outcome (the same report as an uncached run), and a changed
// file, config or rule option is analysed afresh. To tell a hit from a re-analysis without timing
// anything, some tests rewrite a stored message in the cache file: a hit shows the rewritten text.
import assert from "node:assert/strict";
import { isAscii } from "node:buffer";
import { existsSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { project, runCli } from "./helpers.js";

const PRINT = "`print` found: development output should be a DEBUG log (step 1).";
const TRAIN = `def load(p):\n    print("loading", p)\n    return p\n`;
const SERVE = `export function serve() {\n  console.log("up");\n}\n`;

const REPORT = [
  "serve.js",
  "  2:3  error  `console.log` found: development output should be a DEBUG log (step 1).  no-print",
  "",
  "train.py",
  `  2:5  error  ${PRINT}  no-print`,
  "",
  "✖ 2 problems (2 errors, 0 warnings)",
  "  1 problem can be converted with `logical fix`.",
  "",
].join("\n");

/** Rewrites the stored message of train.py's cached finding, to see whether a run reads it back. */
function tamper(cacheFile: string): void {
  const text = readFileSync(cacheFile, "utf8");
  assert.ok(text.includes(PRINT), "the cache holds train.py's finding");
  writeFileSync(cacheFile, text.replace(PRINT, "FROM THE CACHE"));
}

test("--cache: the warm run reports exactly what the cold run and an uncached run report", () => {
  const dir = project({ "train.py": TRAIN, "serve.js": SERVE });
  const plain = runCli(["check"], dir);
  assert.equal(plain.stdout, REPORT);
  assert.equal(existsSync(path.join(dir, ".logicalcache")), false, "no cache without --cache");
  for (const round of ["cold", "warm"]) {
    const run = runCli(["check", "--cache"], dir);
    assert.equal(run.stdout, REPORT, round);
    assert.equal(run.stderr, "");
    assert.equal(run.status, 1);
  }
  const json = (args: string[]): string => runCli(["check", "--format", "json", ...args], dir).stdout;
  assert.equal(json(["--cache"]), json([]));
});

test("--cache: an unchanged file is a hit, even when only its mtime changed", () => {
  const dir = project({ "train.py": TRAIN, "serve.js": SERVE });
  runCli(["check", "--cache"], dir);
  tamper(path.join(dir, ".logicalcache"));
  assert.match(runCli(["check", "--cache"], dir).stdout, /2:5 {2}error {2}FROM THE CACHE {2}no-print/);
  // Same bytes, new mtime (a checkout): still a hit, by content hash.
  utimesSync(path.join(dir, "train.py"), new Date(2001, 1, 1), new Date(2001, 1, 1));
  assert.match(runCli(["check", "--cache"], dir).stdout, /2:5 {2}error {2}FROM THE CACHE {2}no-print/);
});

test("--cache: a file rewritten with the same size and its old mtime put back is analysed again", () => {
  const dir = project({ "train.py": TRAIN, "serve.js": SERVE });
  const file = path.join(dir, "train.py");
  // A whole-second mtime, so that setting it back restores it exactly.
  utimesSync(file, 1_000_000_000, 1_000_000_000);
  runCli(["check", "--cache"], dir);
  tamper(path.join(dir, ".logicalcache"));
  // Same length, the print moved to line 3; then the mtime set back, as `touch -r` would.
  writeFileSync(file, `def load(p):\n    q = p[0]\n    print("loading", q)\n`);
  utimesSync(file, 1_000_000_000, 1_000_000_000);
  assert.equal(statSync(file).size, Buffer.byteLength(TRAIN));
  assert.equal(statSync(file).mtimeMs, 1_000_000_000_000);
  const run = runCli(["check", "--cache", "--format", "json"], dir);
  const findings = (JSON.parse(run.stdout) as { findings: { file: string; line: number; message: string }[] }).findings;
  assert.deepEqual(
    findings.map((f) => [f.file, f.line, f.message]),
    [
      ["serve.js", 2, "`console.log` found: development output should be a DEBUG log (step 1)."],
      ["train.py", 3, PRINT],
    ],
  );
});

test("--cache: a run appends the entries it changed; a rewrite puts them back in path order", () => {
  const dir = project({ "b.py": TRAIN, "c.js": SERVE });
  const cacheFile = path.join(dir, ".logicalcache");
  runCli(["check", "--cache"], dir);
  // After the header line, a line per entry: its path, a tab, then the rest of the entry.
  const linesOf = (): [string, string][] =>
    readFileSync(cacheFile, "utf8")
      .split("\n")
      .slice(1, -1)
      .map((line) => [line.slice(0, line.indexOf("\t")), line.slice(line.indexOf("\t") + 1)]);
  const before = linesOf();
  assert.deepEqual(
    before.map(([p]) => p),
    ["b.py", "c.js"],
  );
  writeFileSync(path.join(dir, "a.py"), `print("a")\n`);
  writeFileSync(path.join(dir, "c.js"), `${SERVE}// edited\n`);
  const report = runCli(["check", "--format", "json"], dir).stdout;
  assert.equal(runCli(["check", "--cache", "--format", "json"], dir).stdout, report);
  // The file as it was, then the new and the changed entries: the later line of a path wins.
  const appended = linesOf();
  assert.deepEqual(appended.slice(0, 2), before);
  assert.deepEqual(
    appended.slice(2).map(([p]) => p),
    ["a.py", "c.js"],
  );
  assert.notEqual(appended[3]![1], before[1]![1]);
  // A warm run reads the appended entries back (a hit changes nothing), with the same report.
  const text = readFileSync(cacheFile, "utf8");
  assert.equal(runCli(["check", "--cache", "--format", "json"], dir).stdout, report);
  assert.equal(readFileSync(cacheFile, "utf8"), text);
  // A run cut short while appending leaves half a line at the end: the next run drops it and
  // rewrites the file whole, in path order.
  writeFileSync(cacheFile, `${text}d.py`);
  assert.equal(runCli(["check", "--cache", "--format", "json"], dir).stdout, report);
  assert.deepEqual(
    linesOf().map(([p]) => p),
    ["a.py", "b.py", "c.js"],
  );
  // A new file alone is appended too, after the others; the next rewrite sorts it in.
  writeFileSync(path.join(dir, "0.py"), `print("0")\n`);
  runCli(["check", "--cache"], dir);
  assert.deepEqual(
    linesOf().map(([p]) => p),
    ["a.py", "b.py", "c.js", "0.py"],
  );
  writeFileSync(cacheFile, `${readFileSync(cacheFile, "utf8")}d.py`);
  runCli(["check", "--cache"], dir);
  assert.deepEqual(
    linesOf().map(([p]) => p),
    ["0.py", "a.py", "b.py", "c.js"],
  );
  // Past 64 appended lines the file is rewritten whole: one line per file, in path order.
  for (let i = 0; i < 70; i++) writeFileSync(path.join(dir, `m${String(i).padStart(2, "0")}.py`), "x = 1\n");
  runCli(["check", "--cache"], dir);
  const rewritten = linesOf().map(([p]) => p);
  assert.equal(rewritten.length, 74);
  assert.deepEqual(rewritten, [...rewritten].sort());
  assert.deepEqual(rewritten.slice(0, 4), ["0.py", "a.py", "b.py", "c.js"]);
});

test("--cache: paths with a tab, a line break or non-ASCII are hits; a mangled entry is analysed afresh", () => {
  const odd = 'a\tb\n"c.py';
  const accented = "données/é.py";
  const dir = project({ [odd]: TRAIN, [accented]: TRAIN, "z.py": TRAIN });
  const cacheFile = path.join(dir, ".logicalcache");
  runCli(["check", "--cache"], dir);
  const lines = readFileSync(cacheFile, "utf8").split("\n");
  // Each odd path is one field of one line, as a JSON string, and the file is ASCII.
  assert.equal(lines.length, 5);
  assert.ok(lines[1]!.startsWith(`${JSON.stringify(odd)}\t`), lines[1]);
  assert.ok(lines[2]!.startsWith('"donn\\u00e9es/\\u00e9.py"\t'), lines[2]);
  assert.ok(isAscii(readFileSync(cacheFile)));
  writeFileSync(cacheFile, readFileSync(cacheFile, "utf8").replaceAll(PRINT, "FROM THE CACHE"));
  const messages = (): string[] =>
    (
      JSON.parse(runCli(["check", "--cache", "--format", "json"], dir).stdout) as {
        findings: { file: string; message: string }[];
      }
    ).findings.map((f) => `${f.file}: ${f.message}`);
  assert.deepEqual(messages(), [`${odd}: FROM THE CACHE`, `${accented}: FROM THE CACHE`, "z.py: FROM THE CACHE"]);
  // z.py's entry loses its JSON part's end: only that file is analysed again.
  const mangled = readFileSync(cacheFile, "utf8").replace(/^(z\.py\t.*)\]$/m, "$1");
  writeFileSync(cacheFile, mangled);
  assert.deepEqual(messages(), [`${odd}: FROM THE CACHE`, `${accented}: FROM THE CACHE`, `z.py: ${PRINT}`]);
});

test("--cache: a changed file is analysed again; the others stay hits", () => {
  const dir = project({ "train.py": TRAIN, "other.py": `print("other")\n`, "serve.js": SERVE });
  runCli(["check", "--cache"], dir);
  tamper(path.join(dir, ".logicalcache"));
  writeFileSync(path.join(dir, "train.py"), `\n${TRAIN}`);
  const run = runCli(["check", "--cache", "--format", "json"], dir);
  const findings = (JSON.parse(run.stdout) as { findings: { file: string; line: number; message: string }[] }).findings;
  assert.deepEqual(
    findings.map((f) => [f.file, f.line, f.message]),
    [
      ["other.py", 1, "FROM THE CACHE"],
      ["serve.js", 2, "`console.log` found: development output should be a DEBUG log (step 1)."],
      ["train.py", 3, PRINT],
    ],
  );
});

test("--cache: a changed config or rule option, or --rule, makes every entry stale", () => {
  const dir = project({ "train.py": TRAIN, "tests/test_io.py": `print("in a test")\n` });
  const cacheFile = path.join(dir, ".logicalcache");
  runCli(["check", "--cache"], dir);
  tamper(cacheFile);
  writeFileSync(path.join(dir, "logical.config.json"), JSON.stringify({ rules: { "no-print": "warn" } }));
  const warned = runCli(["check", "--cache"], dir);
  assert.match(warned.stdout, new RegExp(`2:5 {2}warning {2}${PRINT.replace(/[.()`]/g, "\\$&")} {2}no-print`));
  assert.equal(warned.status, 0);

  tamper(cacheFile);
  writeFileSync(
    path.join(dir, "logical.config.json"),
    JSON.stringify({ rules: { "no-print": ["warn", { includeTests: true }] } }),
  );
  const withTests = runCli(["check", "--cache", "--format", "json"], dir);
  const files = (JSON.parse(withTests.stdout) as { findings: { file: string; message: string }[] }).findings;
  assert.deepEqual(
    files.map((f) => [f.file, f.message]),
    [
      ["tests/test_io.py", PRINT],
      ["train.py", PRINT],
    ],
  );

  tamper(cacheFile);
  const narrowed = runCli(["check", "--cache", "--rule", "no-print", "--format", "json"], dir);
  assert.ok(!narrowed.stdout.includes("FROM THE CACHE"));
});

test("--cache-location: a file, or a directory to hold .logicalcache; a corrupt cache is rebuilt", () => {
  const dir = project({ "train.py": TRAIN });
  runCli(["check", "--cache-location", "tmp/lint-cache.json"], dir);
  assert.ok(existsSync(path.join(dir, "tmp/lint-cache.json")));
  runCli(["check", "--cache-location", "caches/"], dir);
  assert.ok(existsSync(path.join(dir, "caches/.logicalcache")));
  assert.equal(existsSync(path.join(dir, ".logicalcache")), false);

  writeFileSync(path.join(dir, "caches/.logicalcache"), "<<<<<<< HEAD\n");
  const run = runCli(["check", "--cache-location", "caches"], dir);
  assert.equal(run.stderr, "");
  assert.equal(
    run.stdout,
    [
      "train.py",
      `  2:5  error  ${PRINT}  no-print`,
      "",
      "✖ 1 problem (1 error, 0 warnings)",
      "  1 problem can be converted with `logical fix`.",
      "",
    ].join("\n"),
  );
  assert.equal(run.status, 1);
  assert.ok(readFileSync(path.join(dir, "caches/.logicalcache"), "utf8").startsWith('{"format":4,'));
});

test("--cache with --shard: each shard reports the same as without the cache, cold and warm", () => {
  const dir = project({ "a.py": `print("a")\n`, "b.py": `print("b")\n`, "d.js": `console.log("d");\n` });
  for (const shard of ["1/2", "2/2"]) {
    const args = ["check", "--format", "json", "--shard", shard];
    const expected = runCli(args, dir).stdout;
    assert.equal(runCli([...args, "--cache"], dir).stdout, expected, `cold ${shard}`);
    assert.equal(runCli([...args, "--cache"], dir).stdout, expected, `warm ${shard}`);
  }
});
