// The engine's shortcuts change nothing but speed: the needle prefilter and the worker pool.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { check } from "../src/engine/check.js";
import { ROOT, tempDir } from "./helpers.js";

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
