import { createRule } from "../src/engine/rule.js";
import { isTestOrDemo, keywordArg, positionalArg } from "../src/model/queries.js";
import { dottedHead, textOf } from "../src/model/source.js";
import type { Call, FileModel, Fix, ProjectModel, Range } from "../src/model/types.js";

export interface LoggerPerModuleOptions {
  /** Also report in test files. */
  includeTests: boolean;
}

/** Calls that create a root logger instance of their own (not a child of the shared one). */
const JS_ROOT_FACTORIES = new Set([
  "pino",
  "pino.default",
  "pino.pino",
  "winston.createLogger",
  "bunyan.createLogger",
  "bunyan",
]);
/** Names that are the module's own name, or close enough, at runtime. */
const MODULE_NAME_EXPRESSIONS = /^(?:__name__|__package__|__spec__\.name|__module__|self\.__class__\.__module__)/;

/** Directory and file names along the path: a logger named after one of them follows the package hierarchy. */
function pathSegments(path: string): Set<string> {
  const parts = path.split(/[\\/]/);
  const file = parts.pop() ?? "";
  return new Set([...parts, file.replace(/\.pyi?$/, "")]);
}

/** A module-level (or class-level) assignment: the logger this module logs through. */
function isModuleLogger(file: FileModel, call: Call): boolean {
  const kind = file.scopes[call.scope]!.kind;
  return call.assignedTo.length > 0 && (kind === "module" || kind === "class");
}

type Found = (range: Range, message: string, suggestion?: Fix) => void;

function checkPython(file: FileModel, found: Found): void {
  const library = file.role === "library";
  const segments = library ? pathSegments(file.path) : new Set<string>();
  for (const call of file.calls) {
    if (call.callee === "logging.Logger") {
      const rename: Fix | undefined =
        call.calleeText?.endsWith(".Logger") === true
          ? {
              title: "Use `getLogger`",
              edits: [{ range: [call.calleeRange[1] - "Logger".length, call.calleeRange[1]], text: "getLogger" }],
            }
          : undefined;
      found(
        call.range,
        "`logging.Logger(…)` creates a logger outside the hierarchy, so configuration never reaches it: use `logging.getLogger(__name__)`",
        rename,
      );
      continue;
    }
    if (call.callee !== "logging.getLogger") continue;
    const nameArg = keywordArg(call, "name") ?? positionalArg(call, 0);
    if (nameArg !== undefined) {
      const written = textOf(file, nameArg.value.range);
      if (written === "__file__" || written === "__cached__") {
        found(
          nameArg.value.range,
          `\`logging.getLogger(${written})\` names the logger after a file path: use \`__name__\``,
          {
            title: "Use `__name__`",
            edits: [{ range: nameArg.value.range, text: "__name__" }],
          },
        );
        continue;
      }
      if (!library || !isModuleLogger(file, call) || MODULE_NAME_EXPRESSIONS.test(written)) continue;
      if (nameArg.value.type !== "str") continue;
      const head = dottedHead(nameArg.value.value);
      // `getLogger("sklearn")` inside sklearn/: a package logger on purpose.
      if (segments.has(head)) continue;
      found(
        nameArg.value.range,
        `the module's logger has a hard-coded name ${written}: use \`logging.getLogger(__name__)\` so it sits in the package hierarchy`,
      );
    } else if (library && isModuleLogger(file, call)) {
      found(
        call.range,
        "the module logs through the root logger (`logging.getLogger()` without a name): use `logging.getLogger(__name__)`",
      );
    }
  }
}

function checkJs(file: FileModel, project: ProjectModel, found: Found): void {
  if (file.role !== "library" || project.loggerModules.includes(file.path)) return;
  for (const call of file.calls) {
    if (call.callee === null || !JS_ROOT_FACTORIES.has(call.callee)) continue;
    const shared = project.loggerModules.length > 0 ? "the project's logger module" : "one logger module";
    found(
      call.calleeRange,
      `\`${call.calleeText}(…)\` creates a root logger in a library module: import the logger from ${shared} and use \`logger.child({ module })\``,
    );
  }
}

export default createRule<LoggerPerModuleOptions>({
  meta: {
    id: "logger-per-module",
    step: 0,
    description:
      "loggers outside the module hierarchy: getLogger() / hard-coded names / logging.Logger, own root pino/winston",
    languages: ["python", "javascript"],
    fixable: false,
    defaultSeverity: "error",
    needles: { python: ["logging"], javascript: ["pino", "winston", "bunyan"] },
    skipsTests: true,
    ruffCodes: ["LOG001", "LOG002"],
  },
  defaultOptions: { includeTests: false },
  check({ file, project, options, report }) {
    if (isTestOrDemo(file, project) && !options.includeTests) return;
    const found: Found = (range, message, suggestion) =>
      report({ range, message: `${message} (footnote 1).`, ...(suggestion ? { suggestions: [suggestion] } : {}) });
    if (file.language === "python") checkPython(file, found);
    else checkJs(file, project, found);
  },
});
