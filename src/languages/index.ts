import path from "node:path";
import { ParseError, type CommentSpan, type FileModel, type FileRole, type Language } from "../model/types.js";
import { JS_EXTENSIONS, jsSyntaxError, parseJs, parseJsIf } from "./js/index.js";
import { parsePython } from "./python/index.js";

export function languageOf(file: string): Language | null {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".py" || ext === ".pyi") return "python";
  if ((JS_EXTENSIONS as readonly string[]).includes(ext)) return "javascript";
  return null;
}

/** Builds the model of one file with its language's frontend. Throws ParseError on a syntax error. */
export function buildFileModel(text: string, file: string, role: FileRole): FileModel {
  return languageOf(file) === "python" ? parsePython(text, file, role) : parseJs(text, file, role);
}

/**
 * As buildFileModel, but null when `wanted`, shown the file's comments after a successful parse,
 * turns the file down. JS/TS only: Python's parser builds the model as it parses, so a Python
 * file is always modelled.
 */
export function buildFileModelIf(
  text: string,
  file: string,
  role: FileRole,
  wanted: ((comments: readonly CommentSpan[]) => boolean) | null,
): FileModel | null {
  return languageOf(file) === "python" ? parsePython(text, file, role) : parseJsIf(text, file, role, wanted);
}

/**
 * The syntax error of a file, or null, without building its model where the
 * language allows a cheaper path (JS/TS: the native parse without moving its
 * tree into JavaScript). Python's parser builds the model as it parses.
 */
export function syntaxError(text: string, file: string): ParseError | null {
  if (languageOf(file) === "javascript") return jsSyntaxError(text, file);
  try {
    parsePython(text, file, "library");
    return null;
  } catch (error) {
    if (error instanceof ParseError) return error;
    throw error;
  }
}
