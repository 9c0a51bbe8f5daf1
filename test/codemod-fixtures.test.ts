// no-print's fix, case by case: each fixtures/codemod/<lang>/<case>.input.* must become exactly
// <case>.output.*, parse, come back unchanged from a second run, and list what it left (and why)
// exactly as <case>.notes.txt says. Python outputs also compile with CPython and pass Ruff's
// G001–G004 (no eager formatting in logging calls).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { PositionEncoding, Workspace, type Diagnostic } from "@astral-sh/ruff-wasm-nodejs";
import { fixSource, parseProblem, type FileFixResult } from "../src/codemod/fix-file.js";
import { JS_LOGGER_LIBRARIES, type JsLoggerLibrary } from "../src/codemod/js-console.js";
import { fixture } from "./helpers.js";

const PYTHON = fixture("codemod", "python");
const JS = fixture("codemod", "js");

interface Case {
  name: string;
  input: string;
  output: string;
  notes: string;
}

function cases(dir: string): Case[] {
  return readdirSync(dir)
    .filter((f) => f.includes(".input."))
    .sort()
    .map((f) => ({
      name: f.replace(/\.input\..*$/, ""),
      input: path.join(dir, f),
      output: path.join(dir, f.replace(".input.", ".output.")),
      notes: path.join(dir, f.replace(/\.input\..*$/, ".notes.txt")),
    }));
}

/** JS cases are named after the logger library they convert to (`winston-args`); pino otherwise. */
function run(c: Case, text = readFileSync(c.input, "utf8")): FileFixResult {
  const prefix = c.name.split("-")[0]!;
  const library: JsLoggerLibrary = (JS_LOGGER_LIBRARIES as readonly string[]).includes(prefix)
    ? (prefix as JsLoggerLibrary)
    : "pino";
  return fixSource(text, c.input, { rule: { logger: { module: "logger.ts", library } } });
}

function notesOf(result: FileFixResult): string {
  const lines = [
    ...result.notes.map((n) => `${n.line}: ${n.message}`),
    ...result.left.map((n) => `${n.line}: left: ${n.message.replace(/^.*Not converted automatically: /, "")}`),
  ];
  return lines.length === 0 ? "" : lines.join("\n") + "\n";
}

for (const [language, dir] of [
  ["python", PYTHON],
  ["js", JS],
] as const) {
  for (const c of cases(dir)) {
    test(`${language}/${c.name}: input → output, notes, parses, second run changes nothing`, () => {
      const result = run(c);
      assert.equal(result.invalid, null);
      assert.equal(result.output, readFileSync(c.output, "utf8"));
      assert.equal(notesOf(result), existsSync(c.notes) ? readFileSync(c.notes, "utf8") : "");
      assert.equal(parseProblem(result.output, c.output), null);
      const again = run(c, result.output);
      assert.equal(again.output, result.output, "a second run changes nothing");
      assert.equal(again.converted, 0);
    });
  }
}

test("the non-matching inputs come back unchanged", () => {
  for (const dir of [PYTHON, JS]) {
    const c = cases(dir).find((x) => x.name === "non-matching")!;
    assert.equal(run(c).output, readFileSync(c.input, "utf8"));
  }
});

test("every Python output compiles with CPython", () => {
  const outputs = cases(PYTHON).map((c) => c.output);
  const r = spawnSync(
    "python3",
    ["-c", "import sys\nfor f in sys.argv[1:]: compile(open(f, encoding='utf-8').read(), f, 'exec')", ...outputs],
    {
      encoding: "utf8",
    },
  );
  assert.equal(r.stderr, "");
  assert.equal(r.status, 0);
});

test("Python outputs have no eager formatting in logging calls (Ruff G001–G004)", () => {
  const workspace = new Workspace({ lint: { select: ["G001", "G002", "G003", "G004"] } }, PositionEncoding.Utf16);
  const found = cases(PYTHON).flatMap((c) =>
    workspace
      .check(readFileSync(c.output, "utf8"))
      .map((d: Diagnostic) => `${c.name}:${d.start_location.row} ${d.code} ${d.message}`),
  );
  assert.deepEqual(found, []);
});
