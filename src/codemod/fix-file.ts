import path from "node:path";
import type { NoPrintOptions } from "../../rules/no-print.js";
import { modelText, resolveRules, runRules, type Finding } from "../engine/check.js";
import { buildProjectModel } from "../engine/project.js";
import { buildFileModel } from "../languages/index.js";
import { ParseError, type FileModel, type Fix } from "../model/types.js";
import { applyTextEdits, mergeFixes } from "./text-edits.js";

/**
 * One file's part of `logical fix`: the fixes its findings carry, merged
 * (shared header edits once) and applied in one go, and the result parsed
 * again before anyone may write it.
 */

export interface FixNote {
  line: number;
  /** What was done (`Replace with \`logger.error\``) and why, when a choice was made. */
  message: string;
}

export interface FileFixResult {
  /** The text after the fixes (equal to the input when nothing applied). */
  output: string;
  /** Calls converted. */
  converted: number;
  /** Choices a reviewer should know about (levels other than DEBUG, eager `format()`). */
  notes: FixNote[];
  /** Findings left in place, each with its reason in the message. */
  left: FixNote[];
  /** Why the result may not be written (it no longer parses), or null. */
  invalid: string | null;
}

function titleNotes(fix: Fix): string {
  return fix.notes && fix.notes.length > 0 ? `${fix.title}: ${fix.notes.join("; ")}` : fix.title;
}

/** Applies the fixes of one file's findings to its text and checks that the result still parses. */
export function applyFindingFixes(model: FileModel, findings: readonly Finding[]): FileFixResult {
  const fixed = findings.filter((f): f is Finding & { fix: Fix } => f.fix !== undefined);
  const left: FixNote[] = findings
    .filter((f) => f.fix === undefined)
    .map((f) => ({ line: f.line, message: f.message }));
  if (fixed.length === 0) return { output: model.text, converted: 0, notes: [], left, invalid: null };
  const { edits, conflicts } = mergeFixes(fixed.map((f) => f.fix));
  const conflicting = new Set(conflicts);
  const applied = fixed.filter((f) => !conflicting.has(f.fix));
  for (const f of fixed) {
    if (conflicting.has(f.fix))
      left.push({ line: f.line, message: `${f.message} Not converted: its edit overlaps another fix.` });
  }
  const notes = applied.filter((f) => f.fix.notes?.length).map((f) => ({ line: f.line, message: titleNotes(f.fix) }));
  const output = applyTextEdits(model.text, edits);
  return { output, converted: applied.length, notes, left, invalid: parseProblem(output, model.path) };
}

/** Null when `text` parses as the file's language, else the syntax error. */
export function parseProblem(text: string, file: string): string | null {
  try {
    buildFileModel(text, file, "library");
    return null;
  } catch (error) {
    if (error instanceof ParseError) return `the result would not parse: ${error.message}`;
    throw error;
  }
}

export interface FixSourceOptions {
  /** Project root: relative paths in `logger.module` resolve against it (default: the file's directory). */
  root?: string;
  /** no-print's options (`logger` for JS/TS). */
  rule?: Partial<NoPrintOptions>;
}

/**
 * One file in, fixed text out: the whole codemod on a single source, with a
 * one-file project. What the fixture tests run, and an API for editors.
 */
export function fixSource(text: string, file: string, options: FixSourceOptions = {}): FileFixResult {
  const absolute = path.resolve(file);
  const modelled = modelText(text, absolute, path.basename(file));
  if ("error" in modelled) throw new ParseError(modelled.error.message, 1, 0);
  const project = buildProjectModel(options.root ?? path.dirname(absolute), [modelled.model]);
  const active = resolveRules({ rules: { "no-print": ["error", { ...options.rule }] } }, ["no-print"]);
  return applyFindingFixes(modelled.model, runRules(modelled.model, project, active, path.basename(file)));
}
