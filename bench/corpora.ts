/**
 * The corpora the bench runs on, prepared idempotently under bench/corpora/
 * (git-ignored: nothing downloaded or copied is ever committed).
 *
 * Every corpus is a folder holding only the source files the tools read, and
 * each is made its own git work tree (`git init`, nothing committed): the
 * repo's .gitignore ignores bench/corpora/, and tools that honour .gitignore
 * (oxlint does, with or without --no-ignore) would otherwise see no file at
 * all. Tools are run with the corpus as their working directory and `.` as
 * the path, as a user runs a linter at a project's root.
 *
 * So that every tool walks the same files, the copies leave out dot-files and
 * dot-folders, and rename the folders that one tool or another skips by
 * default (`node_modules`, `dist`, `build`, `venv`: logical skips the last
 * three, ESLint and oxlint the first) to `_node_modules`, `_dist`, … The code
 * inside is what a project would lint; only the folder names change.
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createHash } from "node:crypto";
import { dirname, extname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (dist/bench/corpora.js → ../..). */
export const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const BENCH = join(REPO, "bench");
export const CORPORA = join(BENCH, "corpora");
/** Scratch space for tool outputs, generated configs, results. */
export const WORK = join(CORPORA, ".work");

export type CorpusLanguage = "python" | "js";

export interface Corpus {
  name: string;
  language: CorpusLanguage;
  dir: string;
  files: number;
  bytes: number;
  /** Where it came from, for the report. */
  source: string;
  /** For single-file entries (the generated log): the file itself. */
  file?: string;
}

export const JS_EXTENSIONS = [".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx"];
const DECLARATION = /\.d\.[mc]?ts$/;

/**
 * The flat JS/TS corpus. Its name starts with a dot because tsconfig.json
 * includes "bench" and TypeScript's `**` skips only dot-folders and
 * node_modules: a plain `npm-src/` full of .ts files would be compiled by
 * `npm run build`. Tools never see the dot, since they run inside the folder.
 * Rename it to `npm-src` once tsconfig.json excludes bench/corpora.
 */
export const NPM_SRC_DIR = ".npm-src";

const ML_PACKAGES = [
  "sklearn",
  "pandas",
  "numpy",
  "scipy",
  "joblib",
  "torch",
  "torchvision",
  "matplotlib",
  "numba",
  "statsmodels",
  "skimage",
  "xgboost",
  "lightgbm",
  "tensorflow",
  "keras",
  "transformers",
  "datasets",
  "h5py",
  "seaborn",
];
const DEBIAN_DIST_PACKAGES = "/usr/lib/python3/dist-packages";

/** Folder names some tool ignores by default; renamed `_<name>` in the copies. */
const DEFAULT_IGNORED_DIRS = new Set(["node_modules", "dist", "build", "venv", "site-packages"]);

/** Files above this are generated bundles, not code anyone lints by hand. */
const MAX_FILE_BYTES = 1024 * 1024;
/** Mean line length above which a JS file counts as minified (sourceMappingURL lines aside). */
const MINIFIED_MEAN_LINE = 400;
export const NPM_TARGET = { min: 3000, max: 6000 };

const MARKER = ".bench-corpus.json";
/** Bump when the copying rules change, so prepared corpora are rebuilt. */
const LAYOUT = 2;

interface Marker {
  name: string;
  source: string;
  files: number;
  bytes: number;
  key: string;
  preparedAt: string;
}

export interface PrepareOptions {
  /** Only look at what is there; never copy or install. */
  skipPrepare: boolean;
  log: (line: string) => void;
}

export const CORPUS_NAMES = ["python-stdlib", "python-ml", "npm"] as const;
export type CorpusName = (typeof CORPUS_NAMES)[number];

export function prepareCorpus(name: CorpusName, opts: PrepareOptions): Corpus | null {
  mkdirSync(CORPORA, { recursive: true });
  switch (name) {
    case "python-stdlib":
      return preparePythonStdlib(opts);
    case "python-ml":
      return preparePythonMl(opts);
    case "npm":
      return prepareNpm(opts);
  }
}

