import { lineColAt } from "../../model/source.js";
import { ParseError } from "../../model/types.js";

/**
 * A ParseError for `offset`. The message ends with the position as
 * `line:column`, both 1-based (how editors show it); the error's own
 * `column` field is 0-based like the rest of the model.
 */
export function syntaxError(lineStarts: readonly number[], message: string, offset: number): ParseError {
  const { line, column } = lineColAt(lineStarts, offset);
  return new ParseError(`${message} at ${line}:${column + 1}`, line, column);
}
