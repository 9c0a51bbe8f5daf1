import { visitorKeys } from "oxc-parser";
import { parseSync, type NativeParseResult } from "oxc-parser/src-js/bindings";
import { jsonParseAst } from "oxc-parser/src-js/wrap.js";
import { lineColAt, computeLineStarts } from "../../model/source.js";
import { ParseError, type CommentSpan, type FileModel, type FileRole } from "../../model/types.js";
import { buildJsModel, type EsNode } from "./estree-model.js";

export const JS_EXTENSIONS = [".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".mts", ".cts"] as const;

/**
 * oxc's native result, read field by field. `parseSync` from the package's main entry reads every
 * field up front, including the module record (imports and exports as objects), which the model
 * does not use; skipping it saves about a fifth of the parse's CPU time. The program's JSON is
 * parsed only when the model is built, so a syntax check moves no tree into JavaScript.
 */
function parse(text: string, path: string): { result: NativeParseResult; error: ParseError | null } {
  const result = parseSync(path, text, { preserveParens: false, showSemanticErrors: false });
  const error = result.errors.find((e) => e.severity === "Error");
  if (!error) return { result, error: null };
  const at = error.labels[0]?.start ?? 0;
  const { line, column } = lineColAt(computeLineStarts(text), at);
  return { result, error: new ParseError(`${error.message} at ${line}:${column + 1}`, line, column) };
}

/** The file's syntax error, or null; the tree is never parsed into JavaScript objects. */
export function jsSyntaxError(text: string, path: string): ParseError | null {
  const { result, error } = parse(text, path);
  // Taking the JSON string frees it on the native side now; left there, it would live until a
  // finalizer runs after the synchronous file loop, and a full run would hold every file's tree.
  void result.program;
  return error;
}

/** Parses JS/TS with oxc-parser (ESTree output, no scope or code-path analysis) and builds the model. */
export function parseJs(text: string, path: string, role: FileRole): FileModel {
  return parseJsIf(text, path, role, null)!;
}

/**
 * As parseJs, but null when `wanted`, shown the file's comments, turns the file down. The decision
 * comes after oxc's native parse (so syntax errors are still found) and before its tree is parsed
 * from JSON and modelled, which is most of the cost: on the npm bench corpus, 252 of the 450 files
 * that contain `console` have it only in comments.
 */
export function parseJsIf(
  text: string,
  path: string,
  role: FileRole,
  wanted: ((comments: readonly CommentSpan[]) => boolean) | null,
): FileModel | null {
  const { result, error } = parse(text, path);
  if (error) throw error;
  // Each native getter hands its field over once.
  const comments = result.comments;
  const programJson = result.program;
  if (wanted !== null && !wanted(comments)) return null;
  return buildJsModel({
    program: jsonParseAst(programJson) as EsNode,
    text,
    path,
    role,
    comments,
    visitorKeys,
  });
}
