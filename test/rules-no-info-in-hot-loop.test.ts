// no-info-in-hot-loop (step 8): exact findings on its fixtures and on the example projects.
import assert from "node:assert/strict";
import { test } from "node:test";
import { findingsOf, UNLOGGED_PROJECTS } from "./rules-helpers.js";

const DIR = "fixtures/rules/no-info-in-hot-loop";
const RULE = "no-info-in-hot-loop";
const NOISE = "day-to-day noise; log at DEBUG, every N steps, or once after the loop (step 8).";

test("no-info-in-hot-loop: INFO per batch, per row, in a per-batch callback and inside the epoch loop", async () => {
  assert.deepEqual(await findingsOf(RULE, [DIR], { base: DIR }), [
    `incorrect.py:17:13 \`logger.info\` in a per-item loop over \`enumerate(train_loader)\`: ${NOISE}`,
    `incorrect.py:23:9 \`logger.info\` in a per-item loop over \`df.iterrows()\`: ${NOISE}`,
    `incorrect.py:29:9 \`logger.info\` in \`on_train_batch_end\`, which runs once per batch: ${NOISE}`,
    `incorrect.py:36:13 \`logger.info\` in a loop inside the epoch loop: ${NOISE}`,
    `incorrect.ts:11:7 \`log.info\` in a per-item loop over \`batches\`: ${NOISE}`,
    `incorrect.ts:19:5 \`log.info\` in a per-item loop over \`rows\`: ${NOISE}`,
  ]);
});

test("no-info-in-hot-loop: per-epoch INFO, every-N-steps INFO, DEBUG per batch and a literal grid pass", async () => {
  assert.deepEqual(await findingsOf(RULE, [`${DIR}/correct.py`, `${DIR}/correct.ts`]), []);
});

test("no-info-in-hot-loop: the unlogged projects print per batch instead (no-print's)", async () => {
  assert.deepEqual(await findingsOf(RULE, UNLOGGED_PROJECTS), []);
});
