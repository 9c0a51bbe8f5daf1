// The package's public entry points resolve as a user imports them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { check, rules } from "logical";
import plugin from "logical/eslint-plugin";
import { ROOT } from "./helpers.js";

test("`import { check } from 'logical'` returns the JSON contract", async () => {
  const result = await check(["fixtures/no-print/print-cases.py"], { cwd: ROOT });
  assert.equal(result.version, 1);
  assert.equal(result.files, 1);
  assert.ok(result.findings.length > 0);
  assert.ok(result.findings.every((f) => f.file === "fixtures/no-print/print-cases.py"));
});

test("`import plugin from 'logical/eslint-plugin'` has every rule and both configs", () => {
  assert.deepEqual(Object.keys(plugin.rules).sort(), rules.map((r) => r.meta.id).sort());
  assert.equal(plugin.configs.python?.language, "logical/python");
  assert.ok(plugin.configs.recommended?.rules?.["logical/no-print"]);
});
