import { stat } from "node:fs/promises";
import path from "node:path";
import { globby } from "globby";
import picomatch from "picomatch";
import { JS_EXTENSIONS } from "../languages/js/index.js";
import { GitignoreFilter } from "./gitignore.js";

export const PYTHON_EXTENSIONS = [".py", ".pyi"] as const;
export const SOURCE_EXTENSIONS: readonly string[] = [...PYTHON_EXTENSIONS, ...JS_EXTENSIONS];

/** Never analysed: dependencies, virtual environments, build output, caches. */
export const DEFAULT_IGNORES = [
  "**/node_modules/**",
  "**/.git/**",
  "**/.venv/**",
  "**/venv/**",
  "**/.tox/**",
  "**/site-packages/**",
  "**/__pycache__/**",
  "**/dist/**",
  "**/build/**",
  "**/*.min.js",
  "**/*.d.ts",
  "**/*.d.mts",
  "**/*.d.cts",
];

export interface DiscoverOptions {
  cwd: string;
  /** Extra ignore globs (config `ignore`). */
  ignore?: readonly string[];
}

export interface DiscoveryProblem {
  file: string;
  message: string;
}

/**
 * Files to analyse under `paths` (files or directories), honouring
 * `.gitignore` (see ./gitignore.ts) and the config's `ignore` globs. A path given explicitly is analysed even when ignored, as
 * ESLint and Ruff do; a path that does not exist is a problem, not a crash.
 */
export async function discoverFiles(
  paths: readonly string[],
  options: DiscoverOptions,
): Promise<{ files: string[]; problems: DiscoveryProblem[] }> {
  const files = new Set<string>();
  const problems: DiscoveryProblem[] = [];
  const gitignore = new GitignoreFilter();
  // Config `ignore` globs are relative to the working directory.
  const userIgnored = options.ignore?.length ? picomatch([...options.ignore], { dot: true }) : () => false;
  const extGlob = `**/*.{${SOURCE_EXTENSIONS.map((e) => e.slice(1)).join(",")}}`;
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
    const found = await globby(extGlob, {
      cwd: abs,
      absolute: true,
      dot: false,
      // Symlinked directories are not followed (no cycles); symlinked files are listed and
      // read through, so a dangling link or a link loop becomes an error entry, not a silence.
      followSymbolicLinks: false,
      onlyFiles: false,
      markDirectories: true,
      suppressErrors: true,
      ignore: DEFAULT_IGNORES,
    });
    const top = gitignore.topFor(abs);
    for (const f of found) {
      if (f.endsWith("/")) continue;
      const file = path.normalize(f);
      if (gitignore.ignores(file, top) || userIgnored(path.relative(options.cwd, file).split(path.sep).join("/")))
        continue;
      files.add(file);
    }
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
