// no-warning-in-loop (step 6): exact findings on its fixtures and on the example projects.
import assert from "node:assert/strict";
import { test } from "node:test";
import { findingsOf, UNLOGGED_PROJECTS } from "./rules-helpers.js";

const DIR = "fixtures/rules/no-warning-in-loop";
const RULE = "no-warning-in-loop";
const FLOOD = "one warning per item floods the log; count them and warn once after the loop (step 6).";

test("no-warning-in-loop: warnings per row, per file and per forEach element", async () => {
  assert.deepEqual(await findingsOf(RULE, [DIR], { base: DIR }), [
    `incorrect.py:13:13 \`logger.warning\` inside a loop over \`df.iterrows()\`: ${FLOOD}`,
    `incorrect.py:23:13 \`warnings.warn\` inside a loop over \`paths\`: ${FLOOD}`,
    `incorrect.ts:15:7 \`log.warn\` inside a loop over \`rows\`: ${FLOOD}`,
    `incorrect.ts:19:38 \`console.warn\` inside a loop over \`rows\`: ${FLOOD}`,
  ]);
});

test("no-warning-in-loop: constants, literal lists, break, a warned-once flag and deduplicated warnings.warn pass", async () => {
  assert.deepEqual(await findingsOf(RULE, [`${DIR}/correct.py`, `${DIR}/correct.ts`]), []);
});

test("no-warning-in-loop: the unlogged projects warn per row and per instance", async () => {
  assert.deepEqual(await findingsOf(RULE, UNLOGGED_PROJECTS), [
    `fixtures/projects/js-serve/src/model.js:28:9 \`console.warn\` inside a loop over \`instances\`: ${FLOOD}`,
    `fixtures/projects/py-train/data.py:32:13 \`logging.warning\` inside a loop over \`df.iterrows()\`: ${FLOOD}`,
  ]);
});
