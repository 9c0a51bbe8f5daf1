import { readdirSync, type Dirent } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { createRequire } from "node:module";
import type picomatchModule from "picomatch";
import { JS_SOURCE_EXTENSIONS, PYTHON_EXTENSIONS } from "../languages/extensions.js";
import type { Ignore } from "ignore";
import { GitignoreFilter } from "./gitignore.js";

export { PYTHON_EXTENSIONS } from "../languages/extensions.js";
export const SOURCE_EXTENSIONS: readonly string[] = [...PYTHON_EXTENSIONS, ...JS_SOURCE_EXTENSIONS];

/** Never entered, at any depth below a directory being walked: dependencies, virtual environments, build output, caches. */
export const IGNORED_DIRECTORIES: ReadonlySet<string> = new Set([
  "node_modules",
  ".git",
  ".venv",
  "venv",
  ".tox",
  "site-packages",
  "__pycache__",
  "dist",
  "build",
]);

/** Never listed: minified bundles and type declarations. */
export const IGNORED_SUFFIXES: readonly string[] = [".min.js", ".d.ts", ".d.mts", ".d.cts"];

export interface DiscoverOptions {
  cwd: string;
  /** Extra ignore globs (config `ignore`). */
  ignore?: readonly string[];
}

export interface DiscoveryProblem {
  file: string;
  message: string;
}

/** A source file's name: one of the extensions, not a dot-file, not a declaration or minified bundle. */
function isSourceName(name: string): boolean {
  return (
    name.charCodeAt(0) !== 46 /* . */ &&
    SOURCE_EXTENSIONS.some((e) => name.endsWith(e)) &&
    !IGNORED_SUFFIXES.some((s) => name.endsWith(s))
  );
}

/**
 * Files to analyse under `paths` (files or directories), honouring
 * `.gitignore` (see ./gitignore.ts) and the config's `ignore` globs. A path given explicitly is analysed even when ignored, as
 * ESLint and Ruff do; a path that does not exist is a problem, not a crash.
 *
 * Directories are walked with one synchronous `readdir` each (a glob library's
 * matching and streams cost more than the walk on a large tree). Dot-files and
 * dot-folders are skipped; symbolic links are listed, never followed (no
 * cycles): a link to a directory is not entered, and a link with a source
 * file's name is read through, so a dangling link or a loop becomes an error
 * entry, not a silence. A directory that cannot be read is skipped.
 */
export async function discoverFiles(
  paths: readonly string[],
  options: DiscoverOptions,
): Promise<{ files: string[]; problems: DiscoveryProblem[] }> {
  const files = new Set<string>();
  const problems: DiscoveryProblem[] = [];
  const gitignore = new GitignoreFilter();
  // Config `ignore` globs are relative to the working directory.
  // picomatch is loaded only for a config with `ignore` globs: every module costs start-up time.
  const userIgnored = options.ignore?.length
    ? (createRequire(import.meta.url)("picomatch") as typeof picomatchModule)([...options.ignore], { dot: true })
    : null;
  const slash = (p: string): string => (path.sep === "/" ? p : p.split(path.sep).join("/"));
  for (const p of paths) {
    const abs = path.resolve(options.cwd, p);
    let info;
    try {
      info = await stat(abs);
    } catch (error) {
      problems.push({ file: abs, message: describeFsError(error) });
      continue;
    }
    if (!info.isDirectory()) {
      files.add(abs);
      continue;
    }
    // The .gitignore files in force, from the repository root (or the named directory) down.
    type Level = { dir: string; rules: Ignore };
    const ignoredBy = (levels: readonly Level[], full: string, isDirectory: boolean): boolean => {
      for (const { dir, rules } of levels) {
        const relative = slash(full.slice(dir.length + (dir.endsWith(path.sep) ? 0 : 1)));
        if (rules.ignores(isDirectory ? `${relative}/` : relative)) return true;
      }
      return false;
    };
    const walk = (dir: string, levels: readonly Level[]): void => {
      let entries: Dirent[];
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      const own = entries.some((e) => e.name === ".gitignore") ? gitignore.rulesIn(dir) : null;
      const here = own ? [...levels, { dir, rules: own }] : levels;
      const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
      for (const e of entries) {
        const name = e.name;
        if (e.isDirectory()) {
          if (name.charCodeAt(0) === 46 /* . */ || IGNORED_DIRECTORIES.has(name)) continue;
          const sub = prefix + name;
          // Git never looks inside an ignored directory: nothing under it can be listed.
          if (!ignoredBy(here, sub, true)) walk(sub, here);
        } else if (isSourceName(name)) {
          const file = prefix + name;
          if (ignoredBy(here, file, false)) continue;
          if (userIgnored?.(slash(path.relative(options.cwd, file)))) continue;
          files.add(file);
        }
      }
    };
    const top = gitignore.topFor(abs);
    const above: Level[] = [];
    for (let d = abs; d.length > top.length;) {
      d = path.dirname(d);
      const rules = gitignore.rulesIn(d);
      if (rules) above.unshift({ dir: d, rules });
    }
    walk(abs, above);
  }
  return { files: [...files].sort(), problems };
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
    case "EPERM":
      return "permission denied: the file cannot be read";
    case "ELOOP":
      return "symbolic link loop: the path never resolves to a file";
    case "EISDIR":
      return "is a directory";
    default:
      return (error as Error).message;
  }
}
