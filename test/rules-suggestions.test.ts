// Suggestions are offered in editors, never applied unasked: what each rule offers, applied to its line.
import assert from "node:assert/strict";
import { test } from "node:test";
import { rules } from "../rules/index.js";
import { applyTextEdits } from "../src/codemod/text-edits.js";
import { buildProjectModel } from "../src/engine/project.js";
import type { RuleReport } from "../src/engine/rule.js";
import { buildFileModel } from "../src/languages/index.js";

/** Each report's suggestions applied one at a time, as `title: line after`. */
function suggested(ruleId: string, file: string, text: string): string[] {
  const rule = rules.find((r) => r.meta.id === ruleId)!;
  const model = buildFileModel(text, file, "library");
  const reports: RuleReport[] = [];
  rule.check({
    file: model,
    project: buildProjectModel("/", [model]),
    options: rule.defaultOptions,
    report: (r) => reports.push(r),
  });
  return reports.flatMap((r) =>
    (r.suggestions ?? []).map((s) => {
      const fixed = applyTextEdits(text, s.edits);
      const line = fixed.split("\n")[model.lineStarts.findLastIndex((start) => start <= r.range[0])]!;
      return `${s.title}: ${line.trim()}`;
    }),
  );
}

test("exception-needs-traceback suggests logger.exception in Python", () => {
  const text =
    'import logging\nlogger = logging.getLogger(__name__)\ntry:\n    run()\nexcept Exception as e:\n    logger.error("run failed: %s", e)\n';
  assert.deepEqual(suggested("exception-needs-traceback", "job.py", text), [
    'Use `.exception(…)`, which logs the traceback: logger.exception("run failed: %s", e)',
  ]);
});

test("no-info-in-hot-loop suggests DEBUG", () => {
  const text =
    "import logging\nlogger = logging.getLogger(__name__)\nfor batch in loader:\n    logger.info('loss %s', step(batch))\n";
  assert.deepEqual(suggested("no-info-in-hot-loop", "train.py", text), [
    "Log at DEBUG: logger.debug('loss %s', step(batch))",
  ]);
});

test("logger-per-module suggests getLogger and __name__", () => {
  const text = 'import logging\na = logging.Logger("trainer")\nb = logging.getLogger(__file__)\n';
  assert.deepEqual(suggested("logger-per-module", "trainer.py", text), [
    'Use `getLogger`: a = logging.getLogger("trainer")',
    "Use `__name__`: b = logging.getLogger(__name__)",
  ]);
});

test("lazy-log-format suggests lazy %s arguments in JS", () => {
  const text =
    'import { logger } from "./logger.js";\nconst log = logger.child({ module: "data" });\nlog.info(`loaded ${rows.length} rows from ${path}: 100%`);\n';
  assert.deepEqual(suggested("lazy-log-format", "data.ts", text), [
    'Pass the values as lazy `%s` arguments: log.info("loaded %s rows from %s: 100%%", rows.length, path);',
  ]);
});
