import { dottedHead } from "../model/source.js";
import type { FileModel, Statement, TextEdit } from "../model/types.js";
import { boundNames, pickFreeName } from "./names.js";
import { PYTHON_STDLIB } from "./python-stdlib.js";
import { detectEol, detectIndentUnit, indentAt, lineStartOf, nextLineStart } from "./source-style.js";

/**
 * What a Python file needs at its top for converted prints to run: `import
 * logging` with the other imports (after the docstring and `from __future__`
 * imports), a module logger after the import block, and in an entry point
 * that configures no logging, `logging.basicConfig(...)` at the start of the
 * `__main__` block. Existing imports and an existing module logger are
 * reused; new names never clash with names the file binds.
 */

const LOGGING_CONFIG = new Set(["logging.basicConfig", "logging.config.dictConfig", "logging.config.fileConfig"]);

export interface PythonNames {
  /** The module logger's name (`logger`, or the file's own `log`). */
  logger: string;
  /** The name `logging` is imported as. */
  logging: string;
  /** The module logger already exists (at this statement). */
  existingLogger: Statement | null;
  loggingImported: boolean;
  /** The name `os` is bound to, when imported. */
  os: string | null;
  /** How `pprint.pformat` is called (`pprint.pformat`, `pformat`) and whether it needs an import. */
  pformat: { call: string; importFrom: string | null; importModule: string | null } | null;
  /** Whether the builtin `format` is shadowed by a name in the file. */
  formatBuiltin: string | null;
}

export function moduleStatements(model: FileModel): Statement[] {
  const block = model.blocks[model.scopes[0]!.body]!;
  return block.statements.map((id) => model.statements[id]!);
}

function isModuleLevel(model: FileModel, statement: number): boolean {
  const st = model.statements[statement];
  return st !== undefined && st.block === model.scopes[0]!.body;
}

export function resolvePythonNames(model: FileModel): PythonNames {
  const bound = boundNames(model);
  const starImport = model.imports.some((i) => i.local === "*") || /^\s*from\s+\S+\s+import\s+\*/m.test(model.text);
  const moduleImport = (target: string): string | null =>
    model.imports.find((i) => i.target === target && isModuleLevel(model, i.statement))?.local ?? null;

  const loggingLocal = moduleImport("logging");
  const logging = loggingLocal ?? pickFreeName(model, ["logging", "_logging"], bound, starImport);

  let existingLogger: Statement | null = null;
  let logger: string | null = null;
  for (const call of model.calls) {
    if (call.callee !== "logging.getLogger" || call.scope !== 0 || !isModuleLevel(model, call.statement)) continue;
    const target = call.assignedTo[0];
    if (call.assignedTo.length !== 1 || !target || target.includes(".")) continue;
    existingLogger = model.statements[call.statement]!;
    logger = target;
    break;
  }
  logger ??= pickFreeName(model, ["logger", "_logger", "log", "module_logger"], bound, true);

  const pformatLocal = moduleImport("pprint.pformat");
  const pprintModule = moduleImport("pprint");
  let pformat: PythonNames["pformat"];
  if (pformatLocal) pformat = { call: pformatLocal, importFrom: null, importModule: null };
  else if (pprintModule) pformat = { call: `${pprintModule}.pformat`, importFrom: null, importModule: null };
  else if (!bound.has("pformat"))
    pformat = { call: "pformat", importFrom: "from pprint import pformat", importModule: null };
  else if (!bound.has("pprint")) pformat = { call: "pprint.pformat", importFrom: null, importModule: "pprint" };
  else pformat = null;

  return {
    logger,
    logging,
    existingLogger,
    loggingImported: loggingLocal !== null,
    os: moduleImport("os"),
    pformat,
    formatBuiltin: bound.has("format") ? null : "format",
  };
}

/** Whether the file (or, through `project`, the program) already configures logging. */
export function configuresLogging(model: FileModel): boolean {
  return model.calls.some((c) => c.callee !== null && LOGGING_CONFIG.has(c.callee));
}

export interface PythonHeaderNeeds {
  pformat: boolean;
  basicConfig: boolean;
  quote: '"' | "'";
}

export interface PythonHeader {
  edits: TextEdit[];
  /** Module-level code before this offset runs before the logger exists. */
  readyAt: number;
  /** What the header adds, for the fix title. */
  adds: string[];
}

