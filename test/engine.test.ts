// The engine's shortcuts change nothing but speed: the needle prefilter and the worker pool.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { occursOutside } from "../src/engine/analyse.js";
import { check, oneShotSettings } from "../src/engine/check.js";
import { project, ROOT, tempDir } from "./helpers.js";

const TARGETS = ["fixtures"];

test("the prefilter skips modelling files no rule could match, with identical results", async () => {
  for (const onlyRules of [["no-print"], undefined]) {
    const options = { cwd: ROOT, workers: 0, ...(onlyRules ? { onlyRules } : {}) };
    const fast = await check(TARGETS, options);
    const full = await check(TARGETS, { ...options, prefilter: false });
    assert.ok(fast.findings.length > 50);
    assert.deepEqual(fast, full);
  }
});

test("a needle counts unless it lies wholly inside a comment", () => {
  const text = "/* console */ x; // console\nconsole.log(1);";
  // Comments as oxc reports them: [0, 13) and [17, 27).
  const comments = [
    { start: 0, end: 13 },
    { start: 17, end: 27 },
  ];
  assert.equal(occursOutside(text, "console", comments), true, "the third one is code");
  assert.equal(occursOutside(text.slice(0, 27), "console", comments), false);
  assert.equal(occursOutside("a(); /* console */", "console", [{ start: 5, end: 18 }]), false);
  assert.equal(occursOutside("console; /* x */", "console", [{ start: 9, end: 16 }]), true);
  assert.equal(occursOutside("x", "console", []), false);
  assert.equal(occursOutside(`"console"`, "console", []), true, "a string is code, not a comment");
});

test("files whose needles are only in comments are skipped, and comments never hide code", async () => {
  const dir = tempDir();
  const files: Record<string, string> = {
    // Only in comments: nothing to report.
    "doc.js": "/**\n * @example console.log(value)\n */\nexport const value = 1; // console.warn\n",
    // A comment right before the code that uses it, and one right after.
    "adjacent.js": "/*console*/console.log(1);/*console*/\n",
    // The needle in a string and in code after a comment that mentions it.
    "mixed.ts": 'const s: string = "console";\n// console.error(s)\nconsole.error(s);\n',
    // A syntax error is still reported when the needle is only in a comment.
    "broken.js": "// console.log\nconst = 1;\n",
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  for (const onlyRules of [["no-print"], undefined]) {
    const options = { cwd: dir, ...(onlyRules ? { onlyRules } : {}) };
    const fast = await check(["."], options);
    assert.deepEqual(
      fast.findings.filter((f) => f.ruleId === "no-print").map((f) => `${f.file}:${f.line}:${f.column}`),
      ["adjacent.js:1:12", "mixed.ts:3:1"],
    );
    assert.deepEqual(
      fast.errors.map((e) => e.file),
      ["broken.js"],
    );
    assert.deepEqual(fast, await check(["."], { ...options, prefilter: false }));
  }
});

test("a full run reports the syntax error of a file no rule could match; a --rule run skips that file", async () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, "broken.ts"), "export const a = ;\n");
  writeFileSync(path.join(dir, "broken.py"), "def f(:\n");
  writeFileSync(path.join(dir, "noisy.ts"), "console.log(;\n");
  const full = await check(["."], { cwd: dir });
  assert.deepEqual(
    full.errors.map((e) => e.file),
    ["broken.py", "broken.ts", "noisy.ts"],
  );
  const narrowed = await check(["."], { cwd: dir, onlyRules: ["no-print"] });
  assert.deepEqual(
    narrowed.errors.map((e) => e.file),
    ["noisy.ts"],
  );
});

test("worker threads give the same result as the main thread", async () => {
  const inline = await check(TARGETS, { cwd: ROOT, workers: 0 });
  const pooled = await check(TARGETS, { cwd: ROOT, workers: 2 });
  assert.deepEqual(pooled, inline);
});

test("a run large enough for the pool: the main thread and two workers share the batches, nothing lost", async () => {
  // 300 files, over the pool's threshold and into several batches per thread.
  const files: Record<string, string> = {};
  for (let i = 0; i < 150; i++) {
    files[`jobs/job_${String(i).padStart(3, "0")}.py`] = `import sys\n${"x = 1\n".repeat(i % 7)}print(${i})\n`;
    files[`web/page_${String(i).padStart(3, "0")}.ts`] = `export const n = ${i};\nconsole.log(n);\n`;
  }
  files["jobs/broken.py"] = "def f(:\n";
  files["web/broken.ts"] = "const = 1;\n";
  const dir = project(files);
  const progress: number[] = [];
  const inline = await check(["."], { cwd: dir, workers: 0 });
  const pooled = await check(["."], { cwd: dir, workers: 3, onProgress: (done) => progress.push(done) });
  assert.deepEqual(pooled, inline);
  assert.equal(inline.files, 302);
  assert.equal(inline.findings.filter((f) => f.ruleId === "no-print").length, 300);
  assert.deepEqual(
    inline.findings
      .filter((f) => f.file === "jobs/job_010.py" || f.file === "web/page_149.ts")
      .map((f) => [f.file, f.line]),
    [
      ["jobs/job_010.py", 5],
      ["web/page_149.ts", 2],
    ],
  );
  assert.deepEqual(
    inline.errors.map((e) => e.file),
    ["jobs/broken.py", "web/broken.ts"],
  );
  // Progress only grows, and ends at every file.
  assert.deepEqual(
    progress,
    [...progress].sort((a, b) => a - b),
  );
  assert.equal(progress.at(-1), 302);
});

test("a one-shot run turns V8's optimizing compiler off and uses every core only when no Python file is in it", () => {
  assert.deepEqual(oneShotSettings(["/p/web/app.ts", "/p/web/server.mjs"], 4), {
    v8Flags: ["--no-opt", "--no-parallel-scavenge"],
    threads: 4,
  });
  assert.deepEqual(oneShotSettings(["/p/web/app.ts", "/p/jobs/train.py"], 4), { v8Flags: [], threads: 1 });
  assert.deepEqual(oneShotSettings(["/p/stubs/model.pyi"], 2), { v8Flags: [], threads: 1 });
});
