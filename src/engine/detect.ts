/**
 * What `logical init` finds in a project: its languages, entry points and the
 * loggers it already uses, from the same discovery and models `check` uses.
 */
import path from "node:path";
import { JS_LOGGER_LIBRARIES } from "../codemod/js-console.js";
import { loggerCandidate } from "../codemod/logger-module.js";
import { discoverFiles } from "../discover/discover.js";
import { toPosix } from "../discover/paths.js";
import { readSource } from "../discover/read-source.js";
import { dottedHead } from "../model/source.js";
import { modelText } from "./analyse.js";

const PYTHON_LOGGERS = ["logging", "loguru", "structlog"];

export interface Detected {
  files: { python: number; js: number };
  /** Relative paths, sorted. */
  entryPoints: string[];
  /** Logging libraries imported, by language, sorted. */
  loggers: { python: string[]; js: string[] };
  /** A JS/TS module that makes and exports the project's logger (for `logical fix`), if one exists. */
  loggerModule: string | null;
}

export async function detectProject(cwd: string): Promise<Detected> {
  const { files } = await discoverFiles(["."], { cwd, ignore: [] });
  const found: Detected = {
    files: { python: 0, js: 0 },
    entryPoints: [],
    loggers: { python: [], js: [] },
    loggerModule: null,
  };
  const python = new Set<string>();
  const js = new Set<string>();
  for (const absolute of files) {
    const relative = toPosix(path.relative(cwd, absolute));
    const read = readSource(absolute);
    if (!read.ok) continue;
    const modelled = modelText(read.text, absolute, relative);
    if ("error" in modelled) continue;
    const model = modelled.model;
    const isPython = model.language === "python";
    found.files[isPython ? "python" : "js"]++;
    if (model.role === "entry") found.entryPoints.push(relative);
    for (const imp of model.imports) {
      const name = imp.module.replace(/^node:/, "");
      if (isPython && PYTHON_LOGGERS.includes(dottedHead(name))) python.add(dottedHead(name));
      if (!isPython && (JS_LOGGER_LIBRARIES as readonly string[]).includes(name)) js.add(name);
    }
    if (!isPython && found.loggerModule === null && loggerCandidate(model) !== null) found.loggerModule = relative;
  }
  found.entryPoints.sort();
  found.loggers = { python: [...python].sort(), js: [...js].sort() };
  return found;
}
