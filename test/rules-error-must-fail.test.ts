// error-must-fail (step 5): exact findings on its fixtures and on the example projects.
import assert from "node:assert/strict";
import { test } from "node:test";
import { findingsOf, UNLOGGED_PROJECTS } from "./rules-helpers.js";

const DIR = "fixtures/rules/error-must-fail";
const PY =
  "and then the code carries on: fail (raise, return a failure, `sys.exit(1)`) or log a warning instead (step 5).";
const JS =
  "and then the code carries on: fail (throw, return a failure, set `process.exitCode`, answer with an HTTP error) or log a warning instead (step 5).";

test("error-must-fail: errors followed by carrying on, in both languages", async () => {
  assert.deepEqual(await findingsOf("error-must-fail", [DIR], { base: DIR }), [
    // except FileNotFoundError: log, then an empty frame; `if df.empty:` log, then `return df`.
    `incorrect.py:14:9 \`logger.error\` ${PY}`,
    `incorrect.py:17:9 \`logger.error\` ${PY}`,
    // The AUC check logs and returns the AUC as if it passed.
    `incorrect.py:24:9 \`logger.error\` ${PY}`,
    // The handler is the function's last statement: the caller never learns the save failed.
    `incorrect.py:33:9 \`logger.exception\` ${PY}`,
    // The entry point logs CRITICAL and exits 0.
    `incorrect.py:45:9 \`logger.critical\` ${PY}`,
    `incorrect.ts:13:5 \`console.error\` ${JS}`,
    `incorrect.ts:21:5 \`log.error\` ${JS}`,
    // A request handler that logs and then answers 200 anyway.
    `incorrect.ts:29:5 \`log.error\` ${JS}`,
    // An expression-bodied `.catch`: the process exits 0.
    `incorrect.ts:34:42 \`log.fatal\` ${JS}`,
  ]);
});

test("error-must-fail: raise, return, exit, exitCode, an HTTP error, next(err), count-then-raise and wrappers are failing", async () => {
  assert.deepEqual(await findingsOf("error-must-fail", [`${DIR}/correct.py`, `${DIR}/correct.ts`]), []);
});

test("error-must-fail: the unlogged projects exit or answer 500 after each error", async () => {
  assert.deepEqual(await findingsOf("error-must-fail", UNLOGGED_PROJECTS), []);
});
