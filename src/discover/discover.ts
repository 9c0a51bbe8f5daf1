import { stat } from "node:fs/promises";
import path from "node:path";
import { globby } from "globby";
import { JS_EXTENSIONS } from "../languages/js/index.js";

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
 * `.gitignore`. A path given explicitly is analysed even when ignored, as
 * ESLint and Ruff do; a path that does not exist is a problem, not a crash.
 */
export async function discoverFiles(
  paths: readonly string[],
  options: DiscoverOptions,
): Promise<{ files: string[]; problems: DiscoveryProblem[] }> {
  const files = new Set<string>();
  const problems: DiscoveryProblem[] = [];
  const patterns: string[] = [];
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
    if (info.isDirectory()) {
      const rel = path.relative(options.cwd, abs).split(path.sep).join("/");
      patterns.push(rel === "" ? extGlob : `${globEscape(rel)}/${extGlob}`);
    } else files.add(abs);
  }
  if (patterns.length > 0) {
    const found = await globby(patterns, {
      cwd: options.cwd,
      absolute: true,
      gitignore: true,
      dot: false,
      // Symlinked directories are not followed (no cycles); symlinked files are listed and
      // read through, so a dangling link or a link loop becomes an error entry, not a silence.
      followSymbolicLinks: false,
      onlyFiles: false,
      markDirectories: true,
      suppressErrors: true,
      ignore: [...DEFAULT_IGNORES, ...(options.ignore ?? [])],
    });
    for (const f of found) if (!f.endsWith("/")) files.add(path.normalize(f));
  }
  return { files: [...files].sort(), problems };
}

function globEscape(p: string): string {
  return p.replace(/[()[\]{}*?!]/g, "\\$&");
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
