/**
 * Turns an eagerly formatted message — an f-string, a template literal, a
 * `"…" + x` concatenation, print's arguments — into a lazy `%`-format string
 * and its arguments: `f"loaded {n} rows in {t:.2f}s"` → `"loaded %s rows in
 * %.2fs", n, t`. Shared by the `no-print` codemod (print → logger.debug) and
 * the `lazy-log-format` rule's fix, so the two never disagree.
 *
 * Python's `logging`, pino and console format with `%` only when there are
 * arguments; a literal `%` is doubled exactly then.
 */
import type { Expr, FormatPart, Language } from "../model/types.js";

/** One piece of a message: literal text, or a value (its source text) with an f-string conversion and spec. */
export type LazyPiece =
  { kind: "text"; value: string } | { kind: "value"; source: string; conversion: string | null; spec: string | null };

export interface LazyFormatOptions {
  quote: '"' | "'";
  /**
   * The name `format` is bound to in this file (null when shadowed). A field
   * whose spec has no `%` equivalent (`{x:>10}`, `{n:,}`) is then formatted
   * eagerly as `format(x, ">10")` and noted; without it the conversion fails.
   */
  formatBuiltin: string | null;
  /** Language of the literal (default Python): JS escapes U+2028/U+2029. */
  language?: Language;
}

export interface LazyFormat {
  /** The format string as a literal, in the requested quote. */
  literal: string;
  /** Each argument's source text, parenthesised when it would not stand alone as an argument. */
  args: string[];
  /** Notes on fields kept eager because `%` cannot express their spec. */
  eager: string[];
}

/**
 * Python format spec → `%` directive, for the specs whose meaning `%` keeps:
 * sign, `#`, zero padding, width for numbers, precision, and the types d, f,
 * e, g, x, o (`{x:.4f}` → `%.4f`, `{n:05d}` → `%05d`). Null for the rest
 * (alignment, fill, grouping, `%`, nested fields, width on strings).
 */
export function percentDirective(conversion: string | null, spec: string | null): string | null {
  const converted = conversion === "r" ? "r" : conversion === "a" ? "a" : "s";
  if (spec === null || spec === "") return `%${converted}`;
  if (conversion !== null && conversion !== "s") return null;
  const m = /^([+\- ]?)(#?)(0?)(\d*)(?:\.(\d+))?([dfFeEgGxXo]?)$/.exec(spec);
  if (!m) return null;
  const [, sign, alt, zero, width, precision, type] = m;
  // Without a type, width and precision mean different things for strings and numbers.
  if (type === "")
    return width === "" && precision === undefined && sign === "" && alt === "" && zero === "" ? "%s" : null;
  if (precision !== undefined && /[dxXo]/.test(type!)) return null;
  return `%${sign === "-" ? "" : sign}${alt}${zero}${width}${precision !== undefined ? `.${precision}` : ""}${type}`;
}

/** The pieces of an f-string or template literal; values keep their source text. */
export function piecesFromFormatParts(parts: readonly FormatPart[], text: string): LazyPiece[] {
  return parts.map((part) =>
    part.kind === "text"
      ? { kind: "text", value: part.value }
      : {
          kind: "value",
          source: text.slice(part.expr.range[0], part.expr.range[1]).trim(),
          conversion: part.conversion,
          spec: part.spec,
        },
  );
}

/**
 * The pieces of a `+` concatenation that starts with a string literal:
 * `"rows: " + str(n)` → text "rows: ", value `n` (`unwrap` drops a `str()`
 * around a value: `%s` converts already). Null when the chain does not start
 * with a string: `1 + 2 + " items"` adds numbers first.
 */
export function piecesFromConcatenation(
  expr: Expr,
  text: string,
  unwrap: (e: Expr) => Expr | null = () => null,
): LazyPiece[] | null {
  const operands: Expr[] = [];
  const flatten = (e: Expr): void => {
    if (e.type === "binop" && e.op === "+") {
      flatten(e.left);
      flatten(e.right);
    } else operands.push(e);
  };
  flatten(expr);
  const first = operands[0]!;
  if (first.type !== "str" && first.type !== "fstring") return null;
  const pieces: LazyPiece[] = [];
  for (const operand of operands) {
    if (operand.type === "str") pieces.push({ kind: "text", value: operand.value });
    else if (operand.type === "fstring") pieces.push(...piecesFromFormatParts(operand.parts, text));
    else {
      const value = unwrap(operand) ?? operand;
      pieces.push({
        kind: "value",
        source: text.slice(value.range[0], value.range[1]).trim(),
        conversion: null,
        spec: null,
      });
    }
  }
  return pieces;
}

/** Top-level commas (`a, b`), a lambda, yield or walrus would change meaning as a bare argument. */
function needsParens(source: string): boolean {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (quote !== null) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (c === "," && depth === 0) return true;
  }
  return /^\s*(?:lambda\b|yield\b)|:=/.test(source);
}

const CONVERTERS: Record<string, string> = { r: "repr", s: "str", a: "ascii" };

/**
 * Joins pieces into a `%`-format literal and its arguments. Null when a spec
 * has no `%` equivalent and `format` is not available to keep it eager.
 */
export function buildLazyFormat(pieces: readonly LazyPiece[], options: LazyFormatOptions): LazyFormat | null {
  const hasArgs = pieces.some((p) => p.kind === "value");
  let format = "";
  const args: string[] = [];
  const eager: string[] = [];
  for (const piece of pieces) {
    if (piece.kind === "text") {
      format += hasArgs ? piece.value.replace(/%/g, "%%") : piece.value;
      continue;
    }
    const source = needsParens(piece.source) ? `(${piece.source})` : piece.source;
    const directive = percentDirective(piece.conversion, piece.spec);
    if (directive !== null) {
      format += directive;
      args.push(source);
      continue;
    }
    if (options.formatBuiltin === null || piece.spec === null || piece.spec.includes("{")) return null;
    const converter = piece.conversion === null ? null : CONVERTERS[piece.conversion];
    const value = converter ? `${converter}(${piece.source})` : piece.source;
    const spec = stringLiteral(piece.spec, options.quote, options.language ?? "python");
    format += "%s";
    args.push(`${options.formatBuiltin}(${value}, ${spec})`);
    eager.push(
      `\`${piece.source}\` keeps its format spec \`${piece.spec}\`, which %-style cannot express: formatted eagerly with format()`,
    );
  }
  return { literal: stringLiteral(format, options.quote, options.language ?? "python"), args, eager };
}

/** A one-line string literal holding `value`, in `quote` (`"` or `'`), valid in both Python and JS. */
export function stringLiteral(value: string, quote: '"' | "'", language: Language): string {
  let out = quote;
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else if (language === "javascript" && (code === 0x2028 || code === 0x2029)) out += `\\u${code.toString(16)}`;
    else out += ch;
  }
  return out + quote;
}

/** The quote a literal was written with (`f'…'` → `'`); template literals and unknowns give `"`. */
export function quoteOf(literalSource: string): '"' | "'" {
  const m = /^[a-zA-Z]*(["'])/.exec(literalSource);
  return m?.[1] === "'" ? "'" : '"';
}
