// no-swallowed-exception (step 5): exact findings on its fixtures, the example projects and its options.
import assert from "node:assert/strict";
import { test } from "node:test";
import { findingsOf, UNLOGGED_PROJECTS, withOptions } from "./rules-helpers.js";

const DIR = "fixtures/rules/no-swallowed-exception";
const RULE = "no-swallowed-exception";
const PY =
  "swallows the error: log it (a warning if it is expected), re-raise it, or catch only the exception you expect (step 5).";
const JS =
  "swallows the error: log it (a warning if it is expected), rethrow it, or say in a comment why it is safe to ignore (step 5).";
const CATCH_CALLBACK = "`.catch(() => {})` swallows the rejection: log it or let it propagate (step 5).";

test("no-swallowed-exception: empty broad handlers, contextlib.suppress(Exception) and .catch(() => {})", async () => {
  assert.deepEqual(await findingsOf(RULE, [DIR], { base: DIR }), [
    `incorrect.py:14:5 \`except Exception\` ${PY}`,
    `incorrect.py:23:9 bare \`except:\` ${PY}`,
    "incorrect.py:35:10 `contextlib.suppress(Exception)` swallows every error: suppress only what you expect, or log it (step 5).",
    `incorrect.ts:9:5 \`catch\` ${JS}`,
    `incorrect.ts:23:110 ${CATCH_CALLBACK}`,
  ]);
});

test("no-swallowed-exception: the unlogged projects' empty handlers", async () => {
  assert.deepEqual(await findingsOf(RULE, UNLOGGED_PROJECTS), [
    `fixtures/projects/js-serve/src/model.js:18:5 \`catch\` ${JS}`,
    `fixtures/projects/js-train/src/storage.ts:12:5 \`catch\` ${JS}`,
    `fixtures/projects/py-train/storage.py:22:5 \`except Exception\` ${PY}`,
  ]);
});

test("no-swallowed-exception: checkFallbacks adds broad handlers that only do something else", async () => {
  const config = withOptions(RULE, { checkFallbacks: true });
  const found = await findingsOf(RULE, [`${DIR}/incorrect.py`, `${DIR}/incorrect.ts`], { base: DIR, config });
  assert.deepEqual(
    found.filter((f) => f.includes("neither logs")),
    [
      "incorrect.py:30:5 `except BaseException` neither logs, re-raises nor returns: the error disappears; log it or let it propagate (step 5).",
      "incorrect.ts:15:5 `catch` neither logs, rethrows nor returns: the error disappears; log it or let it propagate (step 5).",
    ],
  );
  // Assigning a fallback, storing the exception, logging, returning: still not reported.
  assert.deepEqual(await findingsOf(RULE, [`${DIR}/correct.py`, `${DIR}/correct.ts`], { config }), []);
});

test("no-swallowed-exception: checkTypedExceptions and allowExplained: false widen it to Ruff's S110", async () => {
  const typed = withOptions(RULE, { checkTypedExceptions: true });
  assert.deepEqual(await findingsOf(RULE, [`${DIR}/correct.py`], { base: DIR, config: typed }), [
    `correct.py:35:5 \`except FileNotFoundError\` ${PY}`,
  ]);
  const unexplained = withOptions(RULE, { allowExplained: false });
  assert.deepEqual(await findingsOf(RULE, [`${DIR}/correct.py`], { base: DIR, config: unexplained }), [
    `correct.py:59:5 \`except Exception\` ${PY}`,
  ]);
});
