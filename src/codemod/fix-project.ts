/**
 * `logical fix`: no-print's fixes applied project-wide. Plans everything
 * first (read, model, fix, re-parse, optionally type-check) and returns the
 * plan as data; writing is a separate step the CLI takes after the git
 * check, and never happens on a dry run.
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import picomatch from "picomatch";
import { discoverFiles } from "../discover/discover.js";
import { languageOf } from "../languages/index.js";
import { DEFAULT_MAX_FILE_BYTES, readSource } from "../discover/read-source.js";
import { modelText, resolveRules, runRules, toPosix, type FileError } from "../engine/check.js";
import type { LogicalConfig, RuleSetting } from "../engine/config.js";
import { fileFacts, projectFromFacts, type FileFacts } from "../engine/project.js";
import type { FileModel } from "../model/types.js";
import { findPackageJson } from "../package-root.js";
import { applyFindingFixes, parseProblem } from "./fix-file.js";
import type { JsLoggerOptions } from "./js-console.js";
import {
  loggerCandidate,
  loggerOptions,
  packageModuleSystem,
  pickLoggerModule,
  planNewLoggerModule,
  type LoggerModule,
} from "./logger-module.js";
import { aliasFor, extensionsFor, readTsConfig } from "./tsconfig.js";
import { typecheckChanges } from "./typecheck.js";
import { decodeText, encodeText, encodingOf, readBytes, writeFileAtomic, type EncodedText } from "./write-file.js";

export interface FixProjectOptions {
  cwd: string;
  config: LogicalConfig;
  /** JS/TS: use (or create) this logger module instead of detecting one. */
  logger?: string;
  /** Roll back TypeScript files that gain diagnostics. */
  typecheck?: boolean;
  maxFileBytes?: number;
}

export interface FileChange {
  /** Relative to the working directory, `/`-separated. */
  file: string;
  absolute: string;
  /** Text before (empty for a created file) and after, without BOM. */
  before: string;
  after: string;
  encoding: EncodedText;
  /** Calls converted in this file. */
  converted: number;
  created: boolean;
}

export interface FileNote {
  file: string;
  line: number;
  message: string;
}

export interface FixPlan {
  version: 1;
  /** Files analysed. */
  files: number;
  changes: FileChange[];
  /** Choices made in converted calls a reviewer should know about. */
  notes: FileNote[];
  /** Findings left in place, with the reason in the message. */
  left: FileNote[];
  /** Files not written, with the reason (would not parse, gained type errors, unsupported encoding). */
  skipped: FileError[];
  /** Files that could not be analysed. */
  errors: FileError[];
  /** The JS/TS logger console calls were converted to. */
  logger: { file: string; created: boolean; library: string | null; dependency: string | null } | null;
  typecheck: { before: number; after: number; rolledBack: string[] } | null;
}

function settingFor(
  config: LogicalConfig,
  relative: string,
  matchers: { match: (p: string) => boolean; setting: RuleSetting }[],
): RuleSetting | undefined {
  // The same precedence as `logical check`: the last matching override wins.
  let setting = config.rules?.["no-print"];
  for (const m of matchers) if (m.match(relative)) setting = m.setting;
  return setting;
}

function withLogger(setting: RuleSetting | undefined, logger: JsLoggerOptions | null): RuleSetting | null {
  const level = setting === undefined ? "error" : Array.isArray(setting) ? setting[0] : setting;
  if (level === "off") return null;
  const given = (Array.isArray(setting) ? setting[1] : {}) as Record<string, unknown>;
  if (!logger) return [level, given];
  return [level, { ...given, logger: { ...logger, ...((given.logger as object | undefined) ?? {}) } }];
}

