// lazy-log-format (hygiene): exact findings, the fix's output (re-linted), and the shared converter.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { buildLazyFormat, percentDirective, stringLiteral, type LazyPiece } from "../src/codemod/lazy-format.js";
import { applyTextEdits } from "../src/codemod/text-edits.js";
import { buildFileModel } from "../src/languages/index.js";
import { check } from "../src/engine/check.js";
import { ROOT, tempDir } from "./helpers.js";
import { findingsOf, findingsWithFixes, UNLOGGED_PROJECTS } from "./rules-helpers.js";

const DIR = "fixtures/rules/lazy-log-format";
const RULE = "lazy-log-format";
const LAZY = 'pass the values as arguments (`"rows: %s", n`), so nothing is formatted when the level is off.';
const IN_HANDLER = "in a request handler, on every request";

test("lazy-log-format: f-strings, .format, %, + and template literals in logger calls", async () => {
  assert.deepEqual(await findingsOf(RULE, [`${DIR}/incorrect.py`, `${DIR}/incorrect.ts`], { base: DIR }), [
    `incorrect.py:11:17 \`logger.info\` formats its message eagerly (f-string): ${LAZY}`,
    `incorrect.py:12:17 \`logger.info\` formats its message eagerly (\`str.format\`): ${LAZY}`,
    `incorrect.py:13:17 \`logger.info\` formats its message eagerly (\`%\`): ${LAZY}`,
    `incorrect.py:14:17 \`logger.info\` formats its message eagerly (\`+\`): ${LAZY}`,
    `incorrect.py:15:30 \`logger.log\` formats its message eagerly (f-string): ${LAZY}`,
    `incorrect.py:16:20 \`logger.warning\` formats its message eagerly (f-string): ${LAZY}`,
    `incorrect.py:17:17 \`logger.info\` formats its message eagerly (\`%\`): ${LAZY}`,
    `incorrect.py:23:18 \`logger.debug\` formats its message eagerly (f-string) ${IN_HANDLER}: ${LAZY}`,
    `incorrect.ts:9:12 \`log.info\` formats its message eagerly (template literal): ${LAZY}`,
    `incorrect.ts:10:22 \`log.info\` formats its message eagerly (\`+\`): ${LAZY}`,
    `incorrect.ts:14:13 \`log.debug\` formats its message eagerly (template literal) ${IN_HANDLER}: ${LAZY}`,
  ]);
});

test("lazy-log-format: lazy %-arguments, pino objects, %(name)s with a mapping and a plain template pass", async () => {
  assert.deepEqual(await findingsOf(RULE, [`${DIR}/correct.py`, `${DIR}/correct.ts`]), []);
});

test("lazy-log-format: the unlogged training job's f-strings", async () => {
  assert.deepEqual(await findingsOf(RULE, UNLOGGED_PROJECTS), [
    `fixtures/projects/py-train/data.py:32:29 \`logging.warning\` formats its message eagerly (f-string): ${LAZY}`,
    `fixtures/projects/py-train/storage.py:14:17 \`logger.info\` formats its message eagerly (f-string): ${LAZY}`,
  ]);
});

test("lazy-log-format: the Python fix gives incorrect.output.py, which parses and keeps only the unfixable findings", async () => {
  const file = `${DIR}/incorrect.py`;
  const found = await findingsWithFixes(RULE, [file]);
  const fixed = applyTextEdits(
    readFileSync(path.join(ROOT, file), "utf8"),
    found.flatMap((f) => f.fix?.edits ?? []),
  );
  const expected = readFileSync(path.join(ROOT, DIR, "incorrect.output.py"), "utf8");
  assert.equal(fixed, expected);
  buildFileModel(fixed, "incorrect.output.py", "library"); // throws if the output no longer parses
  // `.format`, an alignment spec (`{rows:>10}`) and a tuple operand are reported, never guessed.
  const left = await findingsWithFixes(RULE, [`${DIR}/incorrect.output.py`]);
  assert.deepEqual(
    left.map((f) => [f.line, f.fix === undefined]),
    [
      [12, true],
      [15, true],
      [17, true],
    ],
  );
});

