import type { FileModel, Language, ProjectModel } from "../model/types.js";
import type { StageConfig } from "../stages/catalog.js";
import { checkedCallees, handlesShutdown, loggedCallees, logsRequests, stageSites } from "../stages/detect.js";
import { stageNeedles } from "../stages/needles.js";
import type { NeedleSet } from "./needles.js";
import { NO_FACTS } from "./no-facts.js";

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
  /**
   * Names of the functions holding those sites: only calls of these names matter in other
   * files' `loggedCallees` and `checkedCallees` (a caller's log or check covers the site).
   */
  stageFunctions: string[];
  loggedCallees: string[];
  checkedCallees: string[];
  handlesShutdown: boolean;
  /**
   * false: no fact needle occurs in the file's code, so it was not modelled; every fact above
   * is known (empty) except the callee lists, which are gathered when a stage function's name
   * occurs in the file (see calleeNames).
   */
  modelled: boolean;
}

/**
 * `withStageFunctions` false: the file's stage sites are reported by no rule (a test or demo file
 * while no rule includes those), so no caller of its functions needs callee facts.
 */
export function fileFacts(model: FileModel, stages?: StageConfig, withStageFunctions = true): FileFacts {
  const sites = stageSites(model, stages);
  const functions = new Set<string>();
  for (const site of withStageFunctions ? sites : []) {
    for (const id of [site.scope, site.body]) {
      const scope = id === null ? undefined : model.scopes[id];
      if (scope && scope.kind !== "module" && scope.name !== "") functions.add(scope.name);
    }
  }
  return {
    path: model.path,
    isEntry: model.role === "entry",
    isLoggerModule: isLoggerModule(model.path),
    hasRequestLogging: model.imports.some((i) => REQUEST_LOGGING_MODULES.has(i.module)) || logsRequests(model),
    hasLoggingConfig: model.calls.some((c) => c.callee !== null && LOGGING_CONFIG_CALLS.has(c.callee)),
    stageSites: sites.length,
    stageFunctions: [...functions].sort(),
    loggedCallees: loggedCallees(model),
    checkedCallees: checkedCallees(model),
    handlesShutdown: handlesShutdown(model, stages),
    modelled: true,
  };
}

function isLoggerModule(file: string): boolean {
  return LOGGER_MODULE.test(file.split("\\").join("/"));
}

/** The facts of a file no fact needle occurs in (see factNeedles): known without modelling it. */
export function unmodelledFacts(file: string, isEntry: boolean): FileFacts {
  return { ...NO_FACTS, path: file, isEntry, isLoggerModule: isLoggerModule(file), modelled: false };
}

/**
 * Both languages: an entry point's `if __name__ == "__main__":` or a server's `x.listen(…)`;
 * request-logging hooks and middleware, an access log; logging configuration.
 */
const FACT_NEEDLES: NeedleSet = [
  "__main__",
  /(?:\.\s*|\[\s*["'`])listen(?![\w$])/,
  "after_request",
  "before_request",
  "middleware",
  "teardown_request",
  "accesslog",
  "fastify",
  ...REQUEST_LOGGING_MODULES,
  ...[...LOGGING_CONFIG_CALLS].map((c) => (c.startsWith("structlog.") ? "structlog" : c.split(".").pop()!)),
];

/**
 * Text a file's code must contain for fileFacts to find more than unmodelledFacts does
 * (callee lists aside); null when any file may hold a stage site (a wildcard marker in the config).
 */
export function factNeedles(language: Language, stages?: StageConfig): NeedleSet | null {
  // One list per configuration, so that lists built from it can be kept by identity.
  const key = stages ?? NO_STAGES;
  let byLanguage = factNeedleSets.get(key);
  if (!byLanguage) factNeedleSets.set(key, (byLanguage = new Map()));
  if (!byLanguage.has(language)) {
    const sites = stageNeedles(language, stages);
    byLanguage.set(language, sites === null ? null : [...sites, ...FACT_NEEDLES]);
  }
  return byLanguage.get(language)!;
}

const NO_STAGES: StageConfig = {};
const factNeedleSets = new WeakMap<StageConfig, Map<Language, NeedleSet | null>>();

/**
 * The names whose callers' logs and checks matter: the functions holding a stage site,
 * anywhere in the project. Callee lists are kept only for these names, so the project
 * model is the same whichever files were modelled.
 */
export function calleeNames(facts: readonly FileFacts[]): string[] {
  return [...new Set(facts.flatMap((f) => f.stageFunctions))].sort();
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
export function projectFromFacts(
  root: string,
  paths: readonly string[],
  facts: readonly FileFacts[],
  names: readonly string[] = calleeNames(facts),
): ProjectModel {
  const logged = new Set(facts.flatMap((f) => f.loggedCallees));
  const checked = new Set(facts.flatMap((f) => f.checkedCallees));
  return {
    ...projectFromPaths(root, paths),
    entryPoints: facts.filter((f) => f.isEntry).map((f) => f.path),
    hasRequestLogging: facts.some((f) => f.hasRequestLogging),
    hasLoggingConfig: facts.some((f) => f.hasLoggingConfig),
    loggedCallees: names.filter((n) => logged.has(n)),
    checkedCallees: names.filter((n) => checked.has(n)),
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
