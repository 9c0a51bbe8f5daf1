// clear-log-message (step 6): exact findings on its fixtures, the example projects and its options.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { check } from "../src/engine/check.js";
import { tempDir } from "./helpers.js";
import { findingsOf, UNLOGGED_PROJECTS, withOptions } from "./rules-helpers.js";

const DIR = "fixtures/rules/clear-log-message";
const RULE = "clear-log-message";
const SAY = "say what went wrong, with the values that show it (step 6).";

test("clear-log-message: generic, empty and wordless messages at WARNING and ERROR", async () => {
  assert.deepEqual(await findingsOf(RULE, [DIR], { base: DIR }), [
    `incorrect.py:12:22 The error message is generic: ${SAY}`,
    `incorrect.py:15:24 The warning message is empty: ${SAY}`,
    `incorrect.py:17:24 The warning message has no words: ${SAY}`,
    `incorrect.py:22:23 The warning message is generic: ${SAY}`,
    `incorrect.py:37:22 The error message is generic: ${SAY}`,
    `incorrect.ts:9:19 The error message is generic: ${SAY}`,
    `incorrect.ts:13:14 The warning message is generic: ${SAY}`,
    `incorrect.ts:20:15 The error message is generic: ${SAY}`,
  ]);
});

test("clear-log-message: the unlogged projects' messages all carry a value", async () => {
  assert.deepEqual(await findingsOf(RULE, UNLOGGED_PROJECTS), []);
});

test("clear-log-message: requireExceptionDetail, genericMessages and allow", async () => {
  const detail = await findingsOf(RULE, [`${DIR}/incorrect.py`], {
    base: DIR,
    config: withOptions(RULE, { requireExceptionDetail: true }),
  });
  assert.ok(
    detail.includes(`incorrect.py:31:22 The error message says nothing of the caught \`e\`: ${SAY}`),
    detail.join("\n"),
  );
  const allowed = withOptions(RULE, { allow: ["oops", "Failed."] });
  assert.deepEqual(await findingsOf(RULE, [`${DIR}/incorrect.ts`], { base: DIR, config: allowed }), [
    `incorrect.ts:9:19 The error message is generic: ${SAY}`,
  ]);
  const dir = tempDir();
  writeFileSync(
    path.join(dir, "evaluate.py"),
    'import logging\n\nlogger = logging.getLogger(__name__)\nlogger.warning("model looks off")\n',
  );
  const result = await check(["evaluate.py"], {
    cwd: dir,
    onlyRules: [RULE],
    config: withOptions(RULE, { genericMessages: ["Model looks off!"] }),
  });
  assert.deepEqual(
    result.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.message}`),
    [`evaluate.py:4:16 The warning message is generic: ${SAY}`],
  );
});
