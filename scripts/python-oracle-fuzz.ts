/**
 * Differential fuzzing of the Python frontend against CPython: cuts windows of
 * whole top-level statements out of stdlib files, mutates them a little
 * (deletes characters, inserts Python punctuation/keywords, duplicates a
 * slice) and checks that parsePython accepts exactly what `ast.parse` accepts
 * and never throws anything but a ParseError.
 *
 *   npx tsc -p tsconfig.json && node dist/scripts/python-oracle-fuzz.js [SEED] [COUNT]
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parsePython } from "../src/languages/python/index.js";
import { ParseError } from "../src/model/types.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const script = [path.resolve(here, "python-oracle.py"), path.resolve(here, "../../scripts/python-oracle.py")].find(
  (p) => {
    try {
      readFileSync(p);
      return true;
    } catch {
      return false;
    }
  },
)!;

let seed = Number(process.argv[2] ?? 1);
const count = Number(process.argv[3] ?? 5000);
const rnd = (): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};

const stdlib = spawnSync("python3", ["-c", "import sysconfig;print(sysconfig.get_paths()['stdlib'])"], {
  encoding: "utf8",
}).stdout.trim();
const files: string[] = [];
const walk = (dir: string): void => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== "site-packages" && e.name !== "__pycache__") walk(p);
    } else if (e.name.endsWith(".py")) files.push(p);
  }
};
walk(stdlib);
files.sort();

const PIECES = [
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  ":",
  ",",
  "=",
  "f'",
  "'",
  '"',
  "\n",
  "    ",
  "\t",
  "\\",
  "#",
  "lambda",
  "yield",
  "*",
  "**",
  "if",
  "else",
  "for",
  "in",
  "not",
  "async",
  "await",
  "match",
  "case",
  "@",
  ".",
  "...",
  "->",
  ":=",
  "{x}",
  "!r",
  "0",
  "1_",
  "0x",
  "u",
  "b'",
  '"""',
  "'''",
  "del",
  "return",
  "import",
  "from",
  "as",
  "global",
  "with",
  "try:",
  "except",
  "class",
  "def",
  "pass",
  "type",
  'f"{',
  '}"',
];

const sources: string[] = [];
while (sources.length < count) {
  const file = files[Math.floor(rnd() * files.length)]!;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    continue;
  }
  if (text.includes("\ufffd")) continue;
  const lines = text.split("\n");
  const tops: number[] = [];
  lines.forEach((l, i) => {
    if (/^[a-zA-Z@]/.test(l)) tops.push(i);
  });
  if (tops.length < 3) continue;
  const a = Math.floor(rnd() * (tops.length - 2));
  const b = Math.min(tops.length - 1, a + 1 + Math.floor(rnd() * 3));
  let w = lines.slice(tops[a], tops[b]).join("\n") + "\n";
  if (w.length > 4000) continue;
  const mutations = Math.floor(rnd() * 2) + (rnd() < 0.5 ? 0 : 1);
  for (let i = 0; i < mutations; i++) {
    const pos = Math.floor(rnd() * w.length);
    const r = rnd();
    if (r < 0.3) w = w.slice(0, pos) + w.slice(pos + 1 + Math.floor(rnd() * 3));
    else if (r < 0.7) w = w.slice(0, pos) + PIECES[Math.floor(rnd() * PIECES.length)] + w.slice(pos);
    else {
      const q = Math.floor(rnd() * w.length);
      w = w.slice(0, pos) + w.slice(q, q + 1 + Math.floor(rnd() * 5)) + w.slice(pos);
    }
  }
  sources.push(w);
}

const res = spawnSync("python3", [script, "--snippets"], {
  input: JSON.stringify(sources),
  encoding: "utf8",
  maxBuffer: 1 << 30,
});
if (res.status !== 0) throw new Error(res.stderr);
const answers = JSON.parse(res.stdout) as { ok: boolean; error?: string }[];
let disagree = 0;
let crashes = 0;
sources.forEach((src, i) => {
  let ours: string | null = null;
  try {
    parsePython(src, "fuzz.py", "library");
  } catch (e) {
    if (!(e instanceof ParseError)) {
      crashes++;
      console.log("CRASH", JSON.stringify(src), (e as Error).stack);
      return;
    }
    ours = e.message;
  }
  const theirs = answers[i]!.ok ? null : answers[i]!.error!;
  if ((ours === null) !== (theirs === null)) {
    disagree++;
    if (disagree <= 20) {
      console.log(ours === null ? "WE ACCEPT" : "WE REJECT", JSON.stringify(ours ?? theirs), JSON.stringify(src));
    }
  }
});
const accepted = answers.filter((a) => a.ok).length;
console.log(`${sources.length} sources (${accepted} valid for CPython): ${disagree} disagree, ${crashes} crash`);
process.exitCode = disagree + crashes > 0 ? 1 : 0;
