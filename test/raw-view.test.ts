// The JS/TS model read in place from oxc's raw-transfer buffer (src/languages/js/raw-view.ts)
// against the model built from oxc's ESTree objects: the same, file by file and snippet by snippet.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { jsSyntaxError, parseJs, usesRawTransfer } from "../src/languages/js/index.js";
import { UnsupportedSyntax } from "../src/languages/js/raw-view.js";
import type { FileModel } from "../src/model/types.js";

const JS_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

function sourcesUnder(dir: string): [string, string][] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((name) => JS_FILE.test(name))
    .sort()
    .map((name) => [path.join(dir, name), readFileSync(path.join(dir, name), "utf8")]);
}

/** The model read in place, with no way out to ESTree objects. */
function viewModel(text: string, file: string): FileModel {
  return parseJs(text, file, "library", "view");
}

function estreeModel(text: string, file: string): FileModel {
  return parseJs(text, file, "library", "estree");
}

const SNIPPETS: [string, string][] = [
  [
    "jsx.jsx",
    [
      'import React from "react";',
      "export function List({ items, onPick }) {",
      "  return (",
      '    <ul className="list" {...rest}>',
      "      {items.map((item) => <li key={item.id} onClick={() => onPick(item)}>{item.label}</li>)}",
      '      <Foo.Bar x="1" y={console.log("attr")} />',
      "      <ns:tag>{/* empty */}</ns:tag>",
      "      <>{...children}</>",
      "    </ul>",
      "  );",
      "}",
    ].join("\n"),
  ],
  [
    "enums.ts",
    [
      "enum Color { Red, Green = compute(), 'Blue' = 3 }",
      "const enum Flags { A = 1 << 0, B = A | 2 }",
      "declare enum Ambient { X }",
      "namespace Outer { export const v = make(); console.info(v); }",
      "namespace A.B.C { export function f() { console.log('nested'); } }",
      'declare module "mod" { export function g(): void; }',
      'declare module "bare";',
      "declare global { interface Window { app: unknown } }",
      'import fs = require("node:fs");',
      "import Alias = Outer.v;",
      "export = Outer;",
      "export as namespace Lib;",
    ].join("\n"),
  ],
  [
    "types.ts",
    [
      "type Pair<T> = [T, T];",
      "interface Model<T> extends Base, ns.Other<T>, deep.er.Still {",
      "  name: string; readonly [key: string]: unknown; [Symbol.iterator](): Iterator<T>;",
      "  fit(this: Model<T>, x: T[], { epochs }: { epochs: number }, ...rest: unknown[]): Promise<void>;",
      "  (call: number): void; new (init: string): Model<T>;",
      "}",
      "const m = load() as Model<number>;",
      "const s = { a: 1 } satisfies Record<string, number>;",
      "const n = maybe()!.value!;",
      "const t = <string>cast(x);",
      "const inst = makeBox<number>;",
      "function id<T extends object>(v: T): T { return v; }",
      "declare function overloaded(a: string): void;",
      "let definite!: number;",
      "for (const [k, v] of Object.entries(m as any)) console.log(k, v);",
    ].join("\n"),
  ],
  [
    "classes.ts",
    [
      "@Component({ selector: 'app' })",
      "export abstract class Trainer<T> extends Base<T> implements Runner, lib.Job {",
      "  #steps = 0;",
      "  static #count: number;",
      "  private readonly name: string = 'x';",
      "  declare ready: boolean;",
      "  abstract run(): void;",
      "  abstract limit: number;",
      "  accessor level = 1;",
      "  [computed()] = 2;",
      "  static { Trainer.#count = 0; console.log('static block'); }",
      "  constructor(@Inject(TOKEN) private readonly svc: Service, public opt = defaults(), x?: number) {",
      "    super(svc);",
      "  }",
      "  @Log() async *steps(@Arg() n: number) { yield this.#steps++; }",
      "  get count() { return Trainer.#count; }",
      "  set count(v) { this.#steps = v; }",
      "  has(o: object) { return #steps in o; }",
      "  overload(a: string): void;",
      "  overload(a: any) { console.warn(a); }",
      "  'quoted'() {} 42() {} 7n() {}",
      "}",
      "const Anon = class extends (mixin(Base)) { m() { return super.m?.(); } };",
    ].join("\n"),
  ],
  [
    "expressions.js",
    [
      "const a = obj?.deep?.[key]?.(arg)?.call?.();",
      "const b = `plain`, c = `x ${a} y ${fn(b)} z`, d = tag`t ${1}`;",
      "const e = String.raw`\\unicode ${a}`;",
      "const { p = 1, q: { r = 2 } = {}, ...others } = source();",
      "const [first, , third = 3, ...tail] = list;",
      "({ x, y = 5, z: w = 6, [k]: v, ...more } = target);",
      "[m, n = 2, ...o] = arr;",
      "a.b.c = (d ?? e) || (f && !g);",
      "i++; --j; k **= 2; l ||= 3; m &&= 4; n ??= 5;",
      "const seq = (1, 2, typeof x, void 0, delete o.p);",
      "const cond = ok ? yes() : no();",
      "const re = /a[b-c]+/giu, big = 123n, nul = null, und = undefined, t = true, num = 1e3;",
      "const arr = [1, , ...spread, [nested]];",
      "const handlers = { [dyn]: () => 1, named: () => 2, 'quoted': function () {} };",
      "const o2 = { method() {}, get g() { return 1; }, set s(v) {}, async *gen() {}, 'str': 1, 2: 3, [dyn]: 4, shorthand };",
      "new Foo;",
      "function Ctor() { return new.target ?? console.log(new.target); }",
      "const meta = import.meta.url;",
      "const lazy = await import('./lazy.js');",
      "const { named } = await import('./named.js');",
    ].join("\n"),
  ],
  [
    "statements.mjs",
    [
      "outer: for (let i = 0, j = 1; i < 10; i++, j--) { if (i) continue outer; else break outer; }",
      "for (const k in obj) console.log(k);",
      "for (var v of list) { console.info(v); }",
      "for await (const chunk of stream) process(chunk);",
      "for (;;) { break; }",
      "for (x.y of z) ;",
      "do { n--; } while (n > 0);",
      "while (running()) tick();",
      "switch (kind) { case 'a': { let x = 1; console.log(x); break; } case f(): default: console.error('d'); }",
      "try { risky(); } catch ({ message }) { console.error(message); } finally { done(); }",
      "try { risky(); } catch { console.warn('no binding'); }",
      "label: { debugger; }",
      "if (a) b(); else if (c) d(); else { e(); }",
      "throw new Error(`failed ${code}`);",
    ].join("\n"),
  ],
  [
    "functions.js",
    [
      "'use strict';",
      "async function load(path, { retries = 3 } = {}, ...rest) { 'use asm'; return await fetch(path); }",
      "function* gen() { yield 1; yield* other(); }",
      "const arrow = async (x) => x * 2, body = () => { return; };",
      "const named = function inner() { return inner; };",
      "rows.forEach((row, i) => { console.log(row, i); });",
      "items.map((x) => x + 1).filter(Boolean);",
      "setTimeout(function () { console.log('later'); }, 10);",
      "(function iife() { var hoisted = require('hoisted'); })();",
      "if (true) { var late = require('late').sub; }",
    ].join("\n"),
  ],
  [
    "modules.mjs",
    [
      "#!/usr/bin/env node",
      "// a line comment",
      "/* a block comment */",
      "/** a doc comment */",
      'import def, { a as b, c, "string name" as s, default as d2 } from "./m.js";',
      'import * as ns from "./ns.js";',
      'import json from "./data.json" with { type: "json" };',
      'import "./side-effect.js";',
      "export const x = 1, y = def(2);",
      "export function exported() {}",
      "export class Exported {}",
      "export default function () { console.log('default'); }",
      "export { b as renamed, c };",
      'export { z } from "./z.js";',
      'export * from "./all.js";',
      'export * as space from "./space.js";',
      "const req = require('cjs'), { pick } = require('pick'), deep = require('deep').a.b;",
      "const dyn = require(name);",
    ].join("\n"),
  ],
  ["default-expression.js", "export default (console.log('as an expression'), other);\n"],
  [
    "default-class.ts",
    "export default class { run() { console.info('run'); } }\nexport default interface Shape { x: number }\n",
  ],
  [
    "unicode.ts",
    [
      "const café = 'naïve ☃ 😀';",
      "/* ünïcödé comment */ console.log(café, `${café} — ok`);",
      "const 変数 = { ключ: '值' };",
      "console.warn(変数.ключ, '\\u{1F600}', '\\uD800');",
      "const lone = `\\uD83D`;",
      "logger.info(`𝒳 ${'y'}`, café);",
    ].join("\n"),
  ],
  ["crlf.cts", 'try {\r\n  require("x");\r\n} catch (e) {\r\n  console.error(e);\r\n}\r\n'],
  ["hashbang.js", "#!/usr/bin/env node\nconsole.log('a');\n"],
  ["hashbang.ts", "#!/usr/bin/env node\nconsole.log(1 as number);\n"],
  ["empty.js", ""],
  ["comments-only.ts", "// nothing but a comment\n/* and a block */\n"],
  [
    "shadowing.js",
    [
      "function f(console) { console.log('param'); }",
      "{ const console = fake; console.log('block'); }",
      "console['log']('computed'); console[`warn`]('template'); console[m]('dynamic');",
    ].join("\n"),
  ],
];

