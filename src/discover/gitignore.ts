import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import type { Ignore } from "ignore";
import type ignoreModule from "ignore";

/** `ignore` is loaded at the first .gitignore found: every module costs start-up time. */
let ignore: typeof ignoreModule | undefined;

/**
 * `.gitignore` rules, from the repository root down. Discovery (./discover.ts)
 * reads them as it walks: one walk finds sources and `.gitignore` files
 * together. A directory the user names explicitly is checked even if an
 * ancestor's `.gitignore` ignores it, as with a named file.
 */
export class GitignoreFilter {
  private readonly rules = new Map<string, Ignore | null>();

  /** `dir` → its .gitignore, if any (loaded lazily, cached). */
  rulesIn(dir: string): Ignore | null {
    let found = this.rules.get(dir);
    if (found === undefined) {
      const file = path.join(dir, ".gitignore");
      if (existsSync(file)) {
        ignore ??= createRequire(import.meta.url)("ignore") as typeof ignoreModule;
        found = ignore().add(readFileSync(file, "utf8"));
      } else found = null;
      this.rules.set(dir, found);
    }
    return found;
  }

  /**
   * Where ignore rules start for a named directory: its repository's root,
   * unless that root's rules ignore the directory itself — then the directory.
   */
  topFor(namedDir: string): string {
    const root = repositoryRoot(namedDir);
    if (root === null) return namedDir;
    for (let d = path.dirname(namedDir); d.length >= root.length; d = path.dirname(d)) {
      const rules = this.rulesIn(d);
      if (rules && rules.ignores(`${path.relative(d, namedDir).split(path.sep).join("/")}/`)) return namedDir;
      if (d === root) break;
    }
    return root;
  }
}

function repositoryRoot(dir: string): string | null {
  let d = dir;
  for (;;) {
    if (existsSync(path.join(d, ".git"))) return d;
    const parent = path.dirname(d);
    if (parent === d) return null;
    d = parent;
  }
}
