/**
 * Where a group of log records comes from, and what to do about it: the log
 * call in the project that writes it (its message matched against the log
 * calls the model knows), or the third-party module that raised it (from the
 * path a warnings line, a stack frame or a logger name gives). The advice is
 * the post's: fix it, downgrade it to INFO at that call, or suppress exactly
 * that warning.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { discoverFiles } from "../discover/discover.js";
import { toPosix } from "../discover/paths.js";
import { readSource } from "../discover/read-source.js";
import { buildFileModel } from "../languages/index.js";
import { messageArg } from "../model/queries.js";
import { dottedHead, escapeRegExp, lineColAt } from "../model/source.js";
import type { Expr, FileModel, LogLevel, LogSite } from "../model/types.js";
import type { Group } from "./groups.js";
import type { LogRecord, SourceLocation } from "./reader.js";
import { literalPrefix, templateOf } from "./template.js";

export type Origin = "project" | "third-party" | "unknown";

export interface Mapping {
  origin: Origin;
  /** The third-party module (`sklearn`, `urllib3.connectionpool`, `whatwg-url`), when known. */
  module?: string;
  /** The project's line: the log call, or the call a library warning points at. Relative to the working directory. */
  source?: SourceLocation;
  advice: string;
  /** The targeted suppression, when there is one: a `warnings.filterwarnings(…)` call, a Node flag. */
  suppress?: string;
}

/** A project log call, with its message as a pattern. */
interface Site {
  /** Relative to the working directory, `/`-separated. */
  file: string;
  line: number;
  lastLine: number;
  level: LogLevel | null;
  kind: LogSite["kind"];
  /** The call as written up to its arguments: `logger.warning`, `warnings.warn`. */
  callee: string;
  /** A full-match pattern for the message's first line, or null when the message is not a literal. */
  pattern: RegExp | null;
  /** Word characters of literal text in the message: the more, the surer a match. */
  literal: number;
  /** Dotted module name the file would have (`trainer.data`), for logger names. */
  module: string;
}

export interface ProjectIndex {
  root: string;
  sites: Site[];
  /** Files by their path relative to the working directory. */
  files: Set<string>;
  /** The same files by their path relative to the project root, for logs written on another machine. */
  byRootPath: Map<string, string>;
  /** Top-level Python packages and modules, and JS package names: logger names under them are the project's. */
  topModules: Set<string>;
  /** Files that could not be modelled: their log calls are not matched. */
  problems: { file: string; message: string }[];
  /** Imported module (`pandas`) of each call, by file and line: a library warning that points at user code. */
  importsByLine: Map<string, Map<number, string[]>>;
}

