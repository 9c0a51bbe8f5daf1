/**
 * Which discovered files a run reports on: `--changed-since <ref>` (files git
 * says changed) and `--shard i/n` (a stable 1/n of the files for a CI matrix).
 * Project-level facts still come from every discovered file.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { realpathSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { toPosix } from "../discover/paths.js";

const run = promisify(execFile);

/** A bad `--changed-since` or `--shard`: exit 2 with this one-line cause. */
export class SelectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SelectionError";
  }
}

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

/** Parses `i/n` (1 ≤ i ≤ n). */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new SelectionError(`--shard: expected i/n with 1 ≤ i ≤ n (e.g. 1/4), got "${text}"`);
  }
  return { index, count };
}

/**
 * Whether a file (its `/`-separated path relative to the working directory)
 * belongs to the shard: by a hash of that path, so the split is the same on
 * every machine and a file stays in its shard when others are added.
 */
export function inShard(relative: string, shard: Shard): boolean {
  if (shard.count === 1) return true;
  const digest = createHash("sha1").update(relative).digest();
  return digest.readUInt32BE(0) % shard.count === shard.index - 1;
}

/**
 * The files changed since `ref`, as `/`-separated paths relative to `cwd`:
 * the committed diff `ref...HEAD` (from the merge base, as a pull request
 * shows it), plus staged and unstaged changes and untracked files that are
 * not ignored. Deleted files are left out: there is nothing to check.
 */
export async function changedFiles(cwd: string, ref: string): Promise<Set<string>> {
  const git = async (args: string[], at: string): Promise<string> => {
    try {
      return (await run("git", args, { cwd: at, maxBuffer: 256 * 1024 * 1024 })).stdout;
    } catch (error) {
      const e = error as { code?: string | number; stderr?: string };
      if (e.code === "ENOENT") throw new SelectionError("--changed-since needs git, and git was not found");
      const said = (e.stderr ?? "").trim().split("\n")[0] ?? "";
      if (/not a git repository/i.test(said)) {
        throw new SelectionError(`--changed-since: ${cwd} is not in a git work tree`);
      }
      throw new SelectionError(`--changed-since: git ${args[0]} failed: ${said}`);
    }
  };
  const top = (await git(["rev-parse", "--show-toplevel"], cwd)).trim();
  try {
    await run("git", ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { cwd: top });
  } catch {
    throw new SelectionError(`--changed-since: "${ref}" is not a commit, branch or tag in this repository`);
  }
  const outputs = await Promise.all([
    git(["diff", "--name-only", "-z", "--no-renames", "--diff-filter=d", `${ref}...HEAD`, "--"], top),
    git(["diff", "--name-only", "-z", "--no-renames", "--diff-filter=d", "HEAD", "--"], top),
    git(["ls-files", "--others", "--exclude-standard", "-z"], top),
  ]);
  // Relative to the real working directory: git reports the real top-level path.
  const here = realpathSync(cwd);
  const files = new Set<string>();
  for (const output of outputs) {
    for (const name of output.split("\0")) {
      if (name) files.add(toPosix(path.relative(here, path.join(top, name))));
    }
  }
  return files;
}
