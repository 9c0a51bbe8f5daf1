import { parseSync, visitorKeys } from "oxc-parser";
import { lineColAt, computeLineStarts } from "../../model/source.js";
import { ParseError, type FileModel, type FileRole } from "../../model/types.js";
import { buildJsModel, type EsNode } from "./estree-model.js";

export const JS_EXTENSIONS = [".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".mts", ".cts"] as const;

/** Parses JS/TS with oxc-parser (ESTree output, no scope or code-path analysis) and builds the model. */
export function parseJs(text: string, path: string, role: FileRole): FileModel {
  const result = parseSync(path, text, { preserveParens: false, showSemanticErrors: false });
  const error = result.errors.find((e) => e.severity === "Error");
  if (error) {
    const at = error.labels[0]?.start ?? 0;
    const { line, column } = lineColAt(computeLineStarts(text), at);
    throw new ParseError(`${error.message} at ${line}:${column + 1}`, line, column);
  }
  return buildJsModel({
    program: result.program as unknown as EsNode,
    text,
    path,
    role,
    comments: result.comments,
    visitorKeys,
  });
}
