// no-root-logger (hygiene, footnote 1): exact findings on its fixtures and on the example projects.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { check } from "../src/engine/check.js";
import { tempDir } from "./helpers.js";
import { findingsOf, UNLOGGED_PROJECTS, withOptions } from "./rules-helpers.js";

const DIR = "fixtures/rules/no-root-logger";
const RULE = "no-root-logger";
const ROOT_CALL =
  "logs on the root logger: use a module logger, `logger = logging.getLogger(__name__)`, so its output can be told apart and configured (footnote 1).";

test("no-root-logger: a library module that logs on, configures and sets the level of the root logger", async () => {
  assert.deepEqual(await findingsOf(RULE, [DIR], { base: DIR }), [
    "incorrect.py:6:1 `logging.basicConfig(…)` in a library module configures the whole program's logging: leave it to the entry point (footnote 1).",
    `incorrect.py:10:5 \`logging.info()\` ${ROOT_CALL}`,
    `incorrect.py:13:9 \`logging.warning()\` ${ROOT_CALL}`,
    "incorrect.py:18:5 a library module sets the root logger's level: set the level of this module's logger, or leave it to the entry point (footnote 1).",
    "incorrect.ts:5:1 `logger.level = …` sets the shared logger's level from a library module: configure logging once, in the entry point or the logger module (footnote 1).",
    "incorrect.ts:8:3 `winston.info()` logs on winston's global logger: create a named logger (a child of the project's logger) for this module (footnote 1).",
  ]);
});

test("no-root-logger: the entry point (train.py) and the logger module (logger.ts) configure, as they should", async () => {
  const files = ["correct.py", "correct.ts", "train.py", "logger.ts"].map((f) => `${DIR}/${f}`);
  assert.deepEqual(await findingsOf(RULE, files), []);
});

test("no-root-logger: the unlogged training job warns on the root logger from data.py", async () => {
  assert.deepEqual(await findingsOf(RULE, UNLOGGED_PROJECTS), [
    `fixtures/projects/py-train/data.py:32:13 \`logging.warning()\` ${ROOT_CALL}`,
  ]);
});

test("no-root-logger: includeEntryPoints reports root-logger calls in entry points too (Ruff's LOG015)", async () => {
  const dir = tempDir();
  writeFileSync(
    path.join(dir, "train.py"),
    'import logging\n\n\ndef main():\n    logging.info("training")\n\n\nif __name__ == "__main__":\n    logging.basicConfig(level=logging.INFO)\n    main()\n',
  );
  const run = async (options: object) =>
    (
      await check(["train.py"], { cwd: dir, onlyRules: [RULE], config: withOptions(RULE, { ...options }), workers: 0 })
    ).findings.map((f) => `${f.file}:${f.line}:${f.column}`);
  assert.deepEqual(await run({}), []);
  // basicConfig in the entry point stays allowed either way.
  assert.deepEqual(await run({ includeEntryPoints: true }), ["train.py:5:5"]);
});
