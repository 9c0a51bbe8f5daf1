import { parseSync, visitorKeys } from "oxc-parser";
import { lineColAt, computeLineStarts } from "../../model/source.js";
import { ParseError, type FileModel, type FileRole } from "../../model/types.js";
import { buildJsModel, type EsNode } from "./estree-model.js";

export const JS_EXTENSIONS = [".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".mts", ".cts"] as const;

function parse(text: string, path: string): { result: ReturnType<typeof parseSync>; error: ParseError | null } {
  const result = parseSync(path, text, { preserveParens: false, showSemanticErrors: false });
  const error = result.errors.find((e) => e.severity === "Error");
  if (!error) return { result, error: null };
  const at = error.labels[0]?.start ?? 0;
  const { line, column } = lineColAt(computeLineStarts(text), at);
  return { result, error: new ParseError(`${error.message} at ${line}:${column + 1}`, line, column) };
}

/** The file's syntax error, or null; the tree stays on the native side (no JSON round trip). */
export function jsSyntaxError(text: string, path: string): ParseError | null {
  return parse(text, path).error;
}

/** Parses JS/TS with oxc-parser (ESTree output, no scope or code-path analysis) and builds the model. */
export function parseJs(text: string, path: string, role: FileRole): FileModel {
  const { result, error } = parse(text, path);
  if (error) throw error;
  return buildJsModel({
    program: result.program as unknown as EsNode,
    text,
    path,
    role,
    comments: result.comments,
    visitorKeys,
  });
}
