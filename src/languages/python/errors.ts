import { ParseError } from "../../model/types.js";

/** 1-based line and 0-based column of `offset`. */
export function lineColOf(lineStarts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo]! };
}

/**
 * A ParseError for `offset`. The message ends with the position as
 * `line:column`, both 1-based (how editors show it); the error's own
 * `column` field is 0-based like the rest of the model.
 */
export function syntaxError(lineStarts: readonly number[], message: string, offset: number): ParseError {
  const { line, column } = lineColOf(lineStarts, offset);
  return new ParseError(`${message} at ${line}:${column + 1}`, line, column);
}

/** Offsets at which each line starts (`\n`, `\r\n` and a lone `\r` end a line). */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  let i = text.indexOf("\n");
  // Fast path: no carriage returns at all.
  if (text.indexOf("\r") < 0) {
    while (i >= 0) {
      starts.push(i + 1);
      i = text.indexOf("\n", i + 1);
    }
    return starts;
  }
  for (let j = 0; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 10) starts.push(j + 1);
    else if (c === 13) {
      if (text.charCodeAt(j + 1) === 10) j++;
      starts.push(j + 1);
    }
  }
  return starts;
}
