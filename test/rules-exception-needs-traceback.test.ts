// exception-needs-traceback (step 7): exact findings on its fixtures, the example projects and its options.
import assert from "node:assert/strict";
import { test } from "node:test";
import { findingsOf, UNLOGGED_PROJECTS, withOptions } from "./rules-helpers.js";

const DIR = "fixtures/rules/exception-needs-traceback";
const RULE = "exception-needs-traceback";
const PY = "the traceback is lost; use `logger.exception(…)` or pass `exc_info=True` (step 7).";
const JS =
  "the traceback is lost; pass the error object itself (pino: `log.error({ err }, …)`), not its message (step 7).";

test("exception-needs-traceback: str(e), f-strings, err.message and broad handlers that log no trace", async () => {
  assert.deepEqual(await findingsOf(RULE, [DIR], { base: DIR }), [
    `incorrect.py:17:9 \`logger.error\` in an exception handler logs \`e\` as text only: ${PY}`,
    `incorrect.py:35:9 \`logger.error\` in an exception handler logs no trace of the error: ${PY}`,
    `incorrect.py:44:9 \`logger.critical\` in an exception handler logs \`e\` as text only: ${PY}`,
    `incorrect.ts:15:5 \`console.error\` in an exception handler logs \`err\` as text only: ${JS}`,
    `incorrect.ts:24:5 \`log.error\` in an exception handler logs \`err\` as text only: ${JS}`,
    `incorrect.ts:33:5 \`log.error\` in an exception handler logs no trace of the error: ${JS}`,
  ]);
});

test("exception-needs-traceback: the unlogged server prints err.message and `${err}`", async () => {
  assert.deepEqual(await findingsOf(RULE, UNLOGGED_PROJECTS), [
    `fixtures/projects/js-serve/src/server.js:25:5 \`console.error\` in an exception handler logs \`err\` as text only: ${JS}`,
    `fixtures/projects/js-serve/src/server.js:35:5 \`console.error\` in an exception handler logs \`err\` as text only: ${JS}`,
  ]);
});

test("exception-needs-traceback: checkTypedExceptions adds `except ParserError as err` logging err as text", async () => {
  const found = await findingsOf(RULE, [`${DIR}/incorrect.py`], {
    base: DIR,
    config: withOptions(RULE, { checkTypedExceptions: true }),
  });
  assert.deepEqual(found.length, 4);
  assert.equal(found[1], `incorrect.py:26:9 \`logger.error\` in an exception handler logs \`err\` as text only: ${PY}`);
  // A re-raise keeps the traceback, and a warning is not an error log: still nothing in the correct files.
  assert.deepEqual(
    await findingsOf(RULE, [`${DIR}/correct.py`, `${DIR}/correct.ts`], {
      config: withOptions(RULE, { checkTypedExceptions: true }),
    }),
    [],
  );
});
