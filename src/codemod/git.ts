import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * Which of `files` have uncommitted changes (modified, staged, or untracked:
 * anything `git checkout` could not bring back). Files outside a git work
 * tree have nothing to protect them either way and count as clean, as in
 * other codemods (@next/codemod).
 */
export async function dirtyFiles(cwd: string, files: readonly string[]): Promise<string[]> {
  if (files.length === 0) return [];
  let top: string;
  try {
    top = (await run("git", ["rev-parse", "--show-toplevel"], { cwd })).stdout.trim();
  } catch (error) {
    if (isNotARepository(error)) return [];
    throw error;
  }
  const relative = files.map((f) => path.relative(top, path.resolve(cwd, f)));
  const dirty: string[] = [];
  // Chunks keep the command line under the OS limit on big projects.
  for (let i = 0; i < relative.length; i += 500) {
    const chunk = relative.slice(i, i + 500);
    const { stdout } = await run("git", ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ...chunk], {
      cwd: top,
      maxBuffer: 64 * 1024 * 1024,
    });
    for (const entry of stdout.split("\0")) {
      if (entry.length < 4) continue;
      const status = entry.slice(0, 2);
      if (status === "!!") continue;
      dirty.push(path.resolve(top, entry.slice(3)));
    }
  }
  return dirty;
}

function isNotARepository(error: unknown): boolean {
  const e = error as { code?: string | number; stderr?: string };
  return e.code === "ENOENT" || /not a git repository/i.test(e.stderr ?? "");
}
