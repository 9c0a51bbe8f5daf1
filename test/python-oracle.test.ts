/**
 * The Python frontend against CPython's own parser (`ast`), on every .py file
 * of the Python standard library (about 1,800 files): per file, the set of
 * calls (line, UTF-8 column, dotted callee, argument count) must be equal,
 * and so must the decoded value of a string or f-string first argument,
 * every statement's kind and line, in order, the numbers of loops
 * (comprehension clauses included), def/class scopes, lambdas and except
 * handlers, and the imports (local → target).
 *
 * Files CPython rejects must be rejected too. The 3.11 stdlib has nine:
 * lib2to3's Python 2 test data (`print "x"`, `0777`), test/tokenizedata's
 * badsyntax_3131.py (a `€` in an identifier) — all rejected by parsePython —
 * and three that fail to decode (bad_coding.py's unknown `uft-8` cookie,
 * bad_coding2.py's BOM with a `utf8` cookie, badsyntax_pep3120.py's invalid
 * UTF-8), rejected by decodePythonSource, which reads the bytes the way
 * CPython does before anything is parsed. No file is excepted.
 *
 * A second test compares accept/reject on a table of small snippets.
 *
 * PYTHON_ORACLE_DIR=/some/tree runs the same comparison on another tree
 * (site-packages, a project) instead of the stdlib.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { test } from "node:test";
import { decodePythonSource, parsePython } from "../src/languages/python/index.js";
import type { Call, FileModel } from "../src/model/types.js";
import { ParseError } from "../src/model/types.js";

const here = path.dirname(fileURLToPath(import.meta.url));
// Compiled to dist/test/; the script stays in the repository's scripts/.
const script =
  [path.resolve(here, "../.."), path.resolve(here, ".."), process.cwd()]
    .map((dir) => path.join(dir, "scripts", "python-oracle.py"))
    .find((p) => existsSync(p)) ?? path.join(process.cwd(), "scripts", "python-oracle.py");

const python = spawnSync("python3", ["--version"], { encoding: "utf8" });
const hasPython = python.status === 0;

interface OkRecord {
  path: string;
  ok: true;
  calls: [number, number, string | null, number, StringArg | null][];
  defs: number;
  lambdas: number;
  imports: [string, string][];
  handlers: number;
  stmts: string[];
  loops: number;
}
type StringArg = ["s", string] | ["f", (["t", string] | ["e", string | null, boolean])[]];

interface BadRecord {
  path: string;
  ok: false;
  decode: boolean;
  error: string;
  line: number;
}

/**
 * Files whose outcome is allowed to differ from CPython's, with the reason.
 * Empty: nothing in the 3.11 stdlib (or site-packages) needs one.
 */
const EXCEPTIONS = new Map<string, string>([]);

