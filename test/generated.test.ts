// Generated files cannot drift from their source: the rule files and their metadata.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { rules } from "../rules/index.js";
import {
  CONFIG_SCHEMA_PATH,
  renderConfigSchema,
  renderRuleIndex,
  renderRulesTable,
  replaceTable,
  ruleIds,
} from "../scripts/generate.js";
import { ROOT } from "./helpers.js";

test("rules/index.ts lists exactly the rule files (npm run generate)", () => {
  const onDisk = readFileSync(path.join(ROOT, "rules/index.ts"), "utf8");
  assert.equal(onDisk, renderRuleIndex(ruleIds(ROOT)));
});

test("README's rules table matches the rules' metadata (npm run generate)", () => {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  assert.equal(readme, replaceTable(readme, renderRulesTable(rules.map((r) => r.meta))));
});

test("the published config JSON Schema matches the schema logical validates with (npm run generate)", () => {
  const onDisk = readFileSync(path.join(ROOT, CONFIG_SCHEMA_PATH), "utf8");
  assert.equal(onDisk, renderConfigSchema(ruleIds(ROOT)));
});
