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

/**
 * One level of indentation: the most common step after a line that opens a
 * block (ends with `:` or `{`), a tab when tabs lead; `fallback` when the file
 * has no blocks. Steps of continuation lines (aligned arguments) do not count.
 */
export function detectIndentUnit(text: string, fallback = "    "): string {
  const steps = new Map<string, number>();
  let previous: { indent: string; opens: boolean } | null = null;
  let seen = 0;
  // Line by line without splitting the whole text: the loop usually stops early.
  const lineBreak = /\r?\n|\r/g;
  for (let start = 0; start <= text.length;) {
    const found = lineBreak.exec(text);
    const line = text.slice(start, found ? found.index : text.length);
    start = found ? found.index + found[0].length : text.length + 1;
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#") || trimmed.startsWith("//")) continue;
    const indent = /^[ \t]*/.exec(line)![0];
    if (previous?.opens && indent.length > previous.indent.length && indent.startsWith(previous.indent)) {
      const step = indent.slice(previous.indent.length);
      steps.set(step, (steps.get(step) ?? 0) + 1);
      if (++seen >= 200) break;
    }
    previous = { indent, opens: /[:{]\s*(?:#.*)?$/.test(trimmed) };
  }
  let best = fallback;
  let count = 0;
  for (const [step, n] of steps) {
    if (n > count) {
      best = step;
      count = n;
    }
  }
  return best;
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
