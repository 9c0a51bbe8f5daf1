// The example projects after the post's eight steps give no finding of the step 5–8 and hygiene rules.
import assert from "node:assert/strict";
import { test } from "node:test";
import { check } from "../src/engine/check.js";
import { ROOT } from "./helpers.js";
import { LOGGED_PROJECTS } from "./rules-helpers.js";

const RULES = [
  "error-must-fail",
  "no-swallowed-exception",
  "exception-needs-traceback",
  "clear-log-message",
  "no-warning-in-loop",
  "no-blanket-warning-suppression",
  "no-info-in-hot-loop",
  "no-root-logger",
  "logger-per-module",
  "lazy-log-format",
];

test("the logged projects are clean under every rule of steps 5-8 and the hygiene row", async () => {
  const result = await check(LOGGED_PROJECTS, { cwd: ROOT, onlyRules: RULES, workers: 0 });
  assert.deepEqual(result.errors, []);
  assert.ok(result.files >= 12, `checked ${result.files} files`);
  assert.deepEqual(
    result.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.message}`),
    [],
  );
});
