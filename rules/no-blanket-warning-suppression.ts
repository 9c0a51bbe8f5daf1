import { createRule } from "../src/engine/rule.js";
import { isTestOrDemo, keywordArg, positionalArg, receiverCall } from "../src/model/queries.js";
import { textOf } from "../src/model/source.js";
import type { Arg, Call, FileModel, Range, Statement } from "../src/model/types.js";

export interface NoBlanketWarningSuppressionOptions {
  /** Also report in test files, where silencing warnings around one call is common. */
  includeTests: boolean;
}

/** Levels above WARNING: setting the root logger there silences every warning. */
const SILENCING_LEVELS = /^(?:(?:logging\.)?(?:ERROR|CRITICAL|FATAL)|["'](?:ERROR|CRITICAL|FATAL)["']|40|50)$/;
/** Node globals whose replacement hides warnings: `process.emitWarning = () => {}`, `process.noDeprecation = true`. */
const JS_SILENCING_TARGETS = new Set(["process.noDeprecation", "process.emitWarning", "process.env.NODE_NO_WARNINGS"]);
const WARNING_LISTENERS = new Set(["process.on", "process.addListener", "process.prependListener", "process.once"]);
/** Console methods: replacing them with an empty function drops every warning and error written to them. */
const JS_CONSOLE_TARGETS = new Set(["console.warn", "console.error"]);

const TARGETED =
  'suppress only the warning you decided is harmless, e.g. `warnings.filterwarnings("ignore", category=FutureWarning, module="sklearn")`';

function isString(arg: Arg | undefined, value: string): boolean {
  return arg?.value.type === "str" && arg.value.value === value;
}

/** A filter argument that narrows: a non-empty message or module, any category. */
function narrows(arg: Arg | undefined): boolean {
  if (arg === undefined) return false;
  if (arg.value.type === "str") return arg.value.value !== "";
  return arg.value.type !== "none";
}

function levelText(file: FileModel, arg: Arg | undefined): string {
  return arg === undefined ? "" : textOf(file, arg.value.range).replace(/\s+/g, "");
}

/** `root = logging.getLogger()`: names bound to the root logger, and the root logger calls themselves. */
function isRootLoggerCall(call: Call | null): boolean {
  return call !== null && call.callee === "logging.getLogger" && call.args.length === 0;
}

/** What is wrong with a Python call, or null. */
function pythonProblem(file: FileModel, call: Call, rootNames: Set<string>): string | null {
  switch (call.callee) {
    case "warnings.filterwarnings": {
      const action = keywordArg(call, "action") ?? positionalArg(call, 0);
      if (!isString(action, "ignore")) return null;
      const narrowed =
        [1, 2, 3].some((i) => narrows(positionalArg(call, i))) ||
        ["message", "category", "module"].some((k) => narrows(keywordArg(call, k)));
      return narrowed ? null : `\`warnings.filterwarnings("ignore")\` hides every warning: ${TARGETED}`;
    }
    case "warnings.simplefilter": {
      const action = keywordArg(call, "action") ?? positionalArg(call, 0);
      if (!isString(action, "ignore")) return null;
      if (narrows(positionalArg(call, 1)) || narrows(keywordArg(call, "category"))) return null;
      return `\`warnings.simplefilter("ignore")\` hides every warning: ${TARGETED}`;
    }
    case "logging.disable": {
      const level = levelText(file, keywordArg(call, "level") ?? positionalArg(call, 0));
      if (/^(?:logging\.)?NOTSET$|^0$/.test(level)) return null;
      return "`logging.disable(…)` silences logging everywhere: raise the level of the one noisy logger instead, in the logging configuration";
    }
    case "logging.basicConfig": {
      const level = levelText(file, keywordArg(call, "level"));
      if (!SILENCING_LEVELS.test(level)) return null;
      return `\`logging.basicConfig(level=${level})\` hides every warning: keep the root at WARNING or below and raise only the noisy loggers`;
    }
    case "numpy.seterr": {
      const all = keywordArg(call, "all") ?? positionalArg(call, 0);
      if (!isString(all, "ignore")) return null;
      return '`numpy.seterr(all="ignore")` hides every floating-point warning: ignore only the one you expect (`divide="ignore"`), or use `numpy.errstate` around the one computation';
    }
  }
  if (call.method !== "setLevel") return null;
  const onRoot =
    call.callee === "logging.root.setLevel" ||
    (call.receiverText !== null && rootNames.has(call.receiverText)) ||
    isRootLoggerCall(receiverCall(file, call));
  const level = levelText(file, positionalArg(call, 0));
  if (!onRoot || !SILENCING_LEVELS.test(level)) return null;
  return `setting the root logger to ${level} hides every warning: raise the level of the noisy logger only, e.g. \`logging.getLogger("urllib3").setLevel(logging.ERROR)\``;
}

/** A JS assignment that silences warnings, or null. */
function jsAssignmentProblem(file: FileModel, stmt: Statement): string | null {
  for (const target of stmt.targets) {
    if (JS_SILENCING_TARGETS.has(target)) {
      return `\`${target} = …\` hides every Node warning: fix the cause, or filter the one warning by its code in a \`process.on("warning")\` listener`;
    }
    if (JS_CONSOLE_TARGETS.has(target) && assignsEmptyFunction(file, stmt)) {
      return `\`${target} = () => {}\` drops every \`${target}\` message: fix or filter the one message you decided is harmless`;
    }
  }
  return null;
}

/** The statement's value is a function with an empty body (`() => {}`, `function () {}`). */
function assignsEmptyFunction(file: FileModel, stmt: Statement): boolean {
  return file.scopes.some(
    (s) =>
      s.range[0] >= stmt.range[0] &&
      s.range[1] <= stmt.range[1] &&
      s.kind !== "class" &&
      s.kind !== "module" &&
      file.blocks[s.body]!.statements.length === 0,
  );
}

export default createRule<NoBlanketWarningSuppressionOptions>({
  meta: {
    id: "no-blanket-warning-suppression",
    step: 6,
    description: 'suppressing all warnings at once (filterwarnings("ignore"), logging.disable, process.noDeprecation)',
    languages: ["python", "javascript"],
    fixable: false,
    defaultSeverity: "error",
    needles: {
      python: ["filterwarnings", "simplefilter", "disable", "basicConfig", "setLevel", "seterr"],
      // `console.warn = () => {}` (or `console["error"] = …`).
      javascript: [
        "removeAllListeners",
        "noDeprecation",
        "emitWarning",
        "NODE_NO_WARNINGS",
        ["console", /(?:warn|error)["'`]?\s*\]?\s*=(?![=>])/],
      ],
    },
    skipsTests: true,
  },
  defaultOptions: { includeTests: false },
  check({ file, project, options, report }) {
    if (isTestOrDemo(file, project) && !options.includeTests) return;
    const found = (range: Range, problem: string): void => report({ range, message: `${problem} (step 6).` });
    if (file.language === "python") {
      const rootNames = new Set<string>();
      for (const call of file.calls) {
        if (isRootLoggerCall(call)) for (const n of call.assignedTo) rootNames.add(n);
        const problem = pythonProblem(file, call, rootNames);
        if (problem !== null) found(call.range, problem);
      }
      return;
    }
    // Removing Node's printer to install a filtering listener of one's own is the targeted form.
    const ownListener = file.calls.some(
      (c) => c.callee !== null && WARNING_LISTENERS.has(c.callee) && isString(positionalArg(c, 0), "warning"),
    );
    for (const call of file.calls) {
      if (call.callee !== "process.removeAllListeners" || ownListener) continue;
      const event = positionalArg(call, 0);
      if (event === undefined || isString(event, "warning")) {
        found(
          call.range,
          '`process.removeAllListeners("warning")` hides every Node warning: fix the cause, or filter the one warning by its code in your own listener',
        );
      }
    }
    // Every statement of the file: an indexed loop allocates no iterator (see the README's Speed).
    for (let at = 0; at < file.statements.length; at++) {
      const stmt = file.statements[at]!;
      if (stmt.kind !== "assign" || stmt.targets.length === 0) continue;
      const problem = jsAssignmentProblem(file, stmt);
      if (problem !== null) found(stmt.range, problem);
    }
  },
});
