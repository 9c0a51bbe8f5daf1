/**
 * The tools the bench runs: how to invoke each on a corpus, whether it can run
 * here, and how to count what it found from its report.
 *
 * Every tool is a child process started with `node` (process.execPath) and
 * the corpus as working directory; none gets a cache. Findings are counted
 * for the rule each peer shares with `logical --rule no-print`:
 *  - ESLint `no-console` (core rule; @typescript-eslint/parser for TS files),
 *  - oxlint `no-console` (`-A all -D no-console`),
 *  - Ruff T201 (`print`) and T203 (`pprint`), through its npm wasm build.
 * Each tool's own suppression comments stay in force (eslint-disable for
 * ESLint and oxlint, `# noqa` for Ruff), as they would for a user.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { pathToFileURL, fileURLToPath } from "node:url";
import type { Corpus, CorpusLanguage } from "./corpora.js";
import { REPO, WORK } from "./corpora.js";

/** logical's CLI entry; LOGICAL_BIN points the bench at another build (e.g. a second checkout). */
export const LOGICAL_MAIN = process.env.LOGICAL_BIN ?? join(REPO, "dist", "cli", "main.js");
const require = createRequire(join(REPO, "package.json"));

/** What a tool's report says, as far as the bench can read it. */
export interface Outcome {
  /** Findings of the compared rule(s); null when the report could not be read. */
  findings: number | null;
  /** Files the tool says it looked at, when it says. */
  filesSeen: number | null;
  /** Files the tool could not parse, when it says. */
  parseErrors: number | null;
  /** Findings per rule/code, when the report names them. */
  byRule: Record<string, number>;
  note?: string;
}

export interface Invocation {
  command: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Runs before each timed run (e.g. removing a cache), not timed. */
  before?: () => void;
  /** Runs after each timed run; a string it returns is a problem to report. */
  verify?: () => string | null;
}

export interface Tool {
  id: string;
  /** Label in the table. */
  label: string;
  languages: CorpusLanguage[];
  /** Null when the tool can run, else why not. */
  unavailable(): string | null;
  invoke(corpus: Corpus): Invocation;
  /** Exit codes that mean "ran" (linters exit 1 when they find something). */
  okExit: number[];
  read(stdout: string, stderr: string): Outcome;
}

const NODE = process.execPath;
const CHILD_ENV: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" };

// ---------------------------------------------------------------- logical

/** Whether `logical <subcommand> --help` exits 0 and describes that command; cached per subcommand. */
const helpCache = new Map<string, { ok: boolean; text: string }>();
export function logicalHelp(subcommand: string): { ok: boolean; text: string } {
  const hit = helpCache.get(subcommand);
  if (hit) return hit;
  let result = { ok: false, text: "" };
  if (existsSync(LOGICAL_MAIN)) {
    const r = spawnSync(NODE, [LOGICAL_MAIN, subcommand, "--help"], {
      encoding: "utf8",
      env: CHILD_ENV,
      timeout: 30_000,
    });
    const text = `${r.stdout ?? ""}${r.stderr ?? ""}`;
    // commander answers `logical unknown --help` with the root help and exit 0,
    // so the command must also be the one the usage line names.
    const named = new RegExp(`^Usage: logical ${subcommand}\\b`, "m").test(text);
    result = { ok: r.status === 0 && named, text };
  }
  helpCache.set(subcommand, result);
  return result;
}

export function logicalUnavailable(subcommand: string): string | null {
  if (!existsSync(LOGICAL_MAIN)) return "logical: not built (dist/cli/main.js missing)";
  if (!logicalHelp(subcommand).ok)
    return `logical: no \`${subcommand}\` command yet (\`logical ${subcommand} --help\` does not describe it)`;
  return null;
}

/** Passes --no-cache when `check` offers it, and removes any cache file either way. */
function logicalCheck(id: string, label: string, ruleArgs: string[]): Tool {
  return {
    id,
    label,
    languages: ["python", "js"],
    unavailable: () => logicalUnavailable("check"),
    invoke: (corpus) => {
      const noCache = /--no-cache\b/.test(logicalHelp("check").text) ? ["--no-cache"] : [];
      return {
        command: NODE,
        args: [LOGICAL_MAIN, "check", ...ruleArgs, "--format", "json", ...noCache, "."],
        cwd: corpus.dir,
        env: CHILD_ENV,
        before: () => rmSync(join(corpus.dir, ".logicalcache"), { recursive: true, force: true }),
      };
    },
    okExit: [0, 1],
    read: readLogicalJson,
  };
}

/**
 * logical's JSON report is being written at the same time as this bench, so
 * this reads the likely shapes: an array of findings, an array of per-file
 * results with `findings`/`messages`, or an object holding either under
 * `findings`/`diagnostics`/`results`, with an optional file count.
 */