const PY_PLACEHOLDER = /%(?:\([^)]*\))?[-+ #0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa%]/g;
const JS_PLACEHOLDER = /%[sdifjoOc%]/g;
const WILD = Symbol("wild");
type Piece = string | typeof WILD;

/** The message of an expression as literal pieces and holes; null when nothing literal is known. */
function pieces(expr: Expr, model: FileModel): Piece[] {
  switch (expr.type) {
    case "str":
      return splitPlaceholders(expr.value, model.language === "python" ? PY_PLACEHOLDER : JS_PLACEHOLDER);
    case "fstring":
      return expr.parts.flatMap((p): Piece[] => (p.kind === "text" ? [p.value] : [WILD]));
    case "binop":
      if (expr.op === "+") return [...pieces(expr.left, model), ...pieces(expr.right, model)];
      if (expr.op === "%" && expr.left.type === "str") return pieces(expr.left, model);
      return [WILD];
    default:
      return [WILD];
  }
}

function splitPlaceholders(text: string, placeholder: RegExp): Piece[] {
  const out: Piece[] = [];
  let last = 0;
  for (const m of text.matchAll(placeholder)) {
    out.push(text.slice(last, m.index));
    out.push(m[0] === "%%" ? "%" : WILD);
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}

/** A pattern for the message's first line (records keep only that), and its count of literal word characters. */
function patternOf(parts: Piece[]): { pattern: RegExp | null; literal: number } {
  let source = "";
  let literal = 0;
  let open = false;
  for (const part of parts) {
    if (part === WILD) {
      if (!source.endsWith("[\\s\\S]*?")) source += "[\\s\\S]*?";
      continue;
    }
    const nl = part.indexOf("\n");
    const text = nl === -1 ? part : part.slice(0, nl);
    source += escapeRegExp(text);
    literal += (text.match(/\w/g) ?? []).length;
    if (nl !== -1) {
      open = true;
      break;
    }
  }
  if (literal < 3) return { pattern: null, literal };
  return { pattern: new RegExp(`^\\s*${source}${open ? "" : "\\s*$"}`), literal };
}

function moduleOfPath(relativeToRoot: string): string {
  const noExt = relativeToRoot.replace(/\.[^./]+$/, "").replace(/\/__init__$/, "");
  return noExt
    .replace(/^(?:src|lib)\//, "")
    .split("/")
    .join(".");
}

/** Reads and models the project's files and indexes their log calls. */
export async function indexProject(root: string, cwd: string, ignore: readonly string[] = []): Promise<ProjectIndex> {
  const { files, problems } = await discoverFiles([root], { cwd: root, ignore });
  const index: ProjectIndex = {
    root,
    sites: [],
    files: new Set(),
    byRootPath: new Map(),
    topModules: new Set(),
    problems: problems.map((p) => ({ file: rel(cwd, p.file), message: p.message })),
    importsByLine: new Map(),
  };
  for (const absolute of files) {
    const file = rel(cwd, absolute);
    const fromRoot = toPosix(path.relative(root, absolute));
    index.files.add(file);
    index.byRootPath.set(fromRoot, file);
    const top = fromRoot.replace(/^(?:src|lib)\//, "").split("/")[0]!;
    index.topModules.add(top.replace(/\.[^.]+$/, ""));
    const read = readSource(absolute);
    if (!read.ok) {
      index.problems.push({ file, message: read.reason });
      continue;
    }
    let model: FileModel;
    try {
      model = buildFileModel(read.text, absolute, "library");
    } catch (error) {
      index.problems.push({ file, message: `syntax error: ${(error as Error).message}` });
      continue;
    }
    const module = moduleOfPath(fromRoot);
    for (const site of model.logSites) {
      if (site.kind !== "logger" && site.kind !== "warnings") continue;
      const call = site.call === null ? null : model.calls[site.call]!;
      const arg = messageArg(model, site);
      const { pattern, literal } = arg ? patternOf(pieces(arg.value, model)) : { pattern: null, literal: 0 };
      index.sites.push({
        file,
        line: lineColAt(model.lineStarts, site.range[0]).line,
        lastLine: lineColAt(model.lineStarts, site.range[1]).line,
        level: site.level,
        kind: site.kind,
        callee: call?.calleeText ?? site.method,
        pattern,
        literal,
        module,
      });
    }
    const byLine = new Map<number, string[]>();
    for (const call of model.calls) {
      if (call.callee === null || call.callee.startsWith("builtins.")) continue;
      const callee = call.callee;
      const binding = model.imports.find(
        (i) => !i.module.startsWith(".") && (callee === i.target || callee.startsWith(`${i.target}.`)),
      );
      if (!binding) continue;
      const line = lineColAt(model.lineStarts, call.range[0]).line;
      byLine.set(line, [...(byLine.get(line) ?? []), dottedHead(binding.module)]);
    }
    index.importsByLine.set(file, byLine);
  }
  return index;
}

function rel(cwd: string, absolute: string): string {
  return toPosix(path.relative(cwd, absolute)) || path.basename(absolute);
}

/** `…/site-packages/sklearn/preprocessing/_encoders.py` → `sklearn`; `node_modules/@scope/pkg/x.js` → `@scope/pkg`. */
export function packageOfPath(file: string): string | null {
  const p = file.split("\\").join("/");
  const node = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*\/node_modules\/)/.exec(p);
  if (node) return node[1]!;
  const py = /(?:^|\/)(?:site|dist)-packages\/([^/]+)/.exec(p);
  if (py) return py[1]!.replace(/\.py$/, "");
  const stdlib = /(?:^|\/)lib\/python\d+(?:\.\d+)?\/([^/]+)/.exec(p);
  if (stdlib) return stdlib[1]!.replace(/\.py$/, "");
  return null;
}

function pythonString(text: string): string {
  return JSON.stringify(text);
}

/** `warnings.filterwarnings("ignore", message="…", category=X, module="m")`: as narrow as the record allows. */
export function pythonFilter(message: string, category: string | undefined, module: string | undefined): string {
  const args = ['"ignore"'];
  const prefix = literalPrefix(templateOf(message));
  if (prefix !== "") args.push(`message=${pythonString(escapeRegExp(prefix).replace(/\\([`])/g, "$1"))}`);
  if (category) args.push(`category=${category}`);
  if (module) args.push(`module=${pythonString(module)}`);
  return `warnings.filterwarnings(${args.join(", ")})`;
}

/** Resolves a path a log names to a project file (relative to the working directory), or null. */
function projectFile(index: ProjectIndex, cwd: string, file: string): string | null {
  const candidates = path.isAbsolute(file) ? [file] : [path.resolve(cwd, file), path.resolve(index.root, file)];
  for (const c of candidates) {
    const r = rel(cwd, c);
    if (index.files.has(r)) return r;
    // Python prints a script's path as it was given; a file outside the index still names the place.
    if (!r.startsWith("..") && !path.isAbsolute(r) && existsSync(c) && isInside(index.root, c)) return r;
  }
  // A log from another machine (CI, a container): `/home/ml/churn/trainer/data.py` is the project's `trainer/data.py`.
  const posix = toPosix(file);
  let best: string | null = null;
  let bestLength = 0;
  for (const [fromRoot, r] of index.byRootPath) {
    if (fromRoot.length > bestLength && posix.endsWith(`/${fromRoot}`)) {
      best = r;
      bestLength = fromRoot.length;
    }
  }
  return best;
}

function isInside(root: string, file: string): boolean {
  const r = path.relative(root, file);
  return r !== "" && !r.startsWith("..") && !path.isAbsolute(r);
}

/** The project file whose name (or dotted module) a short location gives: absl's `train.py`, loguru's `trainer.data`. */
function fileBySuffix(index: ProjectIndex, name: string): string | null {
  const asPath = name.endsWith(".py") || /\.[cm]?[jt]sx?$/.test(name) ? name : null;
  for (const site of index.sites) {
    if (asPath !== null ? site.file === asPath || site.file.endsWith(`/${asPath}`) : site.module === name)
      return site.file;
  }
  for (const f of index.files) if (asPath !== null && (f === asPath || f.endsWith(`/${asPath}`))) return f;
  return null;
}

function siteAt(index: ProjectIndex, file: string, line: number): Site | null {
  return index.sites.find((s) => s.file === file && s.line <= line && line <= s.lastLine) ?? null;
}

function levelFits(site: Site, record: LogRecord): boolean {
  if (site.level === null) return true;
  if (record.level === "warning") return site.level === "warning";
  return site.level === "error" || site.level === "critical";
}

/** The project log call whose message matches the record's, best first: logger module, then literal text. */
function matchSite(index: ProjectIndex, record: LogRecord): Site | null {
  let best: Site | null = null;
  let bestScore = -1;
  for (const site of index.sites) {
    if (site.pattern === null || site.kind !== "logger" || !levelFits(site, record)) continue;
    if (!site.pattern.test(record.message)) continue;
    const loggerMatches = record.logger !== null && (record.logger === site.module || record.logger === "__main__");
    const score = site.literal + (loggerMatches ? 1000 : 0);
    if (score > bestScore) {
      best = site;
      bestScore = score;
    }
  }
  return best;
}

const ROOT_LOGGERS = new Set(["root", "__main__", "main", "app", ""]);

function isThirdPartyLogger(index: ProjectIndex, logger: string | null): logger is string {
  // Without project files every name would look foreign: then nothing is said.
  if (logger === null || ROOT_LOGGERS.has(logger) || logger === "py.warnings" || index.files.size === 0) return false;
  return !index.topModules.has(dottedHead(logger));
}

/** The innermost traceback or stack frame in the project, and the innermost one in a package. */
function frames(
  index: ProjectIndex,
  cwd: string,
  detail: readonly string[],
): { project: SourceLocation | null; module: string | null } {
  let project: SourceLocation | null = null;
  let module: string | null = null;
  for (const line of detail) {
    const m = /^\s*File "([^"]+)", line (\d+)/.exec(line) ?? /^\s+at (?:.*? \()?(.+?):(\d+):\d+\)?$/.exec(line);
    if (!m) continue;
    const file = m[1]!.replace(/^file:\/\//, "");
    const pkg = packageOfPath(file);
    const python = /^\s*File "/.test(line);
    if (pkg !== null) {
      // Python lists frames outermost first, JS innermost first: keep the innermost.
      if (python || module === null) module = pkg;
      continue;
    }
    const local = projectFile(index, cwd, file);
    if (local !== null && (project === null || python)) project = { file: local, line: Number(m[2]) };
  }
  return { project, module };
}

/** The post's choice for a project's own message: fix it, or downgrade it at its call. */
function projectAdvice(group: Group, site: Site | null, where: string): string {
  if (site?.kind === "warnings") {
    return `fix the cause, or, if it needs no action, log it at INFO instead of \`warnings.warn\` at ${where}`;
  }
  if (group.level === "warning") {
    const dot = site?.callee.lastIndexOf(".") ?? -1;
    const call = site !== null && dot > 0 ? ` (\`${site.callee.slice(0, dot)}.info\`)` : "";
    return `fix the cause, or, if it needs no action, downgrade it to INFO at ${where}${call}`;
  }
  return `fix the cause: a run that logs an error should fail there; if it can go on, lower the level at ${where}`;
}

