// logger-per-module (hygiene, footnote 1): exact findings on its fixtures and on the example projects.
import assert from "node:assert/strict";
import { test } from "node:test";
import { findingsOf, LOGGED_PROJECTS, UNLOGGED_PROJECTS } from "./rules-helpers.js";

const DIR = "fixtures/rules/logger-per-module";
const RULE = "logger-per-module";

test("logger-per-module: hard-coded names, the root logger, __file__, logging.Logger and a second pino root", async () => {
  assert.deepEqual(await findingsOf(RULE, [DIR], { base: DIR }), [
    'incorrect.py:4:28 the module\'s logger has a hard-coded name "churn": use `logging.getLogger(__name__)` so it sits in the package hierarchy (footnote 1).',
    "incorrect.py:5:9 the module logs through the root logger (`logging.getLogger()` without a name): use `logging.getLogger(__name__)` (footnote 1).",
    "incorrect.py:6:33 `logging.getLogger(__file__)` names the logger after a file path: use `__name__` (footnote 1).",
    "incorrect.py:10:11 `logging.Logger(…)` creates a logger outside the hierarchy, so configuration never reaches it: use `logging.getLogger(__name__)` (footnote 1).",
    "incorrect.ts:4:13 `pino(…)` creates a root logger in a library module: import the logger from the project's logger module and use `logger.child({ module })` (footnote 1).",
  ]);
});

test("logger-per-module: __name__, a named logger being configured, and the logger module's own root pass", async () => {
  assert.deepEqual(await findingsOf(RULE, [`${DIR}/correct.py`, `${DIR}/correct.ts`, `${DIR}/logger.ts`]), []);
});

test("logger-per-module: the example projects, before and after, already use __name__ and one root", async () => {
  assert.deepEqual(await findingsOf(RULE, [...UNLOGGED_PROJECTS, ...LOGGED_PROJECTS]), []);
});
