import { lineColAt } from "../model/source.js";
import type { FileModel } from "../model/types.js";

/**
 * The file's own conventions, so inserted code looks like the code around
 * it: line endings, indentation unit, quote character, semicolons.
 */

/** The line ending the file uses most (`\r\n` or `\n`); `\n` for a one-line file. */
export function detectEol(text: string): string {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) {
    if (text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  return crlf > lf ? "\r\n" : "\n";
}

/** The whitespace at the start of the line holding `offset`. */
export function indentAt(model: Pick<FileModel, "text" | "lineStarts">, offset: number): string {
  const { line } = lineColAt(model.lineStarts, offset);
  const start = model.lineStarts[line - 1]!;
  let end = start;
  while (end < model.text.length && (model.text[end] === " " || model.text[end] === "\t")) end++;
  return model.text.slice(start, end);
}

/** One level of indentation: a tab, or the smallest step between indented lines (default four spaces). */
export function detectIndentUnit(text: string, fallback = "    "): string {
  let smallest = Infinity;
  let tabs = 0;
  let spaces = 0;
  for (const m of text.matchAll(/^([ \t]+)\S/gm)) {
    const ws = m[1]!;
    if (ws[0] === "\t") tabs++;
    else {
      spaces++;
      if (ws.length < smallest) smallest = ws.length;
    }
    if (tabs + spaces > 400) break;
  }
  if (tabs > spaces) return "\t";
  return Number.isFinite(smallest) && smallest >= 2 && smallest <= 8 ? " ".repeat(smallest) : fallback;
}

/** The quote the file's string literals use most: counts the opening quotes of the model's string arguments. */
export function detectQuote(model: FileModel, fallback: '"' | "'" = '"'): '"' | "'" {
  let double = 0;
  let single = 0;
  for (const call of model.calls) {
    for (const arg of call.args) {
      const v = arg.value;
      if (v.type !== "str" && v.type !== "fstring") continue;
      const m = /^[a-zA-Z]*(["'`])/.exec(model.text.slice(v.range[0], v.range[0] + 4));
      if (m?.[1] === '"') double++;
      else if (m?.[1] === "'") single++;
    }
  }
  if (double === single) return fallback;
  return double > single ? '"' : "'";
}

/** The offset just past the end of the line holding `offset` (past its line break), or the text's end. */
export function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf("\n", offset);
  if (nl === -1) {
    const cr = text.indexOf("\r", offset);
    return cr === -1 ? text.length : cr + 1;
  }
  return nl + 1;
}

/** Offset where the line holding `offset` starts. */
export function lineStartOf(model: Pick<FileModel, "lineStarts">, offset: number): number {
  return model.lineStarts[lineColAt(model.lineStarts, offset).line - 1]!;
}
