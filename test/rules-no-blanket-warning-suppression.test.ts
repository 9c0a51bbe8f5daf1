// no-blanket-warning-suppression (step 6): exact findings on its fixtures and on the example projects.
import assert from "node:assert/strict";
import { test } from "node:test";
import { findingsOf, UNLOGGED_PROJECTS } from "./rules-helpers.js";

const DIR = "fixtures/rules/no-blanket-warning-suppression";
const RULE = "no-blanket-warning-suppression";
const TARGETED =
  'suppress only the warning you decided is harmless, e.g. `warnings.filterwarnings("ignore", category=FutureWarning, module="sklearn")` (step 6).';
const NODE =
  'hides every Node warning: fix the cause, or filter the one warning by its code in a `process.on("warning")` listener (step 6).';

test("no-blanket-warning-suppression: filters without a category, logging.disable, a silenced root, seterr and Node's switches", async () => {
  assert.deepEqual(await findingsOf(RULE, [DIR], { base: DIR }), [
    `incorrect.py:8:1 \`warnings.filterwarnings("ignore")\` hides every warning: ${TARGETED}`,
    'incorrect.py:9:1 `numpy.seterr(all="ignore")` hides every floating-point warning: ignore only the one you expect (`divide="ignore"`), or use `numpy.errstate` around the one computation (step 6).',
    `incorrect.py:14:9 \`warnings.simplefilter("ignore")\` hides every warning: ${TARGETED}`,
    "incorrect.py:20:5 `logging.disable(…)` silences logging everywhere: raise the level of the one noisy logger instead, in the logging configuration (step 6).",
    'incorrect.py:21:5 setting the root logger to logging.ERROR hides every warning: raise the level of the noisy logger only, e.g. `logging.getLogger("urllib3").setLevel(logging.ERROR)` (step 6).',
    'incorrect.ts:4:1 `process.removeAllListeners("warning")` hides every Node warning: fix the cause, or filter the one warning by its code in your own listener (step 6).',
    `incorrect.ts:5:1 \`process.noDeprecation = …\` ${NODE}`,
    `incorrect.ts:6:1 \`process.emitWarning = …\` ${NODE}`,
    "incorrect.ts:7:1 `console.warn = () => {}` drops every `console.warn` message: fix or filter the one message you decided is harmless (step 6).",
  ]);
});

test("no-blanket-warning-suppression: a category, a named logger, NOTSET and an own warning listener are targeted", async () => {
  assert.deepEqual(await findingsOf(RULE, [`${DIR}/correct.py`, `${DIR}/correct.ts`]), []);
});

test("no-blanket-warning-suppression: the unlogged training job ignores every warning", async () => {
  assert.deepEqual(await findingsOf(RULE, UNLOGGED_PROJECTS), [
    `fixtures/projects/py-train/train.py:16:1 \`warnings.filterwarnings("ignore")\` hides every warning: ${TARGETED}`,
  ]);
});