interface Insertion {
  offset: number;
  /** Order among insertions at one offset: imports by sort key, then the logger. */
  order: string;
  text: string;
  /** Starts a new import section: a blank line follows the group. */
  section?: boolean;
}

const DOCSTRING = /^[rRuU]{0,2}("""|'''|"|')/;

function importModuleName(model: FileModel, st: Statement): string {
  const m = /^(?:from\s+(\S+)|import\s+([\w.]+))/.exec(model.text.slice(st.range[0], st.range[1]));
  return (m?.[1] ?? m?.[2] ?? "").toLowerCase();
}

function isFromImport(model: FileModel, st: Statement): boolean {
  return model.text.startsWith("from", st.range[0]);
}

/** Whether a blank line separates two statements (an isort section break). */
function blankLineBetween(text: string, end: number, start: number): boolean {
  return /\n[ \t]*\r?\n/.test(text.slice(end, start).replace(/\r(?!\n)/g, "\n"));
}

export function planPythonHeader(model: FileModel, names: PythonNames, needs: PythonHeaderNeeds): PythonHeader {
  const text = model.text;
  const eol = detectEol(text);
  const q = needs.quote;
  const statements = moduleStatements(model);
  const insertions: Insertion[] = [];
  const adds: string[] = [];

  // The docstring and `from __future__` imports stay first.
  let i = 0;
  if (statements[0]?.kind === "expr" && DOCSTRING.test(text.slice(statements[0].range[0], statements[0].range[0] + 4)))
    i++;
  while (statements[i]?.kind === "import" && /^from\s+__future__\b/.test(text.slice(statements[i]!.range[0]))) i++;
  const afterPrologue = i > 0 ? statements[i - 1]! : null;
  while (statements[i] && statements[i]!.kind !== "import") i++;
  const run: Statement[] = [];
  while (statements[i]?.kind === "import") run.push(statements[i++]!);
  // isort sections (blank-line separated); new imports join the standard-library one.
  const sections: Statement[][] = [];
  for (const st of run) {
    const current = sections[sections.length - 1];
    const prev = current?.[current.length - 1];
    if (!current || (prev && blankLineBetween(text, prev.range[1], st.range[0]))) sections.push([st]);
    else current.push(st);
  }
  const stdlibSection = sections.find((sec) =>
    sec.every((st) => PYTHON_STDLIB.has(dottedHead(importModuleName(model, st)))),
  );
  // Imports stay before the code they would otherwise follow: a run that
  // starts after module-level code is not "the import block".
  const firstCode = statements.find(
    (s, k) => k >= (afterPrologue ? statements.indexOf(afterPrologue) + 1 : 0) && s.kind !== "import",
  );
  const runUsable = run.length > 0 && (!firstCode || firstCode.range[0] > run[0]!.range[0]);

  const afterLine = (offset: number): number => nextLineStart(text, offset);
  const lineBreakBefore = (offset: number): string => (offset === text.length && !/[\r\n]$/.test(text) ? eol : "");

  const addImport = (line: string, key: string, isFrom: boolean): void => {
    adds.push(`\`${line}\``);
    if (!runUsable) {
      insertions.push({ offset: -1, order: `0${isFrom ? 1 : 0}${key}`, text: line + eol });
      return;
    }
    if (!stdlibSection) {
      // A standard-library section of its own, before the third-party one.
      const offset = lineStartOf(model, run[0]!.range[0]);
      insertions.push({ offset, order: `0${isFrom ? 1 : 0}${key}`, text: line + eol, section: true });
      return;
    }
    const before = stdlibSection.find((st) =>
      isFrom
        ? isFromImport(model, st) && importModuleName(model, st) > key
        : isFromImport(model, st) || importModuleName(model, st) > key,
    );
    const offset = before
      ? lineStartOf(model, before.range[0])
      : afterLine(stdlibSection[stdlibSection.length - 1]!.range[1]);
    insertions.push({ offset, order: `0${isFrom ? 1 : 0}${key}`, text: lineBreakBefore(offset) + line + eol });
  };

  if (!names.loggingImported) {
    addImport(names.logging === "logging" ? "import logging" : `import logging as ${names.logging}`, "logging", false);
  }
  if (needs.pformat && names.pformat?.importFrom) addImport(names.pformat.importFrom, "pprint", true);
  if (needs.pformat && names.pformat?.importModule) addImport(`import ${names.pformat.importModule}`, "pprint", false);

  let readyAt = names.existingLogger ? names.existingLogger.range[1] : 0;
  let basicConfig: TextEdit | null = null;
  if (needs.basicConfig && model.mainBlock !== null) {
    const first = model.blocks[model.mainBlock]?.statements[0];
    const st = first === undefined ? null : model.statements[first]!;
    const owner = model.blocks[model.mainBlock]?.owner;
    const ownerStart =
      owner === null || owner === undefined ? -1 : lineStartOf(model, model.statements[owner]!.range[0]);
    // A main block written on the `if` line (`if __name__ == "__main__": main()`) has no line to insert before.
    if (st && lineStartOf(model, st.range[0]) !== ownerStart) {
      let os = names.os;
      if (os === null && !boundNames(model).has("os")) {
        addImport("import os", "os", false);
        os = "os";
      }
      const level = os ? `${os}.environ.get(${q}LOG_LEVEL${q}, ${q}INFO${q}).upper()` : `${names.logging}.INFO`;
      const indent = indentAt(model, st.range[0]);
      const inner = indent + detectIndentUnit(text);
      const call = [
        `${indent}${names.logging}.basicConfig(`,
        `${inner}level=${level},`,
        `${inner}format=${q}%(asctime)s %(levelname)s %(name)s: %(message)s${q},`,
        `${indent})`,
      ].join(eol);
      const at = lineStartOf(model, st.range[0]);
      basicConfig = { range: [at, at], text: `${call}${eol}` };
      adds.push("`logging.basicConfig(...)` in the `__main__` block");
    }
  }

  if (!names.existingLogger) {
    const decl = `${names.logger} = ${names.logging}.getLogger(__name__)`;
    adds.push(`\`${decl}\``);
    if (runUsable) {
      const offset = afterLine(run[run.length - 1]!.range[1]);
      insertions.push({ offset, order: "1", text: `${lineBreakBefore(offset)}${eol}${decl}${eol}` });
      readyAt = offset;
    } else {
      insertions.push({ offset: -1, order: "1", text: `${eol}${decl}${eol}` });
    }
  }

  // Without a usable import block, imports and the logger go after the
  // docstring / __future__ imports, or before the first statement.
  const floating = insertions.filter((ins) => ins.offset === -1).sort((a, b) => (a.order < b.order ? -1 : 1));
  const edits: TextEdit[] = [];
  if (floating.length > 0) {
    let body = floating.map((f) => f.text).join("");
    let offset: number;
    if (afterPrologue) {
      offset = afterLine(afterPrologue.range[1]);
      body = lineBreakBefore(offset) + eol + body;
    } else {
      offset = statements[0] ? lineStartOf(model, statements[0].range[0]) : text.length;
      body = body.replace(/^(?:\r?\n)/, "");
    }
    // Blank lines after the new header: two before a def or class (PEP 8), one before other code.
    const following = text.slice(offset, nextLineStart(text, offset));
    if (following.trim() !== "") body += /^(?:@|def |class |async def )/.test(following) ? eol + eol : eol;
    edits.push({ range: [offset, offset], text: body });
    readyAt = offset;
  }
  const placed = insertions
    .filter((ins) => ins.offset !== -1)
    .sort((a, b) => a.offset - b.offset || (a.order < b.order ? -1 : 1));
  const newSection = placed.filter((ins) => ins.section);
  for (const ins of placed) {
    const last = newSection[newSection.length - 1];
    edits.push({ range: [ins.offset, ins.offset], text: ins === last ? ins.text + eol : ins.text });
  }
  if (basicConfig) edits.push(basicConfig);
  return { edits: joinInsertions(edits), readyAt, adds };
}

/** One edit per insertion point (stable order), so fixes sharing a header never collide. */
export function joinInsertions(edits: readonly TextEdit[]): TextEdit[] {
  const sorted = edits.map((e, k) => ({ e, k })).sort((a, b) => a.e.range[0] - b.e.range[0] || a.k - b.k);
  const out: TextEdit[] = [];
  for (const { e } of sorted) {
    const last = out[out.length - 1];
    if (last && last.range[0] === e.range[0] && last.range[1] === last.range[0] && e.range[1] === e.range[0]) {
      out[out.length - 1] = { range: last.range, text: last.text + e.text };
    } else out.push(e);
  }
  return out;
}
