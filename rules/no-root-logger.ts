import { createRule } from "../src/engine/rule.js";
import { isTestOrDemo, receiverCall } from "../src/model/queries.js";
import type { Call, FileModel, ImportBinding, ProjectModel, Range } from "../src/model/types.js";

export interface NoRootLoggerOptions {
  /** Also report root-logger calls (`logging.info(…)`) in entry points and scripts, as Ruff's LOG015 does. */
  includeEntryPoints: boolean;
  /** Also report in test files. */
  includeTests: boolean;
}

/** JS logging libraries whose module object is itself a process-wide logger. */
const JS_GLOBAL_LOGGERS = new Set(["winston", "loglevel", "log4js", "npmlog", "signale", "consola"]);
const JS_LEVEL_METHODS = new Set(["trace", "debug", "verbose", "silly", "info", "warn", "error", "fatal", "log"]);
/** Calls that configure a logger's level or transports. */
const JS_CONFIGURE_METHODS = new Set(["configure", "setLevel", "setDefaultLevel", "enableAll", "disableAll"]);
const RELATIVE_LOGGER_MODULE = /^\.{1,2}\/(?:.*\/)?(?:logger|logging|log|logs)(?:\.[cm]?[jt]s)?$/;

/** `def main():` and friends run as the program's entry, even when their module is imported by a launcher. */
const ENTRY_FUNCTION = /^_*(?:main|cli|run_cli|entry_?point|console_main)$/;

function inEntryFunction(file: FileModel, call: Call): boolean {
  for (let s: number | null = call.scope; s !== null; s = file.scopes[s]!.parent) {
    const scope = file.scopes[s]!;
    if (scope.kind === "function" && ENTRY_FUNCTION.test(scope.name)) return true;
  }
  return false;
}

function isLibrary(file: FileModel): boolean {
  return file.role === "library";
}

/** Python: root logger calls, `basicConfig`, and the root's level set from a library module. */
function checkPython(
  file: FileModel,
  project: ProjectModel,
  options: NoRootLoggerOptions,
  found: (range: Range, message: string) => void,
): void {
  const library = isLibrary(file) || file.role === "test";
  if (!library && !options.includeEntryPoints) return;
  for (const site of file.logSites) {
    if (site.kind !== "logger" || !site.isRoot || site.call === null) continue;
    found(
      file.calls[site.call]!.range,
      `\`logging.${site.method}()\` logs on the root logger: use a module logger, \`logger = logging.getLogger(__name__)\`, so its output can be told apart and configured`,
    );
  }
  // A logging-configuration module (`log.py`, `logging_config.py`) is where configuration belongs.
  if (!library || project.loggerModules.includes(file.path)) return;
  for (const call of file.calls) {
    if (inEntryFunction(file, call)) continue;
    if (call.callee === "logging.basicConfig") {
      found(
        call.range,
        "`logging.basicConfig(…)` in a library module configures the whole program's logging: leave it to the entry point",
      );
    } else if (
      call.method === "setLevel" &&
      (call.callee === "logging.root.setLevel" || isRootGetLogger(receiverCall(file, call)))
    ) {
      found(
        call.range,
        "a library module sets the root logger's level: set the level of this module's logger, or leave it to the entry point",
      );
    }
  }
}

function isRootGetLogger(call: Call | null): boolean {
  return call !== null && call.callee === "logging.getLogger" && call.args.length === 0;
}

/** Imported names that are the project's shared logger or a global logging library. */
function sharedLoggerNames(file: FileModel): Map<string, ImportBinding> {
  const names = new Map<string, ImportBinding>();
  for (const imp of file.imports) {
    if (JS_GLOBAL_LOGGERS.has(imp.module) || RELATIVE_LOGGER_MODULE.test(imp.module)) names.set(imp.local, imp);
  }
  return names;
}

/** JS: logging on a library's global logger, or configuring the shared logger's level, outside the entry point. */
function checkJs(file: FileModel, project: ProjectModel, found: (range: Range, message: string) => void): void {
  if (!isLibrary(file) || project.loggerModules.includes(file.path)) return;
  const shared = sharedLoggerNames(file);
  if (shared.size === 0) return;
  for (const call of file.calls) {
    if (call.callee === null || call.receiverText === null || call.method === null) continue;
    const binding = shared.get(call.receiverText);
    if (!binding) continue;
    if (
      JS_GLOBAL_LOGGERS.has(binding.module) &&
      binding.target === binding.module &&
      JS_LEVEL_METHODS.has(call.method)
    ) {
      found(
        call.range,
        `\`${call.calleeText}()\` logs on ${binding.module}'s global logger: create a named logger (a child of the project's logger) for this module`,
      );
    } else if (JS_CONFIGURE_METHODS.has(call.method)) {
      found(
        call.range,
        `\`${call.calleeText}()\` configures the shared logger from a library module: configure logging once, in the entry point or the logger module`,
      );
    }
  }
  for (const stmt of file.statements) {
    if (stmt.kind !== "assign") continue;
    const target = stmt.targets.find((t) => t.endsWith(".level") && shared.has(t.slice(0, -".level".length)));
    if (target)
      found(
        stmt.range,
        `\`${target} = …\` sets the shared logger's level from a library module: configure logging once, in the entry point or the logger module`,
      );
  }
}

export default createRule<NoRootLoggerOptions>({
  meta: {
    id: "no-root-logger",
    step: 0,
    description: "library modules that log on, configure or set the level of the root logger",
    languages: ["python", "javascript"],
    fixable: false,
    defaultSeverity: "error",
    needles: {
      python: ["logging"],
      // An import of a global logger, or of the project's logger module.
      javascript: [
        new RegExp(`["'\`](?:${[...JS_GLOBAL_LOGGERS].join("|")})["'\`]`),
        /\/(?:logger|logging|log|logs)(?:\.[cm]?[jt]s)?["'`]/,
      ],
    },
    skipsTests: true,
    ruffCodes: ["LOG015"],
  },
  defaultOptions: { includeEntryPoints: false, includeTests: false },
  check({ file, project, options, report }) {
    if (isTestOrDemo(file, project) && !options.includeTests) return;
    const found = (range: Range, message: string): void => report({ range, message: `${message} (footnote 1).` });
    if (file.language === "python") checkPython(file, project, options, found);
    else checkJs(file, project, found);
  },
});
