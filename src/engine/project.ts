import type { FileModel, ProjectModel } from "../model/types.js";
import type { StageConfig } from "../stages/catalog.js";
import { checkedCallees, handlesShutdown, loggedCallees, logsRequests, stageSites } from "../stages/detect.js";

const REQUEST_LOGGING_MODULES = new Set([
  "pino-http",
  "morgan",
  "express-winston",
  "koa-logger",
  "hono/logger",
  "@fastify/request-logger",
]);
const LOGGING_CONFIG_CALLS = new Set([
  "logging.basicConfig",
  "logging.config.dictConfig",
  "logging.config.fileConfig",
  "structlog.configure",
]);
const LOGGER_MODULE = /(?:^|\/)(?:logger|logging|log|logs?_config|logging_config)\.(?:py|[cm]?[jt]s)$/;

/** What one file contributes to the project model: small, so files can be modelled anywhere (workers) and dropped. */
export interface FileFacts {
  path: string;
  isEntry: boolean;
  isLoggerModule: boolean;
  hasRequestLogging: boolean;
  hasLoggingConfig: boolean;
  /** Stage sites in the file: only files with some take part in the rules' second pass. */
  stageSites: number;
  loggedCallees: string[];
  checkedCallees: string[];
  handlesShutdown: boolean;
}

export function fileFacts(model: FileModel, stages?: StageConfig): FileFacts {
  return {
    path: model.path,
    isEntry: model.role === "entry",
    isLoggerModule: LOGGER_MODULE.test(model.path.split("\\").join("/")),
    hasRequestLogging: model.imports.some((i) => REQUEST_LOGGING_MODULES.has(i.module)) || logsRequests(model),
    hasLoggingConfig: model.calls.some((c) => c.callee !== null && LOGGING_CONFIG_CALLS.has(c.callee)),
    stageSites: stageSites(model, stages).length,
    loggedCallees: loggedCallees(model),
    checkedCallees: checkedCallees(model),
    handlesShutdown: handlesShutdown(model, stages),
  };
}

/**
 * The facts a path alone gives (logger modules), known before any file is
 * parsed. Rules that need more (entry points, request logging, logging
 * configuration) declare `needsProjectFacts` and run after every file's facts are in.
 */
export function projectFromPaths(root: string, paths: readonly string[]): ProjectModel {
  return {
    root,
    entryPoints: [],
    loggerModules: paths.filter((p) => LOGGER_MODULE.test(p.split("\\").join("/"))),
    hasRequestLogging: false,
    hasLoggingConfig: false,
    loggedCallees: [],
    checkedCallees: [],
    handlesShutdown: false,
  };
}

/** Cross-file facts, computed once per run from every file's facts. */
export function projectFromFacts(root: string, paths: readonly string[], facts: readonly FileFacts[]): ProjectModel {
  return {
    ...projectFromPaths(root, paths),
    entryPoints: facts.filter((f) => f.isEntry).map((f) => f.path),
    hasRequestLogging: facts.some((f) => f.hasRequestLogging),
    hasLoggingConfig: facts.some((f) => f.hasLoggingConfig),
    loggedCallees: [...new Set(facts.flatMap((f) => f.loggedCallees))].sort(),
    checkedCallees: [...new Set(facts.flatMap((f) => f.checkedCallees))].sort(),
    handlesShutdown: facts.some((f) => f.handlesShutdown),
  };
}

export function buildProjectModel(root: string, models: readonly FileModel[]): ProjectModel {
  return projectFromFacts(
    root,
    models.map((m) => m.path),
    models.map((m) => fileFacts(m)),
  );
}
