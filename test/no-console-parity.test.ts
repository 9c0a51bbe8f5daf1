// no-print on JS/TS reports exactly where ESLint's own no-console does.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import tsParser from "@typescript-eslint/parser";
import { ESLint } from "eslint";
import { check } from "../src/engine/check.js";
import { ROOT } from "./helpers.js";

const TARGETS = [
  "fixtures/no-print/console-cases.ts",
  "fixtures/no-print/console-off.js",
  "fixtures/projects/js-train",
  "fixtures/projects/js-serve",
];

async function eslintNoConsole(): Promise<string[]> {
  const eslint = new ESLint({
    cwd: ROOT,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ["**/*.{ts,tsx,mts,cts}"], languageOptions: { parser: tsParser } },
      { files: ["**/*.{js,cjs,mjs,ts,tsx,mts,cts}"], rules: { "no-console": "error" } },
      { files: ["**/*.cjs", "fixtures/projects/js-serve/**/*.js"], languageOptions: { sourceType: "commonjs" } },
    ],
  });
  const results = await eslint.lintFiles(TARGETS);
  const found = results.flatMap((r) =>
    r.messages.map((m) => {
      assert.equal(m.ruleId, "no-console", `${r.filePath}: ${m.message}`);
      return {
        file: path.relative(ROOT, r.filePath),
        line: m.line,
        column: m.column,
        end: `${m.endLine}:${m.endColumn}`,
      };
    }),
  );
  return found.map((f) => `${f.file}:${f.line}:${f.column}-${f.end}`).sort();
}

test("no-print reports every console use ESLint no-console reports, and nothing else", async () => {
  const expected = await eslintNoConsole();
  const result = await check(TARGETS, { cwd: ROOT, onlyRules: ["no-print"] });
  assert.deepEqual(result.errors, []);
  const actual = result.findings.map((f) => `${f.file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn}`).sort();
  assert.ok(expected.length >= 35, `ESLint found ${expected.length} console uses`);
  assert.deepEqual(actual, expected);
});

test("the tricky cases are the ones a reader expects", async () => {
  const result = await check(["fixtures/no-print/console-cases.ts"], { cwd: ROOT, onlyRules: ["no-print"] });
  const lines = result.findings.map((f) => f.line);
  // Shadowed by a parameter (14), a hoisted var (21) and a block const (26): not the global console.
  for (const shadowed of [14, 21, 26]) assert.ok(!lines.includes(shadowed), `line ${shadowed} is shadowed`);
  // Destructuring (10) is not a member access, as in no-console.
  assert.ok(!lines.includes(10));
  // Computed access (5, 7), bind (8), optional chaining (9), after a block (28), per-element callback (38);
  // `eslint-disable… no-console` directives (42–47) hold for no-print too, until `eslint-enable` (48).
  assert.deepEqual([...new Set(lines)], [4, 5, 7, 8, 9, 11, 28, 33, 38, 48]);
});
