import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { FileModel } from "../model/types.js";
import { JS_LOGGER_LIBRARIES, type JsLoggerLibrary, type JsLoggerOptions } from "./js-console.js";
import { findPackageJson } from "../package-root.js";

/**
 * The JS/TS logger the codemod converts console calls to: the project's
 * own logger module when it has one, else a new one on a real logging
 * library (pino, or what the project already depends on), never a
 * hand-rolled logger.
 */

export interface LoggerModule {
  /** Absolute path. */
  file: string;
  export: string;
  library: JsLoggerLibrary | null;
  /** Content when the module is to be created, else null. */
  create: string | null;
  /** package.json to add the library to (absolute path and new text), when it is missing there. */
  dependency: { file: string; name: string; version: string; text: string } | null;
}

const LOGGER_PATH = /(?:^|\/)(?:logger|logging|log|logs?_config|logging_config)(?:\/index)?\.[cm]?[jt]sx?$/;
const FACTORY = new Map<string, JsLoggerLibrary>([
  ["pino", "pino"],
  ["pino.default", "pino"],
  ["pino.pino", "pino"],
  ["winston.createLogger", "winston"],
  ["bunyan.createLogger", "bunyan"],
  ["log4js.getLogger", "log4js"],
  ["loglevel.getLogger", "loglevel"],
  ["consola.create", "consola"],
  ["consola.withTag", "consola"],
  ["tslog.Logger", "tslog"],
]);

function libraryOf(model: FileModel): JsLoggerLibrary | null {
  for (const imp of model.imports) {
    const name = imp.module.replace(/^node:/, "");
    if ((JS_LOGGER_LIBRARIES as readonly string[]).includes(name)) return name as JsLoggerLibrary;
  }
  return null;
}

/** The name a module exports its logger under (`logger`, or "default"), or null when it exports none. */
export function loggerExport(model: FileModel): string | null {
  const made = new Set<string>();
  for (const call of model.calls) {
    const lib = call.callee === null ? undefined : FACTORY.get(call.callee);
    if (lib !== undefined && call.scope === 0) for (const n of call.assignedTo) made.add(n);
  }
  const text = model.text;
  for (const m of text.matchAll(/export\s+(?:const|let|var)\s+([A-Za-z_$][\w$]*)/g)) if (made.has(m[1]!)) return m[1]!;
  const def = /export\s+default\s+([A-Za-z_$][\w$]*)\s*;?\s*$/m.exec(text);
  if (def && made.has(def[1]!)) return "default";
  if (/export\s+default\s+(?:pino|winston\.createLogger|bunyan\.createLogger|createLogger)\s*\(/.test(text))
    return "default";
  for (const m of text.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const spec of m[1]!.split(",")) {
      const [local, exported] = spec.trim().split(/\s+as\s+/);
      if (local && made.has(local)) return exported ?? local;
    }
  }
  const cjsObject = /module\.exports\s*=\s*\{([^}]*)\}/.exec(text);
  if (cjsObject) {
    for (const entry of cjsObject[1]!.split(",")) {
      const [key, value] = entry.split(":").map((s) => s.trim());
      if (key && made.has(value ?? key)) return key;
    }
  }
  const cjsValue = /module\.exports\s*=\s*([A-Za-z_$][\w$]*)\s*;?\s*$/m.exec(text);
  if (cjsValue && made.has(cjsValue[1]!)) return "default";
  for (const m of text.matchAll(/(?:module\.)?exports\.([A-Za-z_$][\w$]*)\s*=\s*([A-Za-z_$][\w$]*)/g)) {
    if (made.has(m[2]!)) return m[1]!;
  }
  return null;
}

/** The logger module a JS/TS file is, if it is one: it makes a logger and exports it. */
export function loggerCandidate(model: FileModel): LoggerModule | null {
  if (model.language !== "javascript") return null;
  const exported = loggerExport(model);
  if (exported === null) return null;
  return { file: model.path, export: exported, library: libraryOf(model), create: null, dependency: null };
}

/** The project's logger module among the candidates: one named like a logger module first, then the shortest path. */
export function pickLoggerModule(candidates: readonly LoggerModule[]): LoggerModule | null {
  const rank = (m: LoggerModule): number => Number(!LOGGER_PATH.test(m.file.split(path.sep).join("/")));
  const sorted = [...candidates].sort(
    (a, b) => rank(a) - rank(b) || a.file.length - b.file.length || (a.file < b.file ? -1 : 1),
  );
  return sorted[0] ?? null;
}

