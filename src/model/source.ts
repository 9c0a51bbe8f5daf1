import type { FileModel, Range } from "./types.js";

/** Offsets at which each line of `text` starts (`\n`, `\r\n` and lone `\r` end a line). */
export function computeLineStarts(text: string): number[] {
  const starts = [0];
  // Fast path: no carriage returns, so indexOf can jump from newline to newline.
  if (text.indexOf("\r") < 0) {
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

export interface LineCol {
  /** 1-based. */
  line: number;
  /** 0-based, in UTF-16 code units (ESLint's convention; reporters add 1). */
  column: number;
}

/**
 * The index of the first of `items` (sorted by `startOf`) that starts at or after `offset`, or
 * `items.length`: a binary search.
 */
export function firstAtOrAfter<T>(items: readonly T[], offset: number, startOf: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (startOf(items[mid]!) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Where a model item (statement, call, comment…) starts: the key for firstAtOrAfter. */
export function startOfRange(item: { readonly range: Range }): number {
  return item.range[0];
}

export function lineColAt(lineStarts: readonly number[], offset: number): LineCol {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo]! };
}

export function offsetAt(lineStarts: readonly number[], line: number, column: number): number {
  return (lineStarts[line - 1] ?? 0) + column;
}

export function textOf(model: Pick<FileModel, "text">, range: Range): string {
  return model.text.slice(range[0], range[1]);
}

/** The first segment of a dotted name: `pandas` for `pandas.read_csv`, the name itself when it has no dot. */
export function dottedHead(name: string): string {
  const dot = name.indexOf(".");
  return dot === -1 ? name : name.slice(0, dot);
}

/** `text` as a regular expression that matches it literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
