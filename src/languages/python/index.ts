/**
 * The Python frontend: a hand-written tokenizer and recursive-descent parser
 * that build the language-neutral FileModel directly (no syntax tree).
 */
import { buildLogSites } from "../../model/log-sites.js";
import type { Comment, FileModel, FileRole } from "../../model/types.js";
import { computeLineStarts } from "../../model/source.js";
import { syntaxError } from "./errors.js";
import { Parser } from "./parser.js";
import { tokenize } from "./tokenizer.js";

export { decodePythonSource } from "./decode.js";

/**
 * Parses Python source (3.8–3.13 syntax) into a FileModel. Throws ParseError
 * (1-based line, 0-based column) on a syntax error. `text` may start with a
 * BOM; offsets are UTF-16 offsets into `text` as given.
 */
export function parsePython(text: string, path: string, role: FileRole): FileModel {
  const lineStarts = computeLineStarts(text);
  const comments: Comment[] = [];
  const tokens = tokenize(text, lineStarts, comments);
  const p = new Parser(text, lineStarts, tokens);
  try {
    p.parseModule();
  } catch (e) {
    // Pathological nesting (`not not not …`, `- - - …` thousands deep) can
    // exhaust the stack; CPython rejects such sources too.
    if (e instanceof RangeError) throw syntaxError(lineStarts, "too many nested expressions", 0);
    throw e;
  }
  const model: FileModel = {
    path,
    language: "python",
    text,
    lineStarts,
    role,
    imports: p.imports,
    scopes: p.scopes,
    blocks: p.blocks,
    statements: p.statements,
    calls: p.calls,
    logSites: [],
    loops: p.loops,
    handlers: p.handlers,
    comments,
    mainBlock: p.mainBlock,
    moduleSystem: null,
  };
  model.logSites = buildLogSites(model);
  return model;
}
