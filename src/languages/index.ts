import { createRequire } from "node:module";
import path from "node:path";
import { ParseError, type CommentSpan, type FileModel, type FileRole, type Language } from "../model/types.js";
import { JS_SOURCE_EXTENSIONS } from "./extensions.js";
import type * as JsFrontend from "./js/index.js";
import type * as PythonFrontend from "./python/index.js";

/**
 * Each frontend is loaded at its first file (require of an ES module, synchronous since Node
 * 20.19): a run that parses only Python never loads oxc-parser, and a warm --cache run that
 * parses nothing loads neither.
 */
const load = createRequire(import.meta.url);
let jsFrontend: typeof JsFrontend | undefined;
let pythonFrontend: typeof PythonFrontend | undefined;
const js = (): typeof JsFrontend => (jsFrontend ??= load("./js/index.js") as typeof JsFrontend);
const python = (): typeof PythonFrontend => (pythonFrontend ??= load("./python/index.js") as typeof PythonFrontend);
const parsePython: typeof PythonFrontend.parsePython = (...args) => python().parsePython(...args);
const parseJs: typeof JsFrontend.parseJs = (...args) => js().parseJs(...args);
const parseJsIf: typeof JsFrontend.parseJsIf = (...args) => js().parseJsIf(...args);
const jsSyntaxError: typeof JsFrontend.jsSyntaxError = (...args) => js().jsSyntaxError(...args);

export function languageOf(file: string): Language | null {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".py" || ext === ".pyi") return "python";
  if ((JS_SOURCE_EXTENSIONS as readonly string[]).includes(ext)) return "javascript";
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
  partial: JsFrontend.PartialChoice = null,
): FileModel | null {
  return languageOf(file) === "python"
    ? parsePython(text, file, role)
    : parseJsIf(text, file, role, wanted, undefined, partial);
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
