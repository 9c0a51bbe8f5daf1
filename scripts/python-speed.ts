/**
 * Times the Python frontend (tokenize + parse + model, log sites included)
 * over every .py file of a tree — by default this machine's Python standard
 * library — and prints MB/s.
 *
 *   npx tsc -p tsconfig.json && node dist/scripts/python-speed.js [DIR] [--rounds N]
 *
 * Files are read and decoded before timing; files that do not parse are
 * timed too (they end in a ParseError) but counted apart.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { decodePythonSource, parsePython } from "../src/languages/python/index.js";
import { computeLineStarts } from "../src/model/source.js";
import { tokenize } from "../src/languages/python/tokenizer.js";
import type { Comment } from "../src/model/types.js";

function pyFiles(root: string, skipSitePackages: boolean): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (skipSitePackages && (e.name === "site-packages" || e.name === "__pycache__")) continue;
        walk(p);
      } else if (e.isFile() && e.name.endsWith(".py")) out.push(p);
    }
  };
  walk(root);
  return out.sort();
}

const args = process.argv.slice(2);
let rounds = 5;
const ri = args.indexOf("--rounds");
if (ri >= 0) {
  rounds = Number(args[ri + 1]);
  args.splice(ri, 2);
}
const stdlib = execFileSync("python3", ["-c", "import sysconfig;print(sysconfig.get_paths()['stdlib'])"], {
  encoding: "utf8",
}).trim();
const root = args[0] ?? stdlib;
const files = pyFiles(root, args[0] === undefined);
const sources: { file: string; text: string }[] = [];
let bytes = 0;
for (const file of files) {
  const raw = readFileSync(file);
  try {
    sources.push({ file, text: decodePythonSource(raw) });
    bytes += raw.length;
  } catch {
    // undecodable: not timed
  }
}

/** Wall-clock ms of one pass; CPU ms (this process, all threads) go to `cpu`. */
function timeOnce(fn: (text: string, file: string) => void, cpu?: number[]): number {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (const { file, text } of sources) fn(text, file);
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  cpu?.push((c.user + c.system) / 1000);
  return wall;
}

let failures = 0;
const parse = (text: string, file: string): void => {
  try {
    parsePython(text, file, "library");
  } catch {
    failures++;
  }
};
const lex = (text: string): void => {
  try {
    const comments: Comment[] = [];
    tokenize(text, computeLineStarts(text), comments);
  } catch {
    // counted by parse
  }
};

// Warm up (JIT), then take the best and the median of the rounds.
timeOnce(parse);
const times: number[] = [];
const cpuTimes: number[] = [];
for (let i = 0; i < rounds; i++) times.push(timeOnce(parse, cpuTimes));
failures = Math.round(failures / (rounds + 1));
const lexTimes: number[] = [];
for (let i = 0; i < Math.max(1, rounds - 2); i++) lexTimes.push(timeOnce(lex));
times.sort((a, b) => a - b);
cpuTimes.sort((a, b) => a - b);
lexTimes.sort((a, b) => a - b);
const mb = bytes / 1e6;
const best = times[0]!;
const median = times[Math.floor(times.length / 2)]!;
console.log(`${sources.length} files, ${mb.toFixed(1)} MB (${failures} with syntax errors), ${rounds} rounds`);
console.log(
  `tokenize+parse+model: best ${(mb / (best / 1000)).toFixed(1)} MB/s (${best.toFixed(0)} ms), median ${(mb / (median / 1000)).toFixed(1)} MB/s`,
);
console.log(
  `  by CPU time:        best ${(mb / (cpuTimes[0]! / 1000)).toFixed(1)} MB/s (steadier when the machine is busy; GC threads included)`,
);
console.log(
  `tokenize only:        best ${(mb / (lexTimes[0]! / 1000)).toFixed(1)} MB/s (${lexTimes[0]!.toFixed(0)} ms)`,
);
