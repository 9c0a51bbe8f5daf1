import type { Fix, TextEdit } from "../model/types.js";

/**
 * Merging and applying the text edits of many fixes to one file. Fixes of
 * one file share their header edits (the logger import, the logger
 * declaration): identical edits are kept once, and edits that overlap
 * otherwise are a conflict, never a guess.
 */

export interface MergedEdits {
  edits: TextEdit[];
  /** Fixes left out because an edit of theirs overlapped an edit already taken. */
  conflicts: Fix[];
}

function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return a.range[0] === b.range[0] && a.range[1] === b.range[1] && a.text === b.text;
}

/** Two edits collide when their ranges overlap, or both insert at the same point. */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.range[0] === a.range[1] && b.range[0] === b.range[1]) return a.range[0] === b.range[0];
  return a.range[0] < b.range[1] && b.range[0] < a.range[1];
}

/**
 * Takes the fixes in order; a fix whose edits all either repeat an edit
 * already taken or touch nothing taken is accepted whole, else it is a
 * conflict (a fix is applied entirely or not at all).
 */
export function mergeFixes(fixes: readonly Fix[]): MergedEdits {
  const taken: TextEdit[] = [];
  const conflicts: Fix[] = [];
  for (const fix of fixes) {
    const fresh = fix.edits.filter((e) => !taken.some((t) => sameEdit(t, e)));
    if (fresh.some((e, i) => taken.some((t) => overlaps(t, e)) || fresh.some((o, j) => j < i && overlaps(o, e)))) {
      conflicts.push(fix);
      continue;
    }
    taken.push(...fresh);
  }
  taken.sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  return { edits: taken, conflicts };
}

/** Applies non-overlapping edits (any order) to `text`. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1]);
  let out = "";
  let at = 0;
  for (const edit of sorted) {
    if (edit.range[0] < at) throw new Error(`overlapping edits at offset ${edit.range[0]}`);
    out += text.slice(at, edit.range[0]) + edit.text;
    at = edit.range[1];
  }
  return out + text.slice(at);
}
