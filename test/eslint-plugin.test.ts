// The ESLint plugin, run through the real ESLint class, agrees with `logical check` finding for finding.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import tsParser from "@typescript-eslint/parser";
import { ESLint, type Linter } from "eslint";
import logical from "../src/eslint-plugin/index.js";
import { check } from "../src/engine/check.js";
import { ROOT, tempDir } from "./helpers.js";

const TARGETS = [
  "fixtures/no-print",
  "fixtures/projects/py-train",
  "fixtures/projects/py-serve",
  "fixtures/projects/js-train",
  "fixtures/projects/js-serve",
  "fixtures/projects/py-train-logged",
  "fixtures/projects/js-serve-logged",
];

function eslintFor(cwd: string): ESLint {
  const config: Linter.Config[] = [
    { ...logical.configs.recommended!, languageOptions: { parser: tsParser } } as Linter.Config,
    logical.configs.python!,
  ];
  return new ESLint({ cwd, overrideConfigFile: true, overrideConfig: config });
}

async function eslintFindings(cwd: string, targets: string[]): Promise<string[]> {
  const results = await eslintFor(cwd).lintFiles(targets);
  return results
    .flatMap((r) =>
      r.messages
        // Directives for rules outside this config (no-console) are reported as unused: not findings.
        .filter((m) => m.ruleId !== null)
        .map((m) => `${path.relative(cwd, r.filePath)}:${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.ruleId}`),
    )
    .sort();
}

test("ESLint (JS/TS and the Python language) and `logical check` agree finding for finding", async () => {
  const viaEslint = await eslintFindings(
    ROOT,
    TARGETS.map((t) => `${t}/**/*.{py,js,ts}`),
  );
  // One check per project: project facts (request-logging middleware, callers' logs) are per project.
  const results = await Promise.all(TARGETS.map((t) => check([t], { cwd: ROOT })));
  const viaCli = results
    .flatMap((r) => r.findings)
    .map((f) => `${f.file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} logical/${f.ruleId}`)
    .sort();
  assert.ok(viaCli.some((f) => f.includes(".py:")) && viaCli.some((f) => f.includes(".ts:")));
  assert.deepEqual(viaEslint, viaCli);
});

test("Python files take # eslint-disable comments and logical's own suppressions", async () => {
  const dir = tempDir();
  writeFileSync(
    path.join(dir, "job.py"),
    [
      "# eslint-disable-next-line logical/no-print",
      'print("disabled by eslint")',
      'print("disabled on its line")  # eslint-disable-line logical/no-print',
      'print("kept by logical")  # logical: ignore[no-print]',
      'print("reported")',
      "",
    ].join("\n"),
  );
  assert.deepEqual(await eslintFindings(dir, ["job.py"]), ["job.py:5:1-5:6 logical/no-print"]);
});

test("a Python syntax error is a fatal ESLint message with its position", async () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, "broken.py"), "def f(:\n    pass\n");
  const [result] = await eslintFor(dir).lintFiles(["broken.py"]);
  assert.equal(result!.messages.length, 1);
  const [message] = result!.messages;
  assert.equal(message!.fatal, true);
  assert.equal(message!.line, 1);
});