interface PackageJson {
  type?: string;
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

function readPackage(file: string | null): PackageJson {
  if (file === null) return {};
  try {
    return JSON.parse(readFileSync(file, "utf8")) as PackageJson;
  } catch {
    return {};
  }
}

const LOGGER_SOURCE: Record<"pino" | "winston", Record<"ts" | "esm" | "cjs", string>> = {
  pino: {
    ts: `import pino from "pino";

/** The project's logger; the level comes from LOG_LEVEL (default "info"). Created by \`logical fix\`. */
export const logger = pino({ level: process.env.LOG_LEVEL ?? "info" });
`,
    esm: `import pino from "pino";

/** The project's logger; the level comes from LOG_LEVEL (default "info"). Created by \`logical fix\`. */
export const logger = pino({ level: process.env.LOG_LEVEL ?? "info" });
`,
    cjs: `const pino = require("pino");

/** The project's logger; the level comes from LOG_LEVEL (default "info"). Created by \`logical fix\`. */
const logger = pino({ level: process.env.LOG_LEVEL || "info" });

module.exports = { logger };
`,
  },
  winston: {
    ts: `import winston from "winston";

/** The project's logger; the level comes from LOG_LEVEL (default "info"). Created by \`logical fix\`. */
export const logger = winston.createLogger({
  level: process.env.LOG_LEVEL ?? "info",
  // splat() fills %s/%o placeholders; errors() keeps an error's stack.
  format: winston.format.combine(winston.format.errors({ stack: true }), winston.format.splat(), winston.format.simple()),
  transports: [new winston.transports.Console()],
});
`,
    esm: `import winston from "winston";

/** The project's logger; the level comes from LOG_LEVEL (default "info"). Created by \`logical fix\`. */
export const logger = winston.createLogger({
  level: process.env.LOG_LEVEL ?? "info",
  // splat() fills %s/%o placeholders; errors() keeps an error's stack.
  format: winston.format.combine(winston.format.errors({ stack: true }), winston.format.splat(), winston.format.simple()),
  transports: [new winston.transports.Console()],
});
`,
    cjs: `const winston = require("winston");

/** The project's logger; the level comes from LOG_LEVEL (default "info"). Created by \`logical fix\`. */
const logger = winston.createLogger({
  level: process.env.LOG_LEVEL || "info",
  // splat() fills %s/%o placeholders; errors() keeps an error's stack.
  format: winston.format.combine(winston.format.errors({ stack: true }), winston.format.splat(), winston.format.simple()),
  transports: [new winston.transports.Console()],
});

module.exports = { logger };
`,
  },
};

/** pino 10 needs Node 20; a package that still supports older Node gets pino 9. */
function pinoVersion(pkg: PackageJson): string {
  const node = pkg.engines?.node ?? "";
  return /(?:^|[^\d])1[0-8](?:\.|\b)/.test(node) ? "^9.0.0" : "^10.0.0";
}

/** Adds a dependency to package.json text, keeping its indentation, key order (sorted, as npm keeps it) and final newline. */
export function addDependency(text: string, name: string, version: string): string {
  const json = JSON.parse(text) as Record<string, unknown>;
  const deps = { ...((json.dependencies as Record<string, string> | undefined) ?? {}), [name]: version };
  json.dependencies = Object.fromEntries(Object.entries(deps).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const indent = /^[ \t]+(?=")/m.exec(text)?.[0] ?? "  ";
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const out = JSON.stringify(json, null, indent).replace(/\n/g, eol);
  return /\r?\n$/.test(text) ? out + eol : out;
}

export interface NewLoggerContext {
  /** Where the run started: the package root is found upward from here. */
  cwd: string;
  /** The JS/TS files that will import the logger (absolute paths). */
  files: readonly string[];
  /** An explicit location (`--logger <module>`), absolute. */
  at?: string;
}

/** Plans a new logger module: where, on which library, in which module format, and the package.json change. */
export function planNewLoggerModule(context: NewLoggerContext): LoggerModule {
  const pkgFile = findPackageJson(context.cwd);
  const pkg = readPackage(pkgFile);
  const root = pkgFile ? path.dirname(pkgFile) : path.resolve(context.cwd);
  const deps = { ...pkg.peerDependencies, ...pkg.devDependencies, ...pkg.dependencies };
  const library: "pino" | "winston" = "pino" in deps ? "pino" : "winston" in deps ? "winston" : "pino";
  const typescript = existsSync(path.join(root, "tsconfig.json")) && context.files.some((f) => /\.[cm]?tsx?$/.test(f));
  let file = context.at;
  if (!file) {
    const srcDir = path.join(root, "src");
    const inSrc = context.files.length > 0 && context.files.every((f) => f.startsWith(srcDir + path.sep));
    const dir = inSrc ? srcDir : root;
    const ext = typescript ? ".ts" : ".js";
    file =
      ["logger", "log", "app-logger"].map((n) => path.join(dir, n + ext)).find((f) => !existsSync(f)) ??
      path.join(dir, `logical-logger${ext}`);
  }
  const ext = path.extname(file);
  const format: "ts" | "esm" | "cjs" = /\.[cm]?tsx?$/.test(ext)
    ? "ts"
    : ext === ".mjs" || (ext !== ".cjs" && pkg.type === "module")
      ? "esm"
      : "cjs";
  let dependency: LoggerModule["dependency"] = null;
  if (!(library in deps) && pkgFile) {
    const version = pinoVersion(pkg);
    dependency = {
      file: pkgFile,
      name: library,
      version,
      text: addDependency(readFileSync(pkgFile, "utf8"), library, version),
    };
  }
  return { file, export: "logger", library, create: LOGGER_SOURCE[library][format], dependency };
}

/** The options `no-print` needs to import a logger module. */
export function loggerOptions(
  module: LoggerModule,
  extensions: JsLoggerOptions["extensions"],
  specifier: string | null,
): JsLoggerOptions {
  return {
    module: module.file,
    export: module.export,
    library: module.library,
    specifier,
    extensions,
    moduleSystem: null,
  };
}

const typeCache = new Map<string, "esm" | "cjs">();

/** The module system package.json gives `.js` files in `dir` (`"type": "module"` → ESM, else CommonJS). */
export function packageModuleSystem(dir: string): "esm" | "cjs" {
  let system = typeCache.get(dir);
  if (system === undefined) {
    system = readPackage(findPackageJson(dir)).type === "module" ? "esm" : "cjs";
    typeCache.set(dir, system);
  }
  return system;
}
