// no-print on Python reports exactly what Ruff's T201/T203 report (its npm wasm build, run here),
// plus `pprint.pp`, the 3.8 alias of `pprint.pprint` that T203 does not list.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { PositionEncoding, Workspace, type Diagnostic } from "@astral-sh/ruff-wasm-nodejs";
import { globbySync } from "globby";
import { check } from "../src/engine/check.js";
import { ROOT } from "./helpers.js";

const TARGETS = [
  "fixtures/no-print/print-cases.py",
  "fixtures/no-print/file-noqa.py",
  "fixtures/projects/py-train",
  "fixtures/projects/py-serve",
];

function ruffPrints(files: string[]): string[] {
  const workspace = new Workspace({ lint: { select: ["T20"] } }, PositionEncoding.Utf16);
  return files.flatMap((file) =>
    workspace
      .check(readFileSync(path.join(ROOT, file), "utf8"))
      .map(
        (d: Diagnostic) =>
          `${file}:${d.start_location.row}:${d.start_location.column}-${d.end_location.row}:${d.end_location.column}`,
      ),
  );
}

test("no-print = Ruff T201/T203 on the Python fixtures, plus pprint.pp", async () => {
  const files = globbySync(
    TARGETS.map((t) => (t.endsWith(".py") ? t : `${t}/**/*.py`)),
    { cwd: ROOT },
  ).sort();
  const result = await check(TARGETS, { cwd: ROOT, onlyRules: ["no-print"] });
  assert.deepEqual(result.errors, []);
  const ours = result.findings.map((f) => `${f.file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn}`).sort();
  const ppLine =
    readFileSync(path.join(ROOT, TARGETS[0]!), "utf8")
      .split("\n")
      .findIndex((l) => l.includes("pprint.pp(")) + 1;
  const expected = [...ruffPrints(files), `${TARGETS[0]}:${ppLine}:5-${ppLine}:14`].sort();
  assert.ok(expected.length >= 25, `Ruff found ${expected.length}`);
  assert.deepEqual(ours, expected);
});