export function readLogicalJson(stdout: string): Outcome {
  let data: unknown;
  try {
    data = JSON.parse(stdout);
  } catch {
    return { findings: null, filesSeen: null, parseErrors: null, byRule: {}, note: "output is not JSON" };
  }
  const byRule: Record<string, number> = {};
  const note = (f: unknown): void => {
    if (f && typeof f === "object") {
      const o = f as Record<string, unknown>;
      const rule = o.rule ?? o.ruleId ?? o.code ?? o.id;
      if (typeof rule === "string") byRule[rule] = (byRule[rule] ?? 0) + 1;
    }
  };
  let findings: number | null = null;
  let filesSeen: number | null = null;
  const fromArray = (a: unknown[]): number => {
    const perFile = a.every(
      (x) =>
        x &&
        typeof x === "object" &&
        (Array.isArray((x as Record<string, unknown>).findings) ||
          Array.isArray((x as Record<string, unknown>).messages)),
    );
    if (perFile && a.length > 0) {
      filesSeen = a.length;
      let n = 0;
      for (const x of a) {
        const o = x as Record<string, unknown[]>;
        const list = (o.findings ?? o.messages) as unknown[];
        list.forEach(note);
        n += list.length;
      }
      return n;
    }
    a.forEach(note);
    return a.length;
  };
  if (Array.isArray(data)) {
    findings = fromArray(data);
  } else if (data && typeof data === "object") {
    const o = data as Record<string, unknown>;
    for (const k of ["findings", "diagnostics", "results", "problems"]) {
      const v = o[k];
      if (Array.isArray(v)) {
        findings = fromArray(v);
        break;
      }
    }
    for (const holder of [o, o.summary, o.stats]) {
      if (!holder || typeof holder !== "object") continue;
      for (const k of ["files", "fileCount", "filesChecked", "checkedFiles"]) {
        const v = (holder as Record<string, unknown>)[k];
        if (filesSeen !== null) break;
        if (typeof v === "number") filesSeen = v;
        else if (Array.isArray(v)) filesSeen = v.length;
      }
    }
  }
  // Files logical could not analyse: `errors: [{ file, message }]`.
  let parseErrors: number | null = null;
  let errorNote: string | undefined;
  if (data && typeof data === "object" && !Array.isArray(data)) {
    const errors = (data as Record<string, unknown>).errors;
    if (Array.isArray(errors)) {
      parseErrors = errors.length;
      const first = errors[0] as { file?: string; message?: string } | undefined;
      if (first) errorNote = `${errors.length} files not analysed, e.g. ${first.file}: ${first.message}`;
    }
  }
  return {
    findings,
    filesSeen,
    parseErrors,
    byRule,
    note: findings === null ? "unrecognised JSON shape" : errorNote,
  };
}

// ---------------------------------------------------------------- ESLint

function eslintConfigPath(): string {
  mkdirSync(WORK, { recursive: true });
  const file = join(WORK, "eslint.config.mjs");
  const parser = pathToFileURL(require.resolve("@typescript-eslint/parser")).href;
  writeFileSync(
    file,
    `// Generated by bench/tools.ts: ESLint with only no-console.
import tsParser from ${JSON.stringify(parser)};
export default [
  { linterOptions: { reportUnusedDisableDirectives: "off" } },
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs", "**/*.jsx"],
    languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
    rules: { "no-console": "error" },
  },
  {
    files: ["**/*.ts", "**/*.mts", "**/*.cts", "**/*.tsx"],
    languageOptions: { parser: tsParser },
    rules: { "no-console": "error" },
  },
];
`,
  );
  return file;
}

const eslint: Tool = {
  id: "eslint",
  label: "eslint no-console",
  languages: ["js"],
  unavailable: () => (resolves("eslint/package.json") ? null : "eslint: not installed"),
  invoke: (corpus) => ({
    command: NODE,
    // -c with --no-config-lookup: only our config; the corpus is the cwd, so it
    // is the base path the `files` globs match against. ESLint's only default
    // ignores are node_modules/ and .git/; the corpus has neither.
    args: [
      join(REPO, "node_modules", "eslint", "bin", "eslint.js"),
      "--no-config-lookup",
      "-c",
      eslintConfigPath(),
      "--format",
      "json",
      ".",
    ],
    cwd: corpus.dir,
    env: CHILD_ENV,
  }),
  okExit: [0, 1],
  read: (stdout) => {
    let results: { messages: { ruleId: string | null; fatal?: boolean }[] }[];
    try {
      results = JSON.parse(stdout) as typeof results;
    } catch {
      return { findings: null, filesSeen: null, parseErrors: null, byRule: {}, note: "output is not JSON" };
    }
    const byRule: Record<string, number> = {};
    let findings = 0;
    let parseErrors = 0;
    for (const r of results) {
      for (const m of r.messages) {
        if (m.fatal) parseErrors++;
        const key = m.ruleId ?? (m.fatal ? "parse-error" : "other");
        byRule[key] = (byRule[key] ?? 0) + 1;
        if (m.ruleId === "no-console") findings++;
      }
    }
    return { findings, filesSeen: results.length, parseErrors, byRule };
  },
};

