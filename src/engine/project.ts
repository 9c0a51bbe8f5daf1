import type { FileModel, ProjectModel } from "../model/types.js";

const REQUEST_LOGGING_MODULES = new Set(["pino-http", "morgan", "express-winston", "koa-logger", "hono/logger", "@fastify/request-logger"]);
const LOGGING_CONFIG_CALLS = new Set([
  "logging.basicConfig",
  "logging.config.dictConfig",
  "logging.config.fileConfig",
  "structlog.configure",
]);
const LOGGER_MODULE = /(?:^|\/)(?:logger|logging|log|logs?_config|logging_config)\.(?:py|[cm]?[jt]s)$/;

/** Cross-file facts, computed once per run from every file's model. */
export function buildProjectModel(root: string, models: readonly FileModel[]): ProjectModel {
  const project: ProjectModel = {
    root,
    entryPoints: [],
    loggerModules: [],
    hasRequestLogging: false,
    hasLoggingConfig: false,
  };
  for (const model of models) {
    if (model.role === "entry") project.entryPoints.push(model.path);
    if (LOGGER_MODULE.test(model.path.split("\\").join("/"))) project.loggerModules.push(model.path);
    if (model.imports.some((i) => REQUEST_LOGGING_MODULES.has(i.module))) project.hasRequestLogging = true;
    if (model.calls.some((c) => c.callee !== null && LOGGING_CONFIG_CALLS.has(c.callee))) project.hasLoggingConfig = true;
  }
  return project;
}