test("lazy-log-format: JS gets no automatic fix (pino formats %s, winston only with splat)", async () => {
  const found = await findingsWithFixes(RULE, [`${DIR}/incorrect.ts`]);
  assert.deepEqual(
    found.map((f) => f.fix),
    [undefined, undefined, undefined],
  );
});

test("percentDirective: the f-string specs % can express, and null for the rest", () => {
  const cases: [string | null, string | null, string | null][] = [
    [null, null, "%s"],
    ["r", null, "%r"],
    ["a", null, "%a"],
    [null, ".4f", "%.4f"],
    [null, "05d", "%05d"],
    [null, "+.2e", "%+.2e"],
    [null, "x", "%x"],
    [null, "#o", "%#o"],
    [null, "10.3f", "%10.3f"],
    [null, "", "%s"],
    [null, ">10", null],
    [null, ",", null],
    [null, ".1%", null],
    [null, "10", null],
    [null, ".3", null],
    [null, ".2d", null],
    ["r", ">10", null],
  ];
  for (const [conversion, spec, expected] of cases) {
    assert.equal(percentDirective(conversion, spec), expected, `${conversion} ${spec}`);
  }
});

test("buildLazyFormat: % is doubled only when there are arguments; odd specs stay eager via format() or fail", () => {
  const value = (source: string, spec: string | null = null, conversion: string | null = null): LazyPiece => ({
    kind: "value",
    source,
    conversion,
    spec,
  });
  const text = (v: string): LazyPiece => ({ kind: "text", value: v });
  assert.deepEqual(buildLazyFormat([text("100% done")], { quote: '"', formatBuiltin: "format" }), {
    literal: '"100% done"',
    args: [],
    eager: [],
  });
  assert.deepEqual(buildLazyFormat([text("acc "), value("acc", ".1%")], { quote: "'", formatBuiltin: null }), null);
  assert.deepEqual(buildLazyFormat([value("a, b"), text(" at 100%")], { quote: "'", formatBuiltin: "format" }), {
    literal: "'%s at 100%%'",
    args: ["(a, b)"],
    eager: [],
  });
  const eager = buildLazyFormat([value("name", ">10", "r")], { quote: '"', formatBuiltin: "format" })!;
  assert.deepEqual(eager.args, ['format(repr(name), ">10")']);
  assert.equal(eager.eager.length, 1);
});

test("stringLiteral: escapes for a one-line literal in either language", () => {
  assert.equal(stringLiteral('say "hi"\n\tto\\them', '"', "python"), '"say \\"hi\\"\\n\\tto\\\\them"');
  assert.equal(stringLiteral("it's", "'", "python"), "'it\\'s'");
  assert.equal(stringLiteral("a\u2028b\u0001", '"', "javascript"), '"a\\u2028b\\x01"');
});

test("lazy-log-format: an eager DEBUG message in a request handler is raised to error, the others keep the rule's warn", async () => {
  const result = await check([`${DIR}/incorrect.py`, `${DIR}/incorrect.ts`], { cwd: ROOT, onlyRules: [RULE] });
  assert.deepEqual(
    result.findings.filter((f) => f.severity === "error").map((f) => `${path.basename(f.file)}:${f.line}`),
    ["incorrect.py:23", "incorrect.ts:14"],
  );
  assert.equal(result.findings.filter((f) => f.severity === "warning").length, 9);
});

test("lazy-log-format: a logger's inherited members (`toString`, `constructor`) are no log calls", async () => {
  const dir = tempDir();
  writeFileSync(
    path.join(dir, "a.js"),
    'import pino from "pino";\nconst logger = pino();\nexport const f = (a) => [logger.toString(`x ${a}`), logger.info(`y ${a}`)];\n',
  );
  writeFileSync(
    path.join(dir, "b.py"),
    'import logging\nlogger = logging.getLogger(__name__)\n\n\ndef f(a):\n    return logger.constructor(f"x {a}"), logger.info(f"y {a}")\n',
  );
  const result = await check(["."], { cwd: dir, onlyRules: [RULE] });
  assert.deepEqual(
    result.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.message.split(" formats")[0]}`),
    ["a.js:3:65 `logger.info`", "b.py:6:54 `logger.info`"],
  );
});