function preparePythonStdlib(opts: PrepareOptions): Corpus | null {
  const dir = join(CORPORA, "python-stdlib");
  let stdlib: string;
  try {
    stdlib = execFileSync("python3", ["-c", "import sysconfig;print(sysconfig.get_paths()['stdlib'])"], {
      encoding: "utf8",
    }).trim();
  } catch {
    return ready(dir, "python-stdlib", "python", opts, "python3 not found");
  }
  const key = `stdlib:${stdlib}`;
  return ensure(dir, "python-stdlib", "python", key, stdlib, opts, () => {
    copyTree(stdlib, dir, (rel, isDir) =>
      isDir ? !/^(site-packages|__pycache__)$/.test(baseName(rel)) : rel.endsWith(".py"),
    );
  });
}

function preparePythonMl(opts: PrepareOptions): Corpus | null {
  const dir = join(CORPORA, "python-ml");
  const present = ML_PACKAGES.filter((p) => existsSync(join(DEBIAN_DIST_PACKAGES, p)));
  if (present.length === 0) {
    opts.log(
      `python-ml: skipped, none of ${ML_PACKAGES.join(", ")} is in ${DEBIAN_DIST_PACKAGES} (apt-get install python3-sklearn python3-pandas …)`,
    );
    return null;
  }
  const key = `ml:${present.join(",")}`;
  const source = `${DEBIAN_DIST_PACKAGES}/{${present.join(",")}}`;
  return ensure(dir, "python-ml", "python", key, source, opts, () => {
    for (const p of present) {
      copyTree(join(DEBIAN_DIST_PACKAGES, p), join(dir, p), (rel, isDir) =>
        isDir ? baseName(rel) !== "__pycache__" : rel.endsWith(".py"),
      );
    }
  });
}

function prepareNpm(opts: PrepareOptions): Corpus | null {
  const manifest = join(BENCH, "npm-corpus", "package.json");
  const lock = join(BENCH, "npm-corpus", "package-lock.json");
  const installDir = join(CORPORA, "npm");
  const dir = join(CORPORA, NPM_SRC_DIR);
  const key = hashFiles([manifest, lock]);
  const packages = Object.keys(
    (JSON.parse(readFileSync(manifest, "utf8")) as { dependencies: Record<string, string> }).dependencies,
  );
  const source = `npm: ${packages.length} pinned packages and their dependencies (bench/npm-corpus)`;
  return ensure(dir, "npm", "js", key, source, opts, () => {
    installNpm(installDir, manifest, lock, key, opts);
    const skipped = { declaration: 0, minified: 0, large: 0 };
    const root = join(installDir, "node_modules");
    copyTree(root, dir, (rel, isDir, full) => {
      const base = baseName(rel);
      if (isDir) return true;
      const ext = extname(base);
      if (!JS_EXTENSIONS.includes(ext)) return false;
      if (DECLARATION.test(base)) {
        skipped.declaration++;
        return false;
      }
      if (/\.min\./.test(base)) {
        skipped.minified++;
        return false;
      }
      const size = statSync(full).size;
      if (size > MAX_FILE_BYTES) {
        skipped.large++;
        return false;
      }
      if (size > 8 * 1024 && looksMinified(readFileSync(full, "utf8"))) {
        skipped.minified++;
        return false;
      }
      return true;
    });
    opts.log(
      `npm: left out ${skipped.declaration} declaration files, ${skipped.minified} minified, ${skipped.large} over 1 MiB`,
    );
  });
}

function installNpm(installDir: string, manifest: string, lock: string, key: string, opts: PrepareOptions): void {
  const stamp = join(installDir, ".bench-installed");
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === key) {
    opts.log("npm: packages already installed in bench/corpora/npm");
    return;
  }
  rmSync(installDir, { recursive: true, force: true });
  mkdirSync(installDir, { recursive: true });
  copyFileSync(manifest, join(installDir, "package.json"));
  const haveLock = existsSync(lock);
  if (haveLock) copyFileSync(lock, join(installDir, "package-lock.json"));
  const args = [haveLock ? "ci" : "install", "--ignore-scripts", "--no-audit", "--no-fund"];
  opts.log(`npm: npm ${args.join(" ")} in bench/corpora/npm (a minute or so; ~650 MB)`);
  const r = spawnSync("npm", args, { cwd: installDir, stdio: ["ignore", "inherit", "inherit"] });
  if (r.status !== 0) throw new Error(`npm ${args[0]} failed with exit ${r.status}`);
  writeFileSync(stamp, key);
}

/** Generated or minified code: long lines on average. */
function looksMinified(text: string): boolean {
  let lines = 0;
  let chars = 0;
  for (const line of text.split("\n")) {
    if (line.startsWith("//# sourceMappingURL=")) continue;
    lines++;
    chars += line.length;
  }
  return lines > 0 && chars / lines > MINIFIED_MEAN_LINE;
}

