/**
 * `logical check --cache` on a copy of a corpus whose cache is warm, with one
 * file changed before each timed run: what a developer or a CI job with a
 * restored cache pays to re-check a large tree after a small edit (target:
 * under 0.5 s). The copy and the warm-up run are made once per bench run,
 * untimed; each timed run then edits the same file again (a comment appended,
 * numbered), so exactly one file misses the cache.
 */
import { spawnSync } from "node:child_process";
import { cpSync, realpathSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Corpus } from "./corpora.js";
import { WORK } from "./corpora.js";
import { LOGICAL_MAIN, logicalHelp, logicalUnavailable, readLogicalJson, type Tool } from "./tools.js";

const NODE = process.execPath;
const CHILD_ENV: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" };
const ARGS = ["check", "--cache", "--workers", "2", "--format", "json", "."];
export const CACHE_TARGET_SECONDS = 0.5;

interface Prepared {
  dir: string;
  file: string;
  original: string;
  edits: number;
}
const prepared = new Map<string, Prepared>();

/** The first source file over 1 KiB in a sorted walk: the file each timed run changes. */
function pickFile(dir: string): string | null {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.name.startsWith(".")) continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) {
      const found = pickFile(full);
      if (found) return found;
    } else if (/\.(py|[cm]?[jt]sx?)$/.test(e.name) && readFileSync(full).length > 1024) return full;
  }
  return null;
}

function prepare(corpus: Corpus): Prepared {
  const hit = prepared.get(corpus.name);
  if (hit) return hit;
  const dir = join(WORK, "cache", corpus.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(WORK, "cache"), { recursive: true });
  // The real directory: a corpus reached through a symlink would otherwise be copied as the link,
  // and the timed edits would land in the corpus itself.
  cpSync(realpathSync(corpus.dir), dir, { recursive: true });
  const file = pickFile(dir);
  if (file === null) throw new Error(`${corpus.name}: no source file over 1 KiB to change`);
  const warm = spawnSync(NODE, [LOGICAL_MAIN, ...ARGS], { cwd: dir, env: CHILD_ENV, stdio: "ignore" });
  if (warm.status !== 0 && warm.status !== 1) throw new Error(`${corpus.name}: the warm-up run exited ${warm.status}`);
  const p = { dir, file, original: readFileSync(file, "utf8"), edits: 0 };
  prepared.set(corpus.name, p);
  return p;
}

export const LOGICAL_CACHE_ONE_CHANGED: Tool = {
  id: "logical-cache-1-changed",
  label: "logical --cache, 1 file changed",
  languages: ["python", "js"],
  unavailable: () =>
    logicalUnavailable("check") ??
    (/--cache\b/.test(logicalHelp("check").text) ? null : "logical: `check` has no --cache yet"),
  invoke: (corpus: Corpus) => {
    const p = prepare(corpus);
    return {
      command: NODE,
      args: [LOGICAL_MAIN, ...ARGS],
      cwd: p.dir,
      env: CHILD_ENV,
      before: () => {
        p.edits++;
        const comment = p.file.endsWith(".py") ? "#" : "//";
        writeFileSync(p.file, `${p.original}\n${comment} logical bench edit ${p.edits}\n`);
      },
    };
  },
  okExit: [0, 1],
  read: readLogicalJson,
};