// ---------------------------------------------------------------- oxlint

const oxlint: Tool = {
  id: "oxlint",
  label: "oxlint no-console",
  languages: ["js"],
  unavailable: () => (resolves("oxlint/package.json") ? null : "oxlint: not installed"),
  invoke: (corpus) => ({
    command: NODE,
    args: [
      join(REPO, "node_modules", "oxlint", "bin", "oxlint"),
      "-A",
      "all",
      "-D",
      "no-console",
      "--format",
      "json",
      ".",
    ],
    cwd: corpus.dir,
    env: CHILD_ENV,
  }),
  okExit: [0, 1],
  read: (stdout) => {
    let report: { diagnostics: { code?: string }[]; number_of_files?: number };
    try {
      report = JSON.parse(stdout) as typeof report;
    } catch {
      return { findings: null, filesSeen: null, parseErrors: null, byRule: {}, note: "output is not JSON" };
    }
    const byRule: Record<string, number> = {};
    let findings = 0;
    let parseErrors = 0;
    for (const d of report.diagnostics) {
      const key = d.code ?? "parse-error";
      byRule[key] = (byRule[key] ?? 0) + 1;
      if (key === "eslint(no-console)") findings++;
      else if (!d.code) parseErrors++;
    }
    return { findings, filesSeen: report.number_of_files ?? null, parseErrors, byRule };
  },
};

// ---------------------------------------------------------------- Ruff (wasm)

const RUFF_RUNNER = join(fileURLToPath(new URL(".", import.meta.url)), "ruff-runner.js");

const ruff: Tool = {
  id: "ruff",
  label: "ruff-wasm T201/T203",
  languages: ["python"],
  unavailable: () =>
    resolves("@astral-sh/ruff-wasm-nodejs/package.json") ? null : "ruff: @astral-sh/ruff-wasm-nodejs not installed",
  invoke: (corpus) => ({ command: NODE, args: [RUFF_RUNNER, "."], cwd: corpus.dir, env: CHILD_ENV }),
  okExit: [0],
  read: (stdout) => {
    try {
      const r = JSON.parse(stdout) as { files: number; byCode: Record<string, number>; syntaxErrorFiles: number };
      const findings = (r.byCode.T201 ?? 0) + (r.byCode.T203 ?? 0);
      return { findings, filesSeen: r.files, parseErrors: r.syntaxErrorFiles, byRule: r.byCode };
    } catch {
      return { findings: null, filesSeen: null, parseErrors: null, byRule: {}, note: "output is not JSON" };
    }
  },
};

function resolves(spec: string): boolean {
  try {
    require.resolve(spec);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- the lists

/**
 * no-print skips test files by default; ESLint no-console and Ruff T20 do not, so
 * the bench turns that off to count the same sites.
 */
const NO_PRINT_EVERYWHERE = join(tmpdir(), "logical-bench-no-print.json");
writeFileSync(NO_PRINT_EVERYWHERE, JSON.stringify({ rules: { "no-print": ["error", { includeTests: true }] } }));
export const LOGICAL_NO_PRINT = logicalCheck("logical-no-print", "logical --rule no-print", [
  "--rule",
  "no-print",
  "--config",
  NO_PRINT_EVERYWHERE,
]);
export const LOGICAL_ALL = logicalCheck("logical-all", "logical (all rules)", []);
/** The print gate with the four stage rules (steps 1-5 of the critical stages), as a team turns them on. */
export const STAGE_RULES = [
  "no-print",
  "stage-needs-info-log",
  "stage-log-has-details",
  "data-load-needs-check",
  "request-input-needs-check",
];
export const LOGICAL_STAGES = logicalCheck("logical-stages", "logical (no-print + stage rules)", [
  "--rule",
  STAGE_RULES.join(","),
]);

/** Tools timed on every corpus of their language, in this order. */
export const TOOLS: Tool[] = [LOGICAL_NO_PRINT, LOGICAL_STAGES, LOGICAL_ALL, eslint, oxlint, ruff];

export function toolVersions(): Record<string, string> {
  const v = (spec: string): string => {
    try {
      return (JSON.parse(readFileSync(require.resolve(spec), "utf8")) as { version: string }).version;
    } catch {
      return "missing";
    }
  };
  let logicalRev = "unknown";
  const git = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: REPO, encoding: "utf8" });
  if (git.status === 0) logicalRev = git.stdout.trim();
  return {
    logical: `${(JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string }).version} @ ${logicalRev}${existsSync(LOGICAL_MAIN) ? "" : " (not built)"}`,
    eslint: v("eslint/package.json"),
    "@typescript-eslint/parser": v("@typescript-eslint/parser/package.json"),
    oxlint: v("oxlint/package.json"),
    "@astral-sh/ruff-wasm-nodejs": v("@astral-sh/ruff-wasm-nodejs/package.json"),
    node: process.version,
  };
}
