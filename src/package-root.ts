/**
 * Files of the package itself (package.json, rules/*.md), found from wherever its compiled code
 * runs: dist/src/** as tsc writes it, or dist/cli/ as the CLI's bundle (scripts/bundle.ts) is.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

let root: string | undefined;

/** The nearest directory above this module that holds a package.json: the package root (dist has none). */
function findRoot(): string {
  const start = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`logical: no package.json above ${start}`);
  }
}

/** A path inside the package root: `packagePath("rules", "no-print.md")`. */
export function packagePath(...parts: string[]): string {
  root ??= findRoot();
  return path.join(root, ...parts);
}