/**
 * Makes `dir` hold a prepared corpus for `key`, building it with `build` when
 * it is missing, incomplete (no marker) or built from another source.
 */
function ensure(
  dir: string,
  name: string,
  language: CorpusLanguage,
  key: string,
  source: string,
  opts: PrepareOptions,
  build: () => void,
): Corpus | null {
  key = `${LAYOUT}:${key}`;
  const markerPath = join(dir, MARKER);
  if (existsSync(markerPath)) {
    const m = JSON.parse(readFileSync(markerPath, "utf8")) as Marker;
    if (m.key === key || opts.skipPrepare) {
      opts.log(`${name}: already prepared (${m.files} files), skipping`);
      return { name, language, dir, files: m.files, bytes: m.bytes, source: m.source };
    }
    opts.log(`${name}: source changed, preparing again`);
  } else if (opts.skipPrepare) {
    opts.log(`${name}: not prepared and --skip-prepare given, skipped`);
    return null;
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  opts.log(`${name}: preparing from ${source}`);
  build();
  execFileSync("git", ["init", "-q"], { cwd: dir });
  const { files, bytes } = countFiles(dir, language);
  const marker: Marker = {
    name,
    source,
    files,
    bytes,
    key,
    preparedAt: new Date().toISOString(),
  };
  writeFileSync(markerPath, `${JSON.stringify(marker, null, 2)}\n`);
  return { name, language, dir, files, bytes, source };
}

function ready(dir: string, name: string, language: CorpusLanguage, opts: PrepareOptions, why: string): Corpus | null {
  const markerPath = join(dir, MARKER);
  if (!existsSync(markerPath)) {
    opts.log(`${name}: skipped, ${why}`);
    return null;
  }
  const m = JSON.parse(readFileSync(markerPath, "utf8")) as Marker;
  return { name, language, dir, files: m.files, bytes: m.bytes, source: m.source };
}

/** Source files of the corpus's language, skipping dot-folders (.git) and dot-files. */
export function listFiles(dir: string, language: CorpusLanguage): string[] {
  const exts = language === "python" ? [".py"] : JS_EXTENSIONS;
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith(".")) continue;
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile() && exts.includes(extname(e.name))) out.push(full);
    }
  };
  walk(dir);
  return out.sort();
}

function countFiles(dir: string, language: CorpusLanguage): { files: number; bytes: number } {
  let bytes = 0;
  const files = listFiles(dir, language);
  for (const f of files) bytes += statSync(f).size;
  return { files: files.length, bytes };
}

/**
 * Reads every file once so each tool starts with the same warm OS page cache:
 * "cold" in this bench means a fresh process with no tool cache, not a cold disk.
 */
export function warmPageCache(corpus: Corpus): void {
  for (const f of listFiles(corpus.dir, corpus.language)) readFileSync(f);
}

/**
 * Copies the files `keep` accepts, leaving out dot-entries and symlinks and
 * renaming default-ignored folder names (see the top of this file).
 */
function copyTree(from: string, to: string, keep: (rel: string, isDir: boolean, full: string) => boolean): void {
  const rename = (rel: string): string =>
    rel
      .split("/")
      .map((seg) => (DEFAULT_IGNORED_DIRS.has(seg) ? `_${seg}` : seg))
      .join("/");
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      if (name.startsWith(".")) continue;
      const full = join(d, name);
      const rel = relative(from, full);
      const st = lstatSync(full);
      if (st.isSymbolicLink()) continue;
      if (st.isDirectory()) {
        if (keep(rel, true, full)) walk(full);
      } else if (st.isFile() && keep(rel, false, full)) {
        const dest = join(to, rename(rel));
        mkdirSync(dirname(dest), { recursive: true });
        copyFileSync(full, dest);
      }
    }
  };
  walk(from);
}

function baseName(rel: string): string {
  const i = rel.lastIndexOf("/");
  return i < 0 ? rel : rel.slice(i + 1);
}

function hashFiles(paths: string[]): string {
  const h = createHash("sha256");
  for (const p of paths) h.update(existsSync(p) ? readFileSync(p) : "");
  return h.digest("hex").slice(0, 16);
}

export function describe(c: Corpus): string {
  return `${c.name}: ${c.files} files, ${(c.bytes / 1048576).toFixed(1)} MB (${c.source})`;
}