/** What a group is and what to do about it. */
export function mapGroup(group: Group, index: ProjectIndex, cwd: string): Mapping {
  const record = group.example;
  if (record.format === "python-warnings") return mapPythonWarning(group, index, cwd);
  if (record.format === "node-warning") return mapNodeWarning(group, index, cwd);
  if (record.location) {
    const loc = record.location;
    const file = projectFile(index, cwd, loc.file) ?? fileBySuffix(index, loc.file);
    if (file !== null) {
      const where = `${file}:${loc.line}`;
      const advice = projectAdvice(group, siteAt(index, file, loc.line), where);
      return { origin: "project", source: { file, line: loc.line }, advice };
    }
    if (record.format === "absl" && /^(?:tensorflow|xla|external|third_party)\//.test(loc.file)) {
      return {
        origin: "third-party",
        module: "tensorflow",
        advice:
          "fix the cause; TensorFlow's C++ logs are hidden by level only: TF_CPP_MIN_LOG_LEVEL=2 hides every C++ warning, not just this one",
      };
    }
  }
  const site = matchSite(index, record);
  if (site !== null) {
    const where = `${site.file}:${site.line}`;
    return {
      origin: "project",
      source: { file: site.file, line: site.line },
      advice: projectAdvice(group, site, where),
    };
  }
  if (isThirdPartyLogger(index, record.logger)) {
    const logger = record.logger;
    if (group.level === "warning") {
      const suppress = `logging.getLogger(${pythonString(logger)}).setLevel(logging.ERROR)`;
      return {
        origin: "third-party",
        module: logger,
        advice: `fix what the library warns about, or silence that logger's warnings: ${suppress}`,
        suppress,
      };
    }
    return { origin: "third-party", module: logger, advice: "fix the cause: the library logs an error" };
  }
  const named = /\S*(?:site|dist)-packages\/[^\s:]+/.exec(record.message);
  const pkg = named ? packageOfPath(named[0]) : null;
  if (pkg !== null) {
    return {
      origin: "third-party",
      module: pkg,
      advice: `fix the call ${pkg} warns about`,
    };
  }
  const found = frames(index, cwd, record.detail);
  if (record.format === "traceback" || record.format === "error-line") {
    const where = found.project
      ? ` (the traceback ends in the project at ${found.project.file}:${found.project.line})`
      : "";
    const mapping: Mapping = {
      origin: found.project ? "project" : found.module ? "third-party" : "unknown",
      advice: `fix the exception nothing caught${where}`,
    };
    if (found.project) mapping.source = found.project;
    else if (found.module) mapping.module = found.module;
    return mapping;
  }
  return {
    origin: "unknown",
    advice:
      index.sites.length > 0
        ? "no log call in the project writes this message: find what does (is --project the right directory?)"
        : "no project log calls were found to match (is --project the right directory?)",
  };
}

