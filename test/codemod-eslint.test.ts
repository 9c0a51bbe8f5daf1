// no-print's fix through the real ESLint class (`eslint --fix`): ESLint applies a file's fixes in
// passes and skips a fix that overlaps one already taken, so the shared header edits (imports,
// the module logger) must land once and the result must equal what `logical fix` writes.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import tsParser from "@typescript-eslint/parser";
import { ESLint, type Linter } from "eslint";
import { fixSource } from "../src/codemod/fix-file.js";
import logical from "../src/eslint-plugin/index.js";
import { fixture } from "./helpers.js";

function eslintWith(logger: object): ESLint {
  const rules: Linter.RulesRecord = { "logical/no-print": ["error", { logger }] };
  const config: Linter.Config[] = [
    { ...logical.configs.recommended!, languageOptions: { parser: tsParser }, rules } as Linter.Config,
    { ...logical.configs.python!, rules } as Linter.Config,
  ];
  return new ESLint({ cwd: fixture("codemod"), overrideConfigFile: true, overrideConfig: config, fix: true });
}

const CASES = [
  ["python", "args.input.py"],
  ["python", "stderr-levels.input.py"],
  ["python", "pprint-import.input.py"],
  ["python", "entry-point.input.py"],
  ["python", "left-in-place.input.py"],
  ["js", "pino-args.input.ts"],
  ["js", "pino-cjs.input.js"],
  ["js", "pino-no-imports.input.js"],
] as const;

for (const [language, name] of CASES) {
  test(`eslint --fix on ${language}/${name} gives logical fix's output`, async () => {
    const file = fixture("codemod", language, name);
    const text = readFileSync(file, "utf8");
    const logger = { module: path.join(path.dirname(file), "logger.ts"), library: "pino" as const };
    const [result] = await eslintWith(logger).lintText(text, { filePath: file });
    const expected = fixSource(text, file, { rule: { logger } }).output;
    assert.equal(result!.output ?? text, expected);
    // What stays reported after the fix is only what was deliberately left.
    for (const m of result!.messages) assert.match(m.message, /Not converted automatically/);
  });
}

test("a suggestion is offered, not applied: console.trace keeps its stack only by hand", async () => {
  const file = fixture("codemod", "js", "pino-left-in-place.input.ts");
  const eslint = new ESLint({
    cwd: fixture("codemod"),
    overrideConfigFile: true,
    overrideConfig: [
      {
        ...logical.configs.recommended!,
        languageOptions: { parser: tsParser },
        rules: { "logical/no-print": ["error", { logger: { module: "js/logger.ts" } }] },
      } as Linter.Config,
    ],
  });
  const [result] = await eslint.lintText(readFileSync(file, "utf8"), { filePath: file });
  const trace = result!.messages.find((m) => m.message.startsWith("`console.trace`"))!;
  assert.equal(trace.fix, undefined);
  assert.deepEqual(
    trace.suggestions?.map((s) => s.desc),
    ["Replace with `logger.debug`"],
  );
});
