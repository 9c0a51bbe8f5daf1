// The JS/TS frontend's model, field by field, on small literal sources.
import assert from "node:assert/strict";
import { test } from "node:test";
import { readdirSync, readFileSync } from "node:fs";
import { jsSyntaxError, parseJs, usesRawTransfer } from "../src/languages/js/index.js";
import { ParseError, type FileModel } from "../src/model/types.js";

function model(source: string, file = "job.ts"): FileModel {
  return parseJs(source, file, "library");
}

function slice(m: FileModel, range: readonly [number, number]): string {
  return m.text.slice(range[0], range[1]);
}

test("imports: ESM default, namespace, named (aliased) and CommonJS require", () => {
  const m = model(
    [
      'import express from "express";',
      'import * as tf from "@tensorflow/tfjs-node";',
      'import { S3Client as Client, PutObjectCommand } from "@aws-sdk/client-s3";',
      'const Papa = require("papaparse");',
      'const { readFileSync } = require("node:fs");',
      'const ort = require("onnxruntime-node").default;',
    ].join("\n"),
  );
  assert.deepEqual(
    m.imports.map((i) => [i.local, i.target, i.module, i.statement]),
    [
      ["express", "express", "express", 0],
      ["tf", "@tensorflow/tfjs-node", "@tensorflow/tfjs-node", 1],
      ["Client", "@aws-sdk/client-s3.S3Client", "@aws-sdk/client-s3", 2],
      ["PutObjectCommand", "@aws-sdk/client-s3.PutObjectCommand", "@aws-sdk/client-s3", 2],
      ["Papa", "papaparse", "papaparse", 3],
      ["readFileSync", "node:fs.readFileSync", "node:fs", 4],
      ["ort", "onnxruntime-node", "onnxruntime-node", 5],
    ],
  );
});

test("calls: callee resolved through imports; locals resolve to null; globals stay", () => {
  const m = model(
    [
      'import * as tf from "@tensorflow/tfjs-node";',
      "const model = tf.sequential();",
      "await model.fit(xs, ys, { epochs: 3 });",
      'process.on("SIGTERM", stop);',
      "new tf.data.Dataset();",
    ].join("\n"),
    "job.mts",
  );
  assert.deepEqual(
    m.calls.map((c) => [c.calleeText, c.callee, c.method, c.receiverText, c.assignedTo]),
    [
      ["tf.sequential", "@tensorflow/tfjs-node.sequential", "sequential", "tf", ["model"]],
      ["model.fit", null, "fit", "model", []],
      ["process.on", "process.on", "on", "process", []],
      ["tf.data.Dataset", "@tensorflow/tfjs-node.data.Dataset", "Dataset", "tf.data", []],
    ],
  );
});

test("arguments are summarised: strings, template parts, names, objects, spreads", () => {
  const m = model("logger.info(`rows ${n} from ${path.name}`, 'x', n, { n }, ...rest, 3);");
  const [call] = m.calls;
  assert.deepEqual(
    call!.args.map((a) => [a.kind, a.value.type]),
    [
      ["positional", "fstring"],
      ["positional", "str"],
      ["positional", "name"],
      ["positional", "dict"],
      ["spread", "name"],
      ["positional", "num"],
    ],
  );
  const tpl = call!.args[0]!.value;
  assert.equal(tpl.type, "fstring");
  if (tpl.type === "fstring") {
    assert.deepEqual(
      tpl.parts.map((p) => (p.kind === "text" ? p.value : `{${slice(m, p.range)}}`)),
      ["rows ", "{n}", " from ", "{path.name}"],
    );
  }
});

test("loops, depth and per-element callbacks; handlers and their bodies", () => {
  const m = model(
    [
      "for (const epoch of epochs) {",
      "  batches.forEach((batch) => {",
      "    try { step(batch); } catch (err) { logger.error({ err }, 'step failed'); }",
      "  });",
      "}",
      "while (running) tick();",
    ].join("\n"),
  );
  assert.deepEqual(
    m.loops.map((l) => [l.kind, l.depth, l.parent, l.targets]),
    [
      ["for", 1, null, ["epoch"]],
      ["method", 2, 0, ["batch"]],
      ["while", 1, null, []],
    ],
  );
  const step = m.calls.find((c) => c.calleeText === "step")!;
  assert.deepEqual(step.loops, [0, 1]);
  assert.equal(step.handler, null);
  const log = m.calls.find((c) => c.calleeText === "logger.error")!;
  assert.equal(log.handler, 0);
  assert.equal(m.handlers[0]!.name, "err");
  const site = m.logSites.find((s) => s.kind === "logger")!;
  assert.equal(site.level, "error");
  assert.equal(site.hasTraceback, true);
});

