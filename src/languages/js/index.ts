import { visitorKeys, type Comment, type OxcError } from "oxc-parser";
import { parseSync } from "oxc-parser/src-js/bindings";
import { jsonParseAst } from "oxc-parser/src-js/wrap.js";
import { lineColAt, computeLineStarts } from "../../model/source.js";
import { ParseError, type CommentSpan, type FileModel, type FileRole } from "../../model/types.js";
import { buildJsModel, buildModel, type EsNode } from "./estree-model.js";
import { rawParser, type RawParser } from "./oxc-raw.js";
import { UnsupportedSyntax } from "./raw-view.js";

export const JS_EXTENSIONS = [".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".mts", ".cts"] as const;

const OPTIONS = { preserveParens: false, showSemanticErrors: false } as const;

/**
 * One parse, whichever way oxc hands its tree over: raw transfer (./oxc-raw.ts) where this
 * process can map oxc's arena, else JSON. Each accessor may be read once, and only before the
 * next parse on this thread.
 */
interface Parsed {
  /** The first syntax error, or null. */
  error(): ParseError | null;
  /** Comment spans, for the prefilter; cheaper than `comments()`. */
  commentSpans(): readonly CommentSpan[];
  /** `keep`: see buildModel. */
  model(path: string, role: FileRole, keep: RegExp | null): FileModel;
}

function toParseError(text: string, errors: readonly OxcError[]): ParseError | null {
  const error = errors.find((e) => e.severity === "Error");
  if (!error) return null;
  const at = error.labels[0]?.start ?? 0;
  const { line, column } = lineColAt(computeLineStarts(text), at);
  return new ParseError(`${error.message} at ${line}:${column + 1}`, line, column);
}

function parseRaw(raw: RawParser, text: string, path: string, transfer: Transfer): Parsed {
  raw.parse(path, text, OPTIONS);
  let tree: ReturnType<RawParser["deserialize"]> | null = null;
  const whole = () => (tree ??= raw.deserialize(text));
  const fromEstree = (path: string, role: FileRole, keep: RegExp | null) =>
    buildJsModel({
      program: whole().program as EsNode,
      text,
      path,
      role,
      comments: whole().comments,
      visitorKeys,
      keep,
    });
  return {
    error: () => (raw.errorCount() === 0 ? null : toParseError(text, whole().errors)),
    commentSpans: () => raw.commentSpans(text),
    model(path, role, keep) {
      if (transfer === "estree") return fromEstree(path, role, keep);
      const { view, program, comments } = raw.view(text);
      try {
        return buildModel(view, program, text, path, role, comments, keep);
      } catch (error) {
        // Syntax the in-place view does not present: this file's ESTree, still in the buffer.
        if (error instanceof UnsupportedSyntax && transfer === "raw") return fromEstree(path, role, keep);
        throw error;
      }
    },
  };
}

/**
 * oxc's JSON result, read field by field: each native getter hands its field over once, and the
 * module record (unused by the model) is never read.
 */
function parseJson(text: string, path: string): Parsed {
  const result = parseSync(path, text, OPTIONS);
  // Taken now: a JSON string left on the native side lives until a finalizer runs after the
  // synchronous file loop, so a full run would hold every file's tree.
  const programJson = result.program;
  let comments: Comment[] | null = null;
  const takeComments = () => (comments ??= result.comments);
  return {
    error: () => toParseError(text, result.errors),
    commentSpans: takeComments,
    model: (path, role, keep) =>
      buildJsModel({
        program: jsonParseAst(programJson) as EsNode,
        text,
        path,
        role,
        comments: takeComments(),
        visitorKeys,
        keep,
      }),
  };
}

/**
 * How oxc's tree reaches the model builder: "raw" where available (else JSON), read in place
 * from the buffer (./raw-view.ts; a file with syntax the view does not present goes through
 * ESTree objects); "view", the same without that way out (UnsupportedSyntax is thrown: for
 * tests); "estree", raw transfer deserialized into ESTree objects; "json" always.
 */
export type Transfer = "raw" | "view" | "estree" | "json";

function parse(text: string, path: string, transfer: Transfer): Parsed {
  const raw = transfer !== "json" ? rawParser(text.length) : null;
  return raw ? parseRaw(raw, text, path, transfer) : parseJson(text, path);
}

/** Whether this process parses with raw transfer (see ./oxc-raw.ts). */
export function usesRawTransfer(): boolean {
  return rawParser(0) !== null;
}

/** The file's syntax error, or null; the tree is never moved into JavaScript objects. */
export function jsSyntaxError(text: string, path: string, transfer: Transfer = "raw"): ParseError | null {
  return parse(text, path, transfer).error();
}

/** Parses JS/TS with oxc-parser (ESTree output, no scope or code-path analysis) and builds the model. */
export function parseJs(text: string, path: string, role: FileRole, transfer: Transfer = "raw"): FileModel {
  return parseJsIf(text, path, role, null, transfer)!;
}

/**
 * As parseJs, but null when `wanted`, shown the file's comments, turns the file down. The decision
 * comes after oxc's native parse (so syntax errors are still found) and before its tree becomes
 * JavaScript objects and is modelled, which is most of the cost: on the npm bench corpus, 252 of
 * the 450 files that contain `console` have it only in comments.
 */
export function parseJsIf(
  text: string,
  path: string,
  role: FileRole,
  wanted: ((comments: readonly CommentSpan[]) => boolean) | null,
  transfer: Transfer = "raw",
  partialChoice: PartialChoice = null,
): FileModel | null {
  const parsed = parse(text, path, transfer);
  const error = parsed.error();
  if (error) throw error;
  if (wanted !== null && !wanted(parsed.commentSpans())) return null;
  const partial = typeof partialChoice === "function" ? partialChoice() : partialChoice;
  if (partial === null) return parsed.model(path, role, null);
  const model = parsed.model(path, role, partial.keep);
  // A parse's tree is read once: the whole model needs a second parse.
  return partial.suffices(model) ? model : parse(text, path, transfer).model(path, role, null);
}

/**
 * A model of only the statements `keep` matches (see buildModel), when `suffices` says the
 * rules get from it what they would from the whole one; otherwise the whole model is built.
 */
export interface PartialModel {
  keep: RegExp;
  suffices: (model: FileModel) => boolean;
}

/** A partial model, or one chosen once `wanted` has seen the file's comments; null: the whole model. */
export type PartialChoice = PartialModel | (() => PartialModel | null) | null;
