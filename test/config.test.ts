// Configuration: presets climb the post's ladder, and the published JSON Schema agrees with the validator.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import { rules } from "../rules/index.js";
import { check } from "../src/engine/check.js";
import { ConfigurationError, type LogicalConfig } from "../src/engine/config.js";
import { validateConfig } from "../src/engine/config-schema.js";
import { CONFIG_SCHEMA_PATH } from "../scripts/generate.js";
import { ROOT } from "./helpers.js";

const PROJECT = ["fixtures/projects/py-train", "fixtures/projects/js-serve"];

async function ruleIdsFound(config: LogicalConfig): Promise<string[]> {
  const result = await check(PROJECT, { cwd: ROOT, config });
  return [...new Set(result.findings.map((f) => f.ruleId))].sort();
}

test("step-1 runs only step 1's rule; step-6 adds steps 5 and 6; step-8 and strict add the hygiene rules", async () => {
  assert.deepEqual(await ruleIdsFound({ extends: "step-1" }), ["no-print"]);
  const upTo6 = await ruleIdsFound({ extends: "step-6" });
  const steps = new Map(rules.map((r) => [r.meta.id, r.meta.step]));
  assert.ok(upTo6.length > 1);
  assert.ok(
    upTo6.every((id) => steps.get(id)! >= 1 && steps.get(id)! <= 6),
    upTo6.join(),
  );
  const all = await ruleIdsFound({ extends: "step-8" });
  assert.ok(
    all.some((id) => steps.get(id) === 0),
    all.join(),
  );
});

test("strict makes every finding an error; rules in the config override the preset", async () => {
  const strict = await check(PROJECT, { cwd: ROOT, config: { extends: "strict" } });
  assert.ok(strict.findings.length > 0);
  assert.equal(strict.summary.warning, 0);
  const mixed = await check(PROJECT, { cwd: ROOT, config: { extends: "step-1", rules: { "no-print": "warn" } } });
  assert.ok(mixed.findings.every((f) => f.ruleId === "no-print" && f.severity === "warning"));
});

test("an unknown preset names the key and the value", () => {
  assert.throws(
    () => validateConfig({ extends: "step-9" }, "/x/logical.config.json"),
    (e: unknown) =>
      e instanceof ConfigurationError && /^logical\.config\.json: extends: .*\(got "step-9"\)$/.test(e.message),
  );
});

test("the published JSON Schema accepts what the validator accepts and rejects what it rejects", () => {
  const schema = JSON.parse(readFileSync(path.join(ROOT, CONFIG_SCHEMA_PATH), "utf8")) as object;
  const validate = new Ajv2020({ strict: false }).compile(schema);
  const good = {
    $schema: "./node_modules/logical/schema/logical.config.schema.json",
    extends: "step-5",
    rules: { "no-print": ["error", { allow: ["error"] }] },
    overrides: [{ files: ["scripts/**"], rules: { "no-print": "off" } }],
  };
  assert.equal(validate(good), true, JSON.stringify(validate.errors));
  validateConfig(good, "logical.config.json");
  for (const bad of [
    { rules: { "no-print": "loud" } },
    { extends: "step-9" },
    { rules: { "no-such-rule": "off" } },
    { colour: true },
  ]) {
    assert.equal(validate(bad), false, JSON.stringify(bad));
  }
});