test("statements in order, with kinds, child blocks and what follows", () => {
  const m = model(["try {", "  load();", "} catch (e) {", "  console.error(e);", "  process.exit(1);", "}"].join("\n"));
  const handler = m.handlers[0]!;
  const body = m.blocks[handler.body]!;
  assert.deepEqual(
    body.statements.map((s) => [m.statements[s]!.kind, slice(m, m.statements[s]!.range)]),
    [
      ["expr", "console.error(e);"],
      ["expr", "process.exit(1);"],
    ],
  );
});

test("console: the global only, shadowing by params, var hoisting and block scopes", () => {
  const m = model(
    [
      "console.log(1);",
      "function f(console) { console.log(2); }",
      "function g() { console.log(3); var console = other; }",
      "{ let console = other; console.log(4); }",
      "console.warn(5);",
    ].join("\n"),
  );
  assert.deepEqual(
    m.logSites.filter((s) => s.kind === "console").map((s) => [s.method, s.level, slice(m, s.range)]),
    [
      ["log", "debug", "console.log"],
      ["warn", "warning", "console.warn"],
    ],
  );
});

test("module system: ESM syntax, require, and the file extension", () => {
  assert.equal(model('import x from "x";\n').moduleSystem, "esm");
  assert.equal(model('const x = require("x");\n', "a.js").moduleSystem, "cjs");
  assert.equal(model("module.exports = 1;\n", "a.cjs").moduleSystem, "cjs");
});

test("a syntax error throws ParseError with its 1-based line and 0-based column", () => {
  assert.throws(
    () => model("const a = 1;\nconst b = ;\n"),
    (e: unknown) => e instanceof ParseError && e.line === 2 && e.column === 10,
  );
});

test("raw transfer is in use here, and gives the same models and errors as oxc's JSON", () => {
  // Node 20 on a 64-bit machine: the frontend must take the raw path, or the speed it was
  // chosen for is gone without a sign.
  assert.equal(usesRawTransfer(), true);
  const sources: [string, string][] = [
    ["hashbang.js", '#!/usr/bin/env node\n// "console" in a comment\nconsole.log("a");\n'],
    ["hashbang.ts", "#!/usr/bin/env node\nconsole.log(1 as number);\n"],
    ["unicode.js", 'const é = "ünï ☃ 😀";\n/* ☃ */ console.warn(é, `${é}!`);\n'],
    ["regex.mjs", "export const r = /a+/giu; const n = 10n ** 2n; console.info(r, n);\n"],
    ["view.tsx", "export const V = (p: { n: number }) => <div onClick={() => console.log(p.n)}>{p.n}</div>;\n"],
    ["crlf.cjs", 'try {\r\n  require("x");\r\n} catch (e) {\r\n  console.error(e);\r\n}\r\n'],
  ];
  for (const dir of ["fixtures/projects/js-train", "fixtures/projects/js-serve"]) {
    for (const name of readdirSync(dir, { recursive: true }) as string[]) {
      if (/\.[cm]?[jt]sx?$/.test(name)) sources.push([`${dir}/${name}`, readFileSync(`${dir}/${name}`, "utf8")]);
    }
  }
  assert.ok(sources.length > 8);
  for (const [file, text] of sources) {
    const raw = parseJs(text, file, "library", "raw");
    const json = parseJs(text, file, "library", "json");
    assert.deepEqual(raw, json, file);
    assert.ok(raw.calls.length > 0, file);
  }
  for (const [file, text] of [
    ["broken.ts", "const a = ;\n"],
    ["broken.js", "#!/usr/bin/env node\nif (x {\n}\n"],
  ]) {
    const raw = jsSyntaxError(text!, file!, "raw");
    assert.ok(raw instanceof ParseError, file);
    assert.deepEqual(raw, jsSyntaxError(text!, file!, "json"), file);
    assert.equal(jsSyntaxError("ok();\n", file!, "raw"), null);
  }
});
