/**
 * package.json files: the nearest one above a directory (a user's project, for the codemod), and
 * this package's own, by which its files (rules/*.md) are found from wherever its compiled code
 * runs: dist/src/** as tsc writes it, or dist/cli/ as the CLI's bundle (scripts/bundle.ts) is.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

let root: string | undefined;

/** The nearest package.json at or above `dir`, or null. */
export function findPackageJson(dir: string): string | null {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const file = path.join(d, "package.json");
    if (existsSync(file)) return file;
    if (path.dirname(d) === d) return null;
  }
}

/**
 * A path inside this package's root, the nearest directory above this module that holds a
 * package.json (dist has none): `packagePath("rules", "no-print.md")`.
 */
export function packagePath(...parts: string[]): string {
  if (root === undefined) {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const file = findPackageJson(here);
    if (file === null) throw new Error(`logical: no package.json above ${here}`);
    root = path.dirname(file);
  }
  return path.join(root, ...parts);
}
