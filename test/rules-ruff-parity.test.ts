// Where Ruff has the same check (LOG001, LOG002, LOG015, G001-G004, S110, S112), our findings cover Ruff's
// on the same Python files: its npm wasm build runs here, and every diagnostic must have ours at its line:column.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { PositionEncoding, Workspace, type Diagnostic } from "@astral-sh/ruff-wasm-nodejs";
import { globbySync } from "globby";
import { check } from "../src/engine/check.js";
import { ROOT } from "./helpers.js";

const RULE_OF_CODE: Record<string, string> = {
  LOG001: "logger-per-module",
  LOG002: "logger-per-module",
  LOG015: "no-root-logger",
  G001: "lazy-log-format",
  G002: "lazy-log-format",
  G003: "lazy-log-format",
  G004: "lazy-log-format",
  S110: "no-swallowed-exception",
  S112: "no-swallowed-exception",
};
const TARGETS = ["fixtures/rules", "fixtures/projects/py-train", "fixtures/projects/py-serve"];

test("our findings cover Ruff's LOG, G, S110 and S112 diagnostics on the Python fixtures", async () => {
  const files = globbySync(
    TARGETS.map((t) => `${t}/**/*.py`),
    { cwd: ROOT },
  ).sort();
  const workspace = new Workspace({ lint: { select: Object.keys(RULE_OF_CODE) } }, PositionEncoding.Utf16);
  const ruff = files.flatMap((file) =>
    workspace
      .check(readFileSync(path.join(ROOT, file), "utf8"))
      .map(
        (d: Diagnostic) =>
          `${RULE_OF_CODE[d.code!]} ${file}:${d.start_location.row}:${d.start_location.column} (${d.code})`,
      ),
  );
  // Ruff's LOG015 reports entry points too, and S110 ignores explaining comments: ask for both here.
  const config = {
    rules: {
      "no-root-logger": ["error", { includeEntryPoints: true }] as ["error", Record<string, unknown>],
      "no-swallowed-exception": ["error", { allowExplained: false }] as ["error", Record<string, unknown>],
    },
  };
  const result = await check(TARGETS, {
    cwd: ROOT,
    onlyRules: [...new Set(Object.values(RULE_OF_CODE))],
    config,
    workers: 0,
  });
  assert.deepEqual(result.errors, []);
  const ours = new Set(result.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`));
  const codes = new Set(ruff.map((r) => r.slice(r.lastIndexOf("(") + 1, -1)));
  assert.deepEqual([...codes].sort(), Object.keys(RULE_OF_CODE).sort(), "the fixtures exercise every mapped Ruff code");
  assert.deepEqual(
    ruff.filter((r) => !ours.has(r.slice(0, r.lastIndexOf(" (")))),
    [],
  );
});