/** Texts that may configure Python logging, or make a JS logger: modelled even without prints. */
const CONFIG_NEEDLE = /basicConfig|dictConfig|fileConfig|structlog/;
const LOGGER_NEEDLE = /\b(?:pino|winston|bunyan|log4js|loglevel|consola|tslog|createLogger|getLogger)\b/;
const SPECIFIER = /(?:\bfrom|\bimport|\brequire\s*\()\s*["']([^"'\n]+)["']/g;

function hasConsoleSites(model: FileModel): boolean {
  return model.language === "javascript" && model.logSites.some((s) => s.kind === "console");
}

/** What the modelling pass keeps of the JS/TS files for choosing the logger: small, so models can be dropped. */
interface JsFacts {
  candidates: LoggerModule[];
  /** Every import specifier in the project (for tsconfig `paths` aliases in use). */
  specifiers: Set<string>;
}

/** The logger module console calls go to: `--logger`, the config's, the project's own, or a new one. */
async function resolveLogger(
  options: FixProjectOptions,
  js: JsFacts,
  jsFiles: readonly string[],
): Promise<{ module: LoggerModule; options: JsLoggerOptions } | null> {
  const setting = options.config.rules?.["no-print"];
  const configuredLogger = Array.isArray(setting)
    ? (setting[1] as { logger?: Partial<JsLoggerOptions> }).logger
    : undefined;
  const configured = configuredLogger?.module ? configuredLogger : null;
  let module: LoggerModule;
  const explicit = options.logger ?? configured?.module ?? undefined;
  if (explicit !== undefined) {
    const file = path.resolve(options.cwd, explicit);
    const read = existsSync(file) ? readSource(file) : null;
    if (read && !read.ok) throw new LoggerModuleError(`${explicit}: ${read.reason}`);
    const modelled = read?.ok ? modelText(read.text, file, toPosix(path.relative(options.cwd, file))) : null;
    if (modelled && "error" in modelled) throw new LoggerModuleError(`${explicit}: ${modelled.error.message}`);
    if (modelled) {
      const found = loggerCandidate(modelled.model);
      const exported = configured?.export ?? found?.export ?? null;
      if (exported === null)
        throw new LoggerModuleError(`${explicit} exports no logger (expected e.g. \`export const logger = pino()\`)`);
      module = {
        file,
        export: exported,
        library: configured?.library ?? found?.library ?? null,
        create: null,
        dependency: null,
      };
    } else {
      module = planNewLoggerModule({ cwd: options.cwd, files: jsFiles, at: file });
    }
  } else {
    module = pickLoggerModule(js.candidates) ?? planNewLoggerModule({ cwd: options.cwd, files: jsFiles });
  }
  const pkg = findPackageJson(path.dirname(module.file));
  const ts = await readTsConfig(pkg ? path.dirname(pkg) : options.cwd);
  const extensions = configured?.extensions ?? extensionsFor(ts);
  const specifier = configured?.specifier ?? aliasFor(ts, module.file, [...js.specifiers], extensions === "js");
  return { module, options: loggerOptions(module, extensions, specifier) };
}

/** A `--logger` module that exists but exports no logger: a usage error. */
export class LoggerModuleError extends Error {}

export async function planFixes(paths: readonly string[], options: FixProjectOptions): Promise<FixPlan> {
  const { cwd, config } = options;
  const maxBytes = options.maxFileBytes ?? config.maxFileSize ?? DEFAULT_MAX_FILE_BYTES;
  const { files, problems } = await discoverFiles(paths, { cwd, ignore: config.ignore ?? [] });
  const errors: FileError[] = problems.map((p) => ({
    file: toPosix(path.relative(cwd, p.file)) || p.file,
    message: p.message,
  }));
  const relatives = files.map((f) => toPosix(path.relative(cwd, f)));
  // One pass that keeps only what the fix needs: the models of files with
  // sites to convert, the facts of files that configure logging, and the JS
  // logger facts. Like `logical check --rule`, a file whose text cannot hold
  // any of these is not parsed at all.
  const facts: FileFacts[] = [];
  const withSites: { model: FileModel; relative: string }[] = [];
  const js: JsFacts = { candidates: [], specifiers: new Set() };
  files.forEach((file, i) => {
    const relative = relatives[i]!;
    const read = readSource(file, maxBytes);
    if (!read.ok) {
      errors.push({ file: relative, message: read.reason });
      return;
    }
    const { text } = read;
    const python = languageOf(file) === "python";
    if (!python) for (const m of text.matchAll(SPECIFIER)) js.specifiers.add(m[1]!);
    const needed = python
      ? text.includes("print") || CONFIG_NEEDLE.test(text)
      : text.includes("console") || LOGGER_NEEDLE.test(text);
    if (!needed) return;
    const modelled = modelText(text, file, relative);
    if ("error" in modelled) {
      errors.push(modelled.error);
      return;
    }
    const { model } = modelled;
    facts.push(fileFacts(model));
    const candidate = loggerCandidate(model);
    if (candidate) js.candidates.push(candidate);
    if (model.logSites.some((s) => s.kind === "print" || s.kind === "console")) withSites.push({ model, relative });
  });
  withSites.sort((a, b) => (a.relative < b.relative ? -1 : 1));
  const project = projectFromFacts(cwd, files, facts);

  const jsFiles = withSites.filter(({ model }) => hasConsoleSites(model)).map(({ model }) => path.resolve(model.path));
  const logger = jsFiles.length > 0 ? await resolveLogger(options, js, jsFiles) : null;

  const matchers = (config.overrides ?? [])
    .filter((o) => o.rules["no-print"] !== undefined)
    .map((o) => ({ match: picomatch(o.files, { dot: true }), setting: o.rules["no-print"]! }));
  const activeBySetting = new Map<string, ReturnType<typeof resolveRules>>();
  const activeFor = (relative: string, absolute: string): ReturnType<typeof resolveRules> => {
    // A .js file without import, export or require syntax is ESM or CommonJS as its package.json says.
    const perFile =
      logger && /\.jsx?$/.test(absolute)
        ? { ...logger.options, moduleSystem: packageModuleSystem(path.dirname(absolute)) }
        : logger?.options;
    const setting = withLogger(settingFor(config, relative, matchers), perFile ?? null);
    const key = JSON.stringify(setting);
    let active = activeBySetting.get(key);
    if (!active) {
      active = setting === null ? [] : resolveRules({ rules: { "no-print": setting } }, ["no-print"]);
      activeBySetting.set(key, active);
    }
    return active;
  };

  const plan: FixPlan = {
    version: 1,
    files: files.length,
    changes: [],
    notes: [],
    left: [],
    skipped: [],
    errors,
    logger: null,
    typecheck: null,
  };
  for (const { model, relative } of withSites) {
    const findings = runRules(model, project, activeFor(relative, path.resolve(model.path)), relative);
    if (findings.length === 0) continue;
    const result = applyFindingFixes(model, findings);
    plan.left.push(...result.left.map((n) => ({ file: relative, ...n })));
    if (result.invalid !== null) {
      plan.skipped.push({ file: relative, message: result.invalid });
      continue;
    }
    if (result.output === model.text) continue;
    plan.notes.push(...result.notes.map((n) => ({ file: relative, ...n })));
    plan.changes.push({
      file: relative,
      absolute: path.resolve(model.path),
      before: model.text,
      after: result.output,
      encoding: { bom: false, label: "utf-8" },
      converted: result.converted,
      created: false,
    });
  }

  if (logger) {
    const jsChanged = plan.changes.some((c) => /\.[cm]?[jt]sx?$/.test(c.file));
    const { module } = logger;
    if (jsChanged && module.create !== null) {
      plan.changes.push(createdFile(cwd, module.file, module.create));
      if (module.dependency) {
        const pkg = readSource(module.dependency.file);
        const before = pkg.ok ? pkg.text : "";
        plan.changes.push({
          file: toPosix(path.relative(cwd, module.dependency.file)),
          absolute: module.dependency.file,
          before,
          after: module.dependency.text,
          encoding: { bom: false, label: "utf-8" },
          converted: 0,
          created: false,
        });
      }
    }
    if (jsChanged) {
      plan.logger = {
        file: toPosix(path.relative(cwd, module.file)),
        created: module.create !== null,
        library: module.library,
        dependency:
          module.create !== null && module.dependency ? `${module.dependency.name}@${module.dependency.version}` : null,
      };
    }
  }

  if (options.typecheck) await typecheckPlan(plan, cwd);
  await checkEncodings(plan);
  plan.changes.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (const list of [plan.notes, plan.left])
    list.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  plan.skipped.sort((a, b) => (a.file < b.file ? -1 : 1));
  errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return plan;
}

function createdFile(cwd: string, file: string, text: string): FileChange {
  const problem = parseProblem(text, file);
  if (problem !== null) throw new Error(`internal: the logger module template does not parse: ${problem}`);
  return {
    file: toPosix(path.relative(cwd, file)),
    absolute: file,
    before: "",
    after: text,
    encoding: { bom: false, label: "utf-8" },
    converted: 0,
    created: true,
  };
}

/** `--typecheck`: drops the changes of TypeScript files that gain diagnostics. */
async function typecheckPlan(plan: FixPlan, cwd: string): Promise<void> {
  const tsChanges = plan.changes.filter((c) => /\.[cm]?tsx?$/.test(c.file));
  if (tsChanges.length === 0) return;
  const pkg = findPackageJson(path.dirname(tsChanges[0]!.absolute));
  const tsconfig = pkg ? path.join(path.dirname(pkg), "tsconfig.json") : path.join(cwd, "tsconfig.json");
  const info = await readTsConfig(path.dirname(tsconfig));
  if (!info) {
    plan.skipped.push({
      file: toPosix(path.relative(cwd, tsconfig)),
      message: "--typecheck: no tsconfig.json; types were not checked",
    });
    return;
  }
  const result = await typecheckChanges(info.file, new Map(tsChanges.map((c) => [c.absolute, c.after])));
  const rolledBack = new Set(result.regressions.map((r) => path.resolve(r.file)));
  for (const r of result.regressions) {
    plan.skipped.push({
      file: toPosix(path.relative(cwd, r.file)),
      message: `--typecheck: would gain type errors: ${r.messages.join("; ")}`,
    });
  }
  plan.changes = plan.changes.filter((c) => c.created || !rolledBack.has(c.absolute));
  plan.typecheck = {
    before: result.before,
    after: result.after,
    rolledBack: [...rolledBack].map((f) => toPosix(path.relative(cwd, f))),
  };
}

/** Re-reads each file to be changed: keeps its BOM and encoding, and skips files that changed since they were read. */
async function checkEncodings(plan: FixPlan): Promise<void> {
  const kept: FileChange[] = [];
  for (const change of plan.changes) {
    const bytes = await readBytes(change.absolute);
    if (bytes === null) {
      if (change.created) kept.push(change);
      else plan.skipped.push({ file: change.file, message: "disappeared during the run" });
      continue;
    }
    if (change.created) {
      plan.skipped.push({ file: change.file, message: "exists already; not overwritten" });
      continue;
    }
    const encoding = encodingOf(bytes, change.absolute);
    if (encoding === null) {
      plan.skipped.push({
        file: change.file,
        message: "declares a multi-byte legacy encoding; not written",
      });
      continue;
    }
    if (decodeText(bytes, encoding) !== change.before) {
      plan.skipped.push({ file: change.file, message: "changed while logical was running; not written" });
      continue;
    }
    if (encodeText(change.after, encoding) === null) {
      plan.skipped.push({
        file: change.file,
        message: `the result has characters ${encoding.label} cannot hold; not written`,
      });
      continue;
    }
    kept.push({ ...change, encoding });
  }
  plan.changes = kept;
}

/** Writes every planned change atomically. Returns the files written. */
export async function writeFixes(plan: FixPlan): Promise<string[]> {
  const written: string[] = [];
  for (const change of plan.changes) {
    if (change.created) await mkdir(path.dirname(change.absolute), { recursive: true });
    const bytes = encodeText(change.after, change.encoding);
    if (bytes === null) throw new Error(`internal: ${change.file} cannot be encoded after its check`);
    await writeFileAtomic(change.absolute, bytes);
    written.push(change.file);
  }
  return written;
}