function utf8Length(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

function lineOf(model: FileModel, offset: number): number {
  const ls = model.lineStarts;
  let lo = 0;
  let hi = ls.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ls[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/**
 * The first positional argument as the oracle writes it, when it is a string
 * or an f-string. `\N{NAME}` escapes are kept as written by the frontend (no
 * Unicode name table), so such strings are left out on both sides.
 */
function stringArg(c: Call): string | null {
  const a = c.args[0];
  if (a === undefined || a.kind !== "positional") return null;
  const v = a.value;
  if (v.type === "str") return v.value.includes("\\N{") ? "N" : JSON.stringify(["s", v.value]);
  if (v.type !== "fstring") return null;
  if (v.parts.some((p) => p.kind === "text" && p.value.includes("\\N{"))) return "N";
  return JSON.stringify([
    "f",
    v.parts.map((p) => (p.kind === "text" ? ["t", p.value] : ["e", p.conversion, p.spec !== null])),
  ]);
}

/** "line:col:callee:args:first string argument" of every call, col in UTF-8 bytes like CPython's col_offset. */
function ourCalls(model: FileModel): string[] {
  const { text, lineStarts } = model;
  const bom = text.charCodeAt(0) === 0xfeff;
  const out: string[] = [];
  for (const c of model.calls) {
    const off = c.range[0];
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= off) lo = mid;
      else hi = mid - 1;
    }
    let ls = lineStarts[lo]!;
    if (lo === 0 && bom) ls = 1;
    out.push(`${lo + 1}:${utf8Length(text.slice(ls, off))}:${c.calleeText}:${c.args.length}|${stringArg(c)}`);
  }
  return out.sort();
}

/** The oracle's calls in the same form; `unnamed` are the keys of calls whose string we do not decode (`\N{…}`). */
function theirCalls(r: OkRecord, unnamed: Set<string>): string[] {
  return r.calls
    .map(([l, c, t, n, s]) => {
      const key = `${l}:${c}:${t}:${n}`;
      return `${key}|${unnamed.has(key) ? "N" : s === null ? null : JSON.stringify(s)}`;
    })
    .sort();
}

/** Items in `a` not in `b` (multiset difference), at most `max`. */
function missing(a: string[], b: string[], max = 5): string[] {
  const counts = new Map<string, number>();
  for (const x of b) counts.set(x, (counts.get(x) ?? 0) + 1);
  const out: string[] = [];
  for (const x of a) {
    const n = counts.get(x) ?? 0;
    if (n > 0) counts.set(x, n - 1);
    else if (out.length < max) out.push(x);
  }
  return out;
}

test(
  "python frontend agrees with CPython's ast on every stdlib file",
  { skip: !hasPython && "python3 not found", timeout: 600_000 },
  async (t) => {
    const args = [script];
    if (process.env.PYTHON_ORACLE_DIR) args.push(process.env.PYTHON_ORACLE_DIR);
    const child = spawn("python3", args, { stdio: ["ignore", "pipe", "inherit"] });
    const lines = createInterface({ input: child.stdout });
    let root = "";
    let files = 0;
    let calls = 0;
    let strings = 0;
    let rejected = 0;
    let bytes = 0;
    let parseMs = 0;
    const problems: string[] = [];
    for await (const line of lines) {
      const rec = JSON.parse(line) as OkRecord | BadRecord | { root: string };
      if ("root" in rec) {
        root = rec.root;
        continue;
      }
      const file = path.join(root, rec.path);
      const raw = readFileSync(file);
      bytes += raw.length;
      let model: FileModel | null = null;
      let error: ParseError | null = null;
      const t0 = performance.now();
      try {
        model = parsePython(decodePythonSource(raw), file, "library");
      } catch (e) {
        if (!(e instanceof ParseError)) throw new Error(`${rec.path}: crashed: ${(e as Error).stack}`);
        error = e;
      }
      parseMs += performance.now() - t0;
      files++;
      const problem = ((): string | null => {
        if (!rec.ok) {
          rejected++;
          if (model !== null) return `CPython rejects it (${rec.error}, line ${rec.line}) but we accept it`;
          return null;
        }
        if (model === null) return `we reject it: ${error!.message}`;
        const ours = ourCalls(model);
        const unnamed = new Set(ours.filter((k) => k.endsWith("|N")).map((k) => k.slice(0, -2)));
        const theirs = theirCalls(rec, unnamed);
        calls += theirs.length;
        strings += rec.calls.filter((c) => c[4] !== null).length;
        const extra = missing(ours, theirs);
        const lost = missing(theirs, ours);
        if (extra.length > 0 || lost.length > 0) {
          return `calls differ: ours only ${JSON.stringify(extra)}, CPython only ${JSON.stringify(lost)}`;
        }
        const defs = model.scopes.filter((s) => s.kind === "function" || s.kind === "class").length;
        if (defs !== rec.defs) return `def/class scopes: ours ${defs}, CPython ${rec.defs}`;
        const lambdas = model.scopes.filter((s) => s.kind === "lambda").length;
        if (lambdas !== rec.lambdas) return `lambdas: ours ${lambdas}, CPython ${rec.lambdas}`;
        if (model.handlers.length !== rec.handlers)
          return `handlers: ours ${model.handlers.length}, CPython ${rec.handlers}`;
        const stmts = model.statements.map((st) => `${st.kind}@${lineOf(model, st.range[0])}`);
        const firstDiff = stmts.findIndex((x, i) => x !== rec.stmts[i]);
        if (firstDiff >= 0 || stmts.length !== rec.stmts.length) {
          const i = firstDiff >= 0 ? firstDiff : Math.min(stmts.length, rec.stmts.length);
          return `statements differ at #${i}: ours ${stmts[i]}, CPython ${rec.stmts[i]}`;
        }
        if (model.loops.length !== rec.loops) return `loops: ours ${model.loops.length}, CPython ${rec.loops}`;
        const oi = model.imports.map((i) => `${i.local}=${i.target}`).sort();
        const ti = rec.imports.map(([l, tg]) => `${l}=${tg}`).sort();
        if (oi.join("\n") !== ti.join("\n")) {
          return `imports differ: ours only ${JSON.stringify(missing(oi, ti))}, CPython only ${JSON.stringify(missing(ti, oi))}`;
        }
        return null;
      })();
      if (problem !== null && !EXCEPTIONS.has(rec.path)) problems.push(`${rec.path}: ${problem}`);
    }
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    assert.equal(code, 0, "python-oracle.py failed");
    t.diagnostic(
      `compared ${files} files (${(bytes / 1e6).toFixed(1)} MB, ${rejected} rejected by CPython) and ${calls} calls ` +
        `(${strings} with a string or f-string first argument); ` +
        `decode+parse took ${(parseMs / 1000).toFixed(2)} s`,
    );
    assert.ok(files > 0, "no files compared");
    assert.deepEqual(problems.slice(0, 30), [], `${problems.length} files differ`);
  },
);

/**
 * Accept/reject on small snippets, decided by CPython 3.11. Snippets that use
 * 3.12+ syntax (which 3.11 rejects and we accept on purpose) are in
 * NEWER_SYNTAX instead.
 */
const SNIPPETS = [
  "f(a=1, a=2)",
  "*a",
  "break",
  "return 1",
  "yield 1",
  "await x",
  "nonlocal x",
  "f(**k, *a)",
  "f(a=1, b)",
  "f(x for x in y, 1)",
  "a, *b, *c = d",
  "del f()",
  "del (a, b)",
  "del [a]",
  "(a) = 1",
  "(*a) = 1",
  "[*a] = 1",
  "x: int = 1",
  "(x): int = 1",
  "x, y: int",
  "a.b: int",
  "f() += 1",
  "a, b += 1",
  "lambda x, x: 1",
  "def f(a=1, b): pass",
  "def f(*, a): pass",
  "def f(*): pass",
  "def f(a, /, b, *, c, **d): pass",
  "def f(**k, a): pass",
  "f(*a, **k, b=1)",
  "f(b=1, *a)",
  "x = *a, b",
  "x = yield",
  "x = yield from y",
  "async def f(): await x",
  "import a.b as c",
  "from . import *",
  "1 if x else 2",
  "x = 1 if y",
  "a[1:2, ::3]",
  "a[*b]",
  "f'{x!r:>{w}}'",
  "f'{x=}'",
  "with (a as b, c as d): pass",
  "with (a, b): pass",
  "with (a, b) as c: pass",
  "try:\n pass\nexcept* A:\n pass",
  "try:\n pass\nexcept* A:\n pass\nexcept B:\n pass",
  "try:\n pass\nexcept A, B:\n pass",
  "try:\n pass",
  "try:\n pass\nelse:\n pass",
  "if x:\n pass\nelif y:\n pass\nelse:\n pass",
  "match x:\n case 1: pass",
  "match = 1",
  "match(x)",
  "match(x).group(1)",
  "match x:\n    case [a, *_]: pass\n    case {'k': v, **r}: pass\n    case P(x=1, y=z) | Q() as w: pass\n    case -1 | 1+2j | 'a' 'b' | a.b | None: pass\n    case _: pass",
  "match x:\n case f'a': pass",
  "match x, y:\n case 1: pass",
  "match *x:\n case 1: pass",
  "match x:\n case {**r, 'a': 1}: pass",
  "match x:\n case 1 + 2: pass",
  "match x:\n case (): pass",
  "match x:\n case 1, 2: pass",
  "case = 1",
  "type = 1",
  "type(x)",
  "0777",
  "0_7",
  "1__0",
  "1_",
  "0x",
  "1e",
  "1if x else 2",
  "1abc",
  "0b12",
  "0o8",
  "1.e5j",
  "1_000.000_1e1_0j",
  "x = 'a' b'c'",
  "x = b'\\xff' b'a'",
  "'\\x4'",
  "b'\\u1234'",
  "'\\N{BULLET}'",
  "b'\u00e9'",
  "f(a)(b)",
  "x = {**a, 'b': 1}",
  "x = {*a, 1}",
  "x = (yield)",
  "a if b else c = 1",
  "True = 1",
  "None = 1",
  "f(True=1)",
  "x.True",
  "x = not",
  "not x = 1",
  "del x, y,",
  "del",
  "raise from Y",
  "import",
  "from x import (a, b,)",
  "from x import a, b,",
  "from .... import x",
  "@a.b(c)\ndef f(): pass",
  "@a[0]\ndef f(): pass",
  "for x in *a, b: pass",
  "for x, in a: pass",
  "for f() in a: pass",
  "[x for f() in a]",
  "(x := 1)",
  "x := 1",
  "f(x := 1)",
  "(a.b := 1)",
  "a = yield b = c",
  "print >>f, x",
  "print 'x'",
  "`x`",
  "a <> b",
  "if x:\npass",
  "if x:\n  pass\n pass",
  "  x = 1",
  "if x:\n\tpass\n        pass",
  "x = 1 \\\n + 2",
  "x = 1 \\ + 2",
  "f(a, b for b in c)",
  "f(b for b in c)",
  "f(b for b in c,)",
  "class A(b for b in c): pass",
  "x[a:b:c:d]",
  "await",
  "x = (,)",
  "f(a,,b)",
  "x = {1: 2, 3}",
  "x = {1, 2: 3}",
  "x = [*a for a in b]",
  "x = {**a for a in b}",
  "x = (*a)",
  "print(*a for a in b)",
  "[a] += 1",
  "() = c",
  "x = 1;; y",
  ";",
  "if x: if y: pass",
  "def f(*, **k): pass",
  "def f(*a, *b): pass",
  "def f(/, a): pass",
  "def f(a, /, /): pass",
  "lambda a=1, b: 1",
  "def f(*a: *Ts): pass",
  "f'{'",
  "f'}'",
  "f'{}'",
  "f'{x!}'",
  "f'{x!z}'",
  "f'{x = !r:10}'",
  "f'{x!=y}'",
  "f'{a:=1}'",
  "f'{lambda x: 1}'",
  "f'{(lambda x: 1)}'",
  "f'{*a}'",
  "f'{a, b}'",
  "f'''{\nx\n}'''",
  "f'{{}}'",
  "f'{{{x}}}'",
  "f'{x}}}'",
  "f'{{x}'",
  "ur'x'",
  "bu'x'",
  "x = 1\n\x0cy = 2",
  "x = 0xg",
  "x = 1.2.3",
  "x = 1..real",
  "x = 1 .real",
  "x = 1.real",
  "x = 09",
  "x = 09.5",
  "x = 0_x",
  "x = 1_e5",
  "x = 1e_5",
  "@x\nx = 1",
  "del *a",
  "import a as b.c",
  "from a import b.c",
  "from a import *, b",
  "x = f() = 1",
  "a + 1 = 2",
  "with a as f(): pass",
  "with (yield): pass",
  "with (a) as b: pass",
  "with (a), (b): pass",
  "x = (yield from)",
  "\\",
  "x = [\n# c\n1]",
  "if True:\n    x = (\n  1)\n",
  "x = '''a\nb'''",
  "x = 'abc",
  "x = '''abc",
  "x = (1,",
  "x = )",
  "x = [1, 2)",
  "def f():\n    return\n  x",
  "class A: x = 1; y = 2",
  "async with a: pass",
  "x = u'\u00e9' 'b'",
  "\u00e9t\u00e9 = 1",
  "x = 1 # comment",
  "x = 1 \u20ac",
];

/** 3.12/3.13 syntax: CPython 3.11 rejects these; we accept them on purpose. */
const NEWER_SYNTAX = [
  "def f[T](x: T): pass",
  "class A[T]: pass",
  "type X = int",
  "type X[T] = list[T]",
  "f'{x:{'a'}}'",
  "f'{x['a']}'",
  "f'{'\\n'.join(a)}'",
  "f'{x:{y:{z}}}'",
];

test(
  "python frontend accepts and rejects what CPython does (snippets)",
  { skip: !hasPython && "python3 not found" },
  () => {
    const all = [...SNIPPETS, ...NEWER_SYNTAX];
    const res = spawnSync("python3", [script, "--snippets"], { input: JSON.stringify(all), encoding: "utf8" });
    assert.equal(res.status, 0, res.stderr);
    const answers = JSON.parse(res.stdout) as ({ ok: true } | BadRecord)[];
    const wrong: string[] = [];
    all.forEach((src, i) => {
      let ours: string | null = null;
      try {
        parsePython(src, "snippet.py", "library");
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
        ours = e.message;
      }
      const newer = i >= SNIPPETS.length;
      const cpythonOk = answers[i]!.ok;
      if (newer) {
        // Whatever this CPython says (3.11 rejects these, 3.12+ accepts), we accept.
        if (ours !== null) wrong.push(`${JSON.stringify(src)}: 3.12+ syntax rejected: ${ours}`);
      } else if (cpythonOk && ours !== null) wrong.push(`${JSON.stringify(src)}: we reject (${ours}), CPython accepts`);
      else if (!cpythonOk && ours === null) {
        wrong.push(`${JSON.stringify(src)}: we accept, CPython rejects (${(answers[i] as BadRecord).error})`);
      }
    });
    assert.deepEqual(wrong, []);
  },
);
