import path from "node:path";
import type { FileModel, FileRole, Language } from "../model/types.js";
import { JS_EXTENSIONS, parseJs } from "./js/index.js";
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