test("the model read in place from oxc's buffer equals the model built from its ESTree: snippets", () => {
  assert.equal(usesRawTransfer(), true);
  for (const [file, text] of SNIPPETS) {
    assert.equal(jsSyntaxError(text, file)?.message ?? null, null, file);
    assert.deepEqual(viewModel(text, file), estreeModel(text, file), file);
  }
});

test("the model read in place equals the model built from ESTree: every JS/TS file of fixtures/ and test/", () => {
  const sources = [...sourcesUnder("fixtures"), ...sourcesUnder("test")];
  assert.ok(sources.length > 100, `${sources.length} files`);
  for (const [file, text] of sources) {
    assert.deepEqual(viewModel(text, file), estreeModel(text, file), file);
  }
});

test("snippets are modelled in place, not through ESTree objects, and what they log is found", () => {
  const classes = viewModel(SNIPPETS.find(([f]) => f === "classes.ts")![1], "classes.ts");
  assert.deepEqual(
    classes.logSites.map((s) => s.method),
    ["log", "warn"],
  );
  assert.deepEqual(
    classes.scopes.filter((s) => s.kind === "function").map((s) => [s.name, s.params]),
    [
      ["constructor", ["svc", "opt", "x"]],
      ["steps", ["n"]],
      ["count", []],
      ["count", ["v"]],
      ["has", ["o"]],
      ["overload", ["a"]],
      ["quoted", []],
      ["42", []],
      ["7", []],
      ["m", []],
    ],
  );
  const unicode = viewModel(SNIPPETS.find(([f]) => f === "unicode.ts")![1], "unicode.ts");
  assert.deepEqual(
    unicode.calls.map((c) => [c.calleeText, unicode.text.slice(c.range[0], c.range[1])]),
    [
      ["console.log", "console.log(café, `${café} — ok`)"],
      ["console.warn", "console.warn(変数.ключ, '\\u{1F600}', '\\uD800')"],
      ["logger.info", "logger.info(`𝒳 ${'y'}`, café)"],
    ],
  );
  assert.deepEqual(
    unicode.calls[1]!.args.map((a) => a.value),
    [
      // UTF-16 offsets: 😀 is two code units, ☃ and 変 one each.
      { type: "attr", range: [123, 130], object: { type: "name", range: [123, 125], name: "変数" }, name: "ключ" },
      { type: "str", range: [132, 143], value: "😀" },
      { type: "str", range: [145, 153], value: "\uD800" },
    ],
  );
});

test("a destructured parameter with decorators is not read in place; `raw` models it from ESTree", () => {
  const text = "class A { m(@Dec() { a }: Opts): void; m() { console.log(1); } }\n";
  assert.throws(() => viewModel(text, "decorated.ts"), UnsupportedSyntax);
  assert.deepEqual(parseJs(text, "decorated.ts", "library", "raw"), estreeModel(text, "decorated.ts"));
});