function mapPythonWarning(group: Group, index: ProjectIndex, cwd: string): Mapping {
  const record = group.example;
  const loc = record.location!;
  const category = record.category;
  const pkg = packageOfPath(loc.file);
  if (pkg !== null) {
    const suppress = pythonFilter(record.message, category, pkg);
    return {
      origin: "third-party",
      module: pkg,
      advice: `fix the call the warning is about, or suppress exactly this warning: ${suppress}`,
      suppress,
    };
  }
  const file = projectFile(index, cwd, loc.file);
  if (file === null) {
    const suppress = pythonFilter(record.message, category, undefined);
    return {
      origin: "unknown",
      advice: `${loc.file} is outside the project: fix the cause, or suppress exactly this warning: ${suppress}`,
      suppress,
    };
  }
  const where = `${file}:${loc.line}`;
  const site = siteAt(index, file, loc.line);
  if (site !== null && site.kind === "warnings") {
    return { origin: "project", source: { file, line: loc.line }, advice: projectAdvice(group, site, where) };
  }
  // A library warning raised with a stacklevel that points at the project's call (pandas does this).
  const suppress = pythonFilter(record.message, category, undefined);
  const mapping: Mapping = {
    origin: "third-party",
    source: { file, line: loc.line },
    advice: `change the call at ${where} as the warning says, or suppress exactly this warning: ${suppress}`,
    suppress,
  };
  const modules = [...new Set(index.importsByLine.get(file)?.get(loc.line) ?? [])];
  if (modules.length === 1) mapping.module = modules[0]!;
  return mapping;
}

function mapNodeWarning(group: Group, index: ProjectIndex, cwd: string): Mapping {
  const record = group.example;
  const flag = `--disable-warning=${record.code ?? record.category}`;
  const suppress = `node ${flag} (or NODE_OPTIONS=${flag})`;
  const found = frames(index, cwd, record.detail);
  if (found.module !== null) {
    return {
      origin: "third-party",
      module: found.module,
      advice: `upgrade or replace ${found.module}, or suppress exactly this warning: ${suppress}`,
      suppress,
    };
  }
  if (found.project !== null) {
    const where = `${found.project.file}:${found.project.line}`;
    return { origin: "project", source: found.project, advice: `fix the call at ${where} as the warning says` };
  }
  const trace = record.category === "DeprecationWarning" ? "--trace-deprecation" : "--trace-warnings";
  return {
    origin: "unknown",
    advice: `run node with ${trace} to see which module causes it; fix that, or suppress exactly this warning: ${suppress}`,
    suppress,
  };
}
