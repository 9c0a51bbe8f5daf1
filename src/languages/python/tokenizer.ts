/**
 * A hand-written Python tokenizer (3.8–3.13 syntax, f-strings tokenized the
 * PEP 701 / 3.12 way). It fills three typed arrays (kind, start, end) instead
 * of allocating a token object per token; nothing is sliced here. Comments are
 * collected on the side because the parser never sees them.
 */
import type { Comment, ParseError } from "../../model/types.js";
import { syntaxError } from "./errors.js";

export const enum Tok {
  EOF,
  NEWLINE,
  INDENT,
  DEDENT,
  NAME,
  NUMBER,
  STRING,
  /** `f"` / `rf'''`: the prefix and the opening quote(s) of an f-string. */
  FSTART,
  /** Literal text of an f-string (or of a format spec), never empty. */
  FMIDDLE,
  /** The closing quote(s) of an f-string. */
  FEND,
  /** Where the tokenizer failed; the parser reports the tokenizer's error if it gets here. */
  ERRORTOKEN,
  // keywords
  FALSE,
  NONE,
  TRUE,
  AND,
  AS,
  ASSERT,
  ASYNC,
  AWAIT,
  BREAK,
  CLASS,
  CONTINUE,
  DEF,
  DEL,
  ELIF,
  ELSE,
  EXCEPT,
  FINALLY,
  FOR,
  FROM,
  GLOBAL,
  IF,
  IMPORT,
  IN,
  IS,
  LAMBDA,
  NONLOCAL,
  NOT,
  OR,
  PASS,
  RAISE,
  RETURN,
  TRY,
  WHILE,
  WITH,
  YIELD,
  // punctuation
  LPAR,
  RPAR,
  LSQB,
  RSQB,
  LBRACE,
  RBRACE,
  COLON,
  COMMA,
  SEMI,
  DOT,
  ELLIPSIS,
  ARROW,
  COLONEQUAL,
  EXCLAMATION,
  EQUAL,
  TILDE,
  // binary operators
  PLUS,
  MINUS,
  STAR,
  SLASH,
  DOUBLESLASH,
  PERCENT,
  AT,
  DOUBLESTAR,
  VBAR,
  AMPER,
  CIRCUMFLEX,
  LEFTSHIFT,
  RIGHTSHIFT,
  // comparisons
  LESS,
  GREATER,
  EQEQUAL,
  NOTEQUAL,
  LESSEQUAL,
  GREATEREQUAL,
  // augmented assignment (contiguous: AUG_FIRST..AUG_LAST)
  PLUSEQUAL,
  MINEQUAL,
  STAREQUAL,
  SLASHEQUAL,
  DOUBLESLASHEQUAL,
  PERCENTEQUAL,
  ATEQUAL,
  DOUBLESTAREQUAL,
  VBAREQUAL,
  AMPEREQUAL,
  CIRCUMFLEXEQUAL,
  LEFTSHIFTEQUAL,
  RIGHTSHIFTEQUAL,
}

export const AUG_FIRST = Tok.PLUSEQUAL;
export const AUG_LAST = Tok.RIGHTSHIFTEQUAL;

export interface Tokens {
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  count: number;
  /** Start offsets of NAME tokens that contain non-ASCII characters (need NFKC). */
  nonAsciiNames: Set<number> | null;
  /**
   * The tokenizer's error, if any. Tokens stop there with an ERRORTOKEN, so
   * that an earlier syntax error found by the parser is reported first, as
   * CPython does.
   */
  error: TokenizerError | null;
}

export interface TokenizerError {
  error: ParseError;
  /** For errors found at the end of the file (an unclosed bracket or f-string): what was left open. */
  openedAt: number;
}

// Lexical modes for f-strings (a stack: f-strings nest).
const M_FSTRING = 1; // literal part of an f-string
const M_EXPR = 2; // inside `{ ... }`, before `!`/`:`
const M_SPEC = 3; // inside a format spec after `:`

/** ASCII identifier characters: 1 = may start, 2 = may continue only. */
const ID = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) ID[c] = 1;
  else if (c >= 48 && c <= 57) ID[c] = 2;
}

const XID_START = /^[\p{XID_Start}\u2118\u212e\u309b\u309c\u1885\u1886]$/u;
const XID_CONTINUE = /^[\p{XID_Continue}\u00b7\u0387\u1369-\u1371\u19da\u2118\u212e\u309b\u309c\u1885\u1886]$/u;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 102);
}

// Reused across calls (parsing is synchronous), grown on demand.
let KINDS = new Uint8Array(1 << 15);
let STARTS = new Int32Array(1 << 15);
let ENDS = new Int32Array(1 << 15);

export function keywordKind(text: string, s: number, len: number): Tok {
  const c = text.charCodeAt(s);
  switch (len) {
    case 2:
      if (c === 97) return text.charCodeAt(s + 1) === 115 ? Tok.AS : Tok.NAME; // as
      if (c === 105) {
        const d = text.charCodeAt(s + 1);
        return d === 102 ? Tok.IF : d === 110 ? Tok.IN : d === 115 ? Tok.IS : Tok.NAME;
      }
      if (c === 111) return text.charCodeAt(s + 1) === 114 ? Tok.OR : Tok.NAME;
      return Tok.NAME;
    case 3:
      switch (c) {
        case 97:
          return text.startsWith("and", s) ? Tok.AND : Tok.NAME;
        case 100:
          return text.startsWith("def", s) ? Tok.DEF : text.startsWith("del", s) ? Tok.DEL : Tok.NAME;
        case 102:
          return text.startsWith("for", s) ? Tok.FOR : Tok.NAME;
        case 110:
          return text.startsWith("not", s) ? Tok.NOT : Tok.NAME;
        case 116:
          return text.startsWith("try", s) ? Tok.TRY : Tok.NAME;
      }
      return Tok.NAME;
    case 4:
      switch (c) {
        case 78:
          return text.startsWith("None", s) ? Tok.NONE : Tok.NAME;
        case 84:
          return text.startsWith("True", s) ? Tok.TRUE : Tok.NAME;
        case 101:
          return text.startsWith("elif", s) ? Tok.ELIF : text.startsWith("else", s) ? Tok.ELSE : Tok.NAME;
        case 102:
          return text.startsWith("from", s) ? Tok.FROM : Tok.NAME;
        case 112:
          return text.startsWith("pass", s) ? Tok.PASS : Tok.NAME;
        case 119:
          return text.startsWith("with", s) ? Tok.WITH : Tok.NAME;
      }
      return Tok.NAME;
    case 5:
      switch (c) {
        case 70:
          return text.startsWith("False", s) ? Tok.FALSE : Tok.NAME;
        case 97:
          return text.startsWith("async", s) ? Tok.ASYNC : text.startsWith("await", s) ? Tok.AWAIT : Tok.NAME;
        case 98:
          return text.startsWith("break", s) ? Tok.BREAK : Tok.NAME;
        case 99:
          return text.startsWith("class", s) ? Tok.CLASS : Tok.NAME;
        case 114:
          return text.startsWith("raise", s) ? Tok.RAISE : Tok.NAME;
        case 119:
          return text.startsWith("while", s) ? Tok.WHILE : Tok.NAME;
        case 121:
          return text.startsWith("yield", s) ? Tok.YIELD : Tok.NAME;
      }
      return Tok.NAME;
    case 6:
      switch (c) {
        case 97:
          return text.startsWith("assert", s) ? Tok.ASSERT : Tok.NAME;
        case 101:
          return text.startsWith("except", s) ? Tok.EXCEPT : Tok.NAME;
        case 103:
          return text.startsWith("global", s) ? Tok.GLOBAL : Tok.NAME;
        case 105:
          return text.startsWith("import", s) ? Tok.IMPORT : Tok.NAME;
        case 108:
          return text.startsWith("lambda", s) ? Tok.LAMBDA : Tok.NAME;
        case 114:
          return text.startsWith("return", s) ? Tok.RETURN : Tok.NAME;
      }
      return Tok.NAME;
    case 7:
      return c === 102 && text.startsWith("finally", s) ? Tok.FINALLY : Tok.NAME;
    case 8:
      if (c === 99) return text.startsWith("continue", s) ? Tok.CONTINUE : Tok.NAME;
      if (c === 110) return text.startsWith("nonlocal", s) ? Tok.NONLOCAL : Tok.NAME;
      return Tok.NAME;
  }
  return Tok.NAME;
}

class Lexer {
  kinds = KINDS;
  starts = STARTS;
  ends = ENDS;
  count = 0;
  pos = 0;
  atLineStart = true;
  nonAsciiNames: Set<number> | null = null;
  /** Open brackets: the character and its offset. */
  bChar: number[] = [];
  bPos: number[] = [];
  indents: number[] = [0];
  alts: number[] = [0];
  /** f-string mode stack. */
  mType: number[] = [];
  mQuote: number[] = [];
  mTriple: boolean[] = [];
  mRaw: boolean[] = [];
  /** For M_EXPR/M_SPEC: bracket depth just after the field's `{`. For M_FSTRING: start offset. */
  mDepth: number[] = [];
  mTop = -1;
  /** Cursor into lineStarts for comment line numbers (comments come in order). */
  lineCursor = 0;
  /** Offset of the next backslash at or after some earlier point (a cache for string scanning). */
  nextBackslash = -1;
  /** The text has no carriage return: lines end at `\n` only. */
  readonly noCR: boolean;

  constructor(
    readonly text: string,
    readonly lineStarts: readonly number[],
    readonly comments: Comment[],
  ) {
    this.noCR = text.indexOf("\r") < 0;
  }

  /** Where the ERRORTOKEN goes when the tokenizer fails. */
  failAt = -1;
  /** For errors found at EOF: the offset of the unclosed bracket or f-string. */
  openedAt = -1;

  fail(message: string, offset: number): never {
    this.failAt = this.openedAt >= 0 ? this.text.length : offset;
    throw syntaxError(this.lineStarts, message, offset);
  }

  lineOf(offset: number): number {
    const ls = this.lineStarts;
    let i = this.lineCursor;
    while (i + 1 < ls.length && ls[i + 1]! <= offset) i++;
    this.lineCursor = i;
    return i + 1;
  }

  lineNumberAt(offset: number): number {
    const ls = this.lineStarts;
    let lo = 0;
    let hi = ls.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ls[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  emit(kind: Tok, start: number, end: number): void {
    const i = this.count;
    if (i === this.kinds.length) this.grow();
    this.kinds[i] = kind;
    this.starts[i] = start;
    this.ends[i] = end;
    this.count = i + 1;
  }

  grow(): void {
    const n = this.kinds.length * 2;
    const k = new Uint8Array(n);
    k.set(this.kinds);
    const s = new Int32Array(n);
    s.set(this.starts);
    const e = new Int32Array(n);
    e.set(this.ends);
    this.kinds = KINDS = k;
    this.starts = STARTS = s;
    this.ends = ENDS = e;
  }

  run(): void {
    const text = this.text;
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
    for (;;) {
      const top = this.mTop;
      if (top >= 0 && this.mType[top] !== M_EXPR) {
        this.fstringLiteral();
        continue;
      }
      if (this.atLineStart) {
        if (!this.indentation()) return;
        continue;
      }
      if (!this.token()) return;
    }
  }

  /** Handles the start of a logical line: blank lines, comments, INDENT/DEDENT. False at EOF. */
  indentation(): boolean {
    const text = this.text;
    const n = text.length;
    let i = this.pos;
    for (;;) {
      let col = 0;
      let alt = 0;
      let c = 0;
      for (;;) {
        c = text.charCodeAt(i);
        if (c === 32) {
          col++;
          alt++;
        } else if (c === 9) {
          col = ((col >> 3) + 1) << 3;
          alt++;
        } else if (c === 12) {
          col = alt = 0;
        } else break;
        i++;
      }
      if (i >= n) {
        this.pos = i;
        this.finish();
        return false;
      }
      if (c === 35) {
        i = this.comment(i);
        c = text.charCodeAt(i);
        if (i >= n) {
          this.pos = i;
          this.finish();
          return false;
        }
      }
      if (c === 10) {
        i++;
        continue;
      }
      if (c === 13) {
        i += text.charCodeAt(i + 1) === 10 ? 2 : 1;
        continue;
      }
      // A real line.
      this.pos = i;
      this.atLineStart = false;
      const indents = this.indents;
      let top = indents.length - 1;
      const cur = indents[top]!;
      if (col === cur) {
        if (alt !== this.alts[top]) this.fail("inconsistent use of tabs and spaces in indentation", i);
      } else if (col > cur) {
        if (alt <= this.alts[top]!) this.fail("inconsistent use of tabs and spaces in indentation", i);
        if (top >= 99) this.fail("too many levels of indentation", i);
        indents.push(col);
        this.alts.push(alt);
        this.emit(Tok.INDENT, i, i);
      } else {
        while (top > 0 && col < indents[top]!) {
          indents.pop();
          this.alts.pop();
          top--;
          this.emit(Tok.DEDENT, i, i);
        }
        if (col !== indents[top]) this.fail("unindent does not match any outer indentation level", i);
        if (alt !== this.alts[top]) this.fail("inconsistent use of tabs and spaces in indentation", i);
      }
      return true;
    }
  }

  /** Records the comment starting at `i` ('#'); returns the offset of the line end. */
  comment(i: number): number {
    const text = this.text;
    const n = text.length;
    let j: number;
    if (this.noCR) {
      j = text.indexOf("\n", i + 1);
      if (j < 0) j = n;
    } else {
      j = i + 1;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === 10 || c === 13) break;
        j++;
      }
    }
    this.comments.push({ range: [i, j], value: text.slice(i + 1, j), line: this.lineOf(i) });
    return j;
  }

  finish(): void {
    if (this.mTop >= 0) {
      let k = this.mTop;
      while (this.mType[k] !== M_FSTRING) k--;
      this.openedAt = this.mDepth[k]!;
      this.fail("unterminated f-string literal", this.mDepth[k]!);
    }
    if (this.bChar.length > 0) {
      const at = this.bPos[this.bPos.length - 1]!;
      this.openedAt = at;
      this.fail(`'${String.fromCharCode(this.bChar[this.bChar.length - 1]!)}' was never closed`, at);
    }
    const n = this.text.length;
    if (this.count > 0 && this.kinds[this.count - 1] !== Tok.NEWLINE) this.emit(Tok.NEWLINE, n, n);
    while (this.indents.length > 1) {
      this.indents.pop();
      this.emit(Tok.DEDENT, n, n);
    }
    this.emit(Tok.EOF, n, n);
  }

  open(c: number, at: number): void {
    // CPython's limit (MAXLEVEL); it also keeps the parser's recursion bounded.
    if (this.bChar.length >= 200) this.fail("too many nested parentheses", at);
    this.bChar.push(c);
    this.bPos.push(at);
  }

  close(c: number, at: number): void {
    const bc = this.bChar;
    if (bc.length === 0) this.fail(`unmatched '${String.fromCharCode(c)}'`, at);
    const o = bc[bc.length - 1]!;
    if ((o === 40 ? 41 : o + 2) !== c) {
      this.fail(
        `closing parenthesis '${String.fromCharCode(c)}' does not match opening parenthesis '${String.fromCharCode(o)}'`,
        at,
      );
    }
    bc.pop();
    this.bPos.pop();
  }

  /** Scans one token (or a newline/comment) in normal mode. False at EOF. */
  token(): boolean {
    const text = this.text;
    const n = text.length;
    let pos = this.pos;
    let c = 0;
    for (;;) {
      c = text.charCodeAt(pos);
      if (c === 32 || c === 9 || c === 12) {
        pos++;
        continue;
      }
      if (c === 92) {
        const d = text.charCodeAt(pos + 1);
        if (d === 10 || d === 13) {
          pos += d === 13 && text.charCodeAt(pos + 2) === 10 ? 3 : 2;
          if (pos >= n) this.fail("unexpected EOF while parsing", pos);
          continue;
        }
        if (pos + 1 >= n) this.fail("unexpected EOF while parsing", pos + 1);
        this.fail("unexpected character after line continuation character", pos);
      }
      break;
    }
    if (pos >= n) {
      this.pos = pos;
      this.finish();
      return false;
    }
    const start = pos;
    if (c < 128) {
      const idc = ID[c]!;
      if (idc === 1) {
        pos++;
        while (pos < n) {
          const d = text.charCodeAt(pos);
          if (d < 128) {
            if (ID[d] === 0) break;
            pos++;
          } else {
            pos = this.identifierRest(start, pos);
            break;
          }
        }
        const len = pos - start;
        const q = text.charCodeAt(pos);
        if ((q === 34 || q === 39) && len <= 2) {
          const kind = stringPrefix(text, start, len);
          if (kind !== 0) {
            this.string(start, pos, kind);
            return true;
          }
        }
        this.emit(len <= 8 ? keywordKind(text, start, len) : Tok.NAME, start, pos);
        this.pos = pos;
        return true;
      }
      if (idc === 2) {
        this.number(start);
        return true;
      }
    } else {
      const cp = text.codePointAt(pos)!;
      const ch = String.fromCodePoint(cp);
      if (XID_START.test(ch)) {
        pos = this.identifierRest(start, pos + ch.length);
        (this.nonAsciiNames ??= new Set()).add(start);
        this.emit(Tok.NAME, start, pos);
        this.pos = pos;
        return true;
      }
      this.badChar(cp, pos);
    }
    let kind: Tok;
    let len = 1;
    const c1 = text.charCodeAt(pos + 1);
    switch (c) {
      case 10:
      case 13: {
        const end = c === 13 && c1 === 10 ? pos + 2 : pos + 1;
        if (this.bChar.length === 0) {
          this.emit(Tok.NEWLINE, pos, end);
          this.atLineStart = true;
        }
        this.pos = end;
        return true;
      }
      case 35:
        this.pos = this.comment(pos);
        return true;
      case 34:
      case 39:
        this.string(start, pos, 1);
        return true;
      case 40:
        this.open(c, pos);
        kind = Tok.LPAR;
        break;
      case 91:
        this.open(c, pos);
        kind = Tok.LSQB;
        break;
      case 123:
        this.open(c, pos);
        kind = Tok.LBRACE;
        break;
      case 41:
        this.close(c, pos);
        kind = Tok.RPAR;
        break;
      case 93:
        this.close(c, pos);
        kind = Tok.RSQB;
        break;
      case 125: {
        const top = this.mTop;
        this.close(c, pos);
        if (top >= 0 && this.bChar.length + 1 === this.mDepth[top]) {
          // End of an f-string replacement field.
          this.mTop--;
          this.popMode();
        }
        kind = Tok.RBRACE;
        break;
      }
      case 58: {
        const top = this.mTop;
        if (top >= 0 && this.mType[top] === M_EXPR && this.bChar.length === this.mDepth[top]) {
          this.mType[top] = M_SPEC;
          kind = Tok.COLON;
        } else if (c1 === 61) {
          kind = Tok.COLONEQUAL;
          len = 2;
        } else kind = Tok.COLON;
        break;
      }
      case 44:
        kind = Tok.COMMA;
        break;
      case 59:
        kind = Tok.SEMI;
        break;
      case 126:
        kind = Tok.TILDE;
        break;
      case 46:
        if (isDigit(c1)) {
          this.number(start);
          return true;
        }
        if (c1 === 46 && text.charCodeAt(pos + 2) === 46) {
          kind = Tok.ELLIPSIS;
          len = 3;
        } else kind = Tok.DOT;
        break;
      case 43:
        if (c1 === 61) {
          kind = Tok.PLUSEQUAL;
          len = 2;
        } else kind = Tok.PLUS;
        break;
      case 45:
        if (c1 === 61) {
          kind = Tok.MINEQUAL;
          len = 2;
        } else if (c1 === 62) {
          kind = Tok.ARROW;
          len = 2;
        } else kind = Tok.MINUS;
        break;
      case 42:
        if (c1 === 42) {
          if (text.charCodeAt(pos + 2) === 61) {
            kind = Tok.DOUBLESTAREQUAL;
            len = 3;
          } else {
            kind = Tok.DOUBLESTAR;
            len = 2;
          }
        } else if (c1 === 61) {
          kind = Tok.STAREQUAL;
          len = 2;
        } else kind = Tok.STAR;
        break;
      case 47:
        if (c1 === 47) {
          if (text.charCodeAt(pos + 2) === 61) {
            kind = Tok.DOUBLESLASHEQUAL;
            len = 3;
          } else {
            kind = Tok.DOUBLESLASH;
            len = 2;
          }
        } else if (c1 === 61) {
          kind = Tok.SLASHEQUAL;
          len = 2;
        } else kind = Tok.SLASH;
        break;
      case 37:
        if (c1 === 61) {
          kind = Tok.PERCENTEQUAL;
          len = 2;
        } else kind = Tok.PERCENT;
        break;
      case 64:
        if (c1 === 61) {
          kind = Tok.ATEQUAL;
          len = 2;
        } else kind = Tok.AT;
        break;
      case 124:
        if (c1 === 61) {
          kind = Tok.VBAREQUAL;
          len = 2;
        } else kind = Tok.VBAR;
        break;
      case 38:
        if (c1 === 61) {
          kind = Tok.AMPEREQUAL;
          len = 2;
        } else kind = Tok.AMPER;
        break;
      case 94:
        if (c1 === 61) {
          kind = Tok.CIRCUMFLEXEQUAL;
          len = 2;
        } else kind = Tok.CIRCUMFLEX;
        break;
      case 60:
        if (c1 === 60) {
          if (text.charCodeAt(pos + 2) === 61) {
            kind = Tok.LEFTSHIFTEQUAL;
            len = 3;
          } else {
            kind = Tok.LEFTSHIFT;
            len = 2;
          }
        } else if (c1 === 61) {
          kind = Tok.LESSEQUAL;
          len = 2;
        } else kind = Tok.LESS;
        break;
      case 62:
        if (c1 === 62) {
          if (text.charCodeAt(pos + 2) === 61) {
            kind = Tok.RIGHTSHIFTEQUAL;
            len = 3;
          } else {
            kind = Tok.RIGHTSHIFT;
            len = 2;
          }
        } else if (c1 === 61) {
          kind = Tok.GREATEREQUAL;
          len = 2;
        } else kind = Tok.GREATER;
        break;
      case 61:
        if (c1 === 61) {
          kind = Tok.EQEQUAL;
          len = 2;
        } else kind = Tok.EQUAL;
        break;
      case 33:
        if (c1 === 61) {
          kind = Tok.NOTEQUAL;
          len = 2;
        } else kind = Tok.EXCLAMATION;
        break;
      default:
        this.badChar(c, pos);
    }
    this.emit(kind, pos, pos + len);
    this.pos = pos + len;
    return true;
  }

  popMode(): void {
    this.mType.pop();
    this.mQuote.pop();
    this.mTriple.pop();
    this.mRaw.pop();
    this.mDepth.pop();
  }

  pushMode(type: number, quote: number, triple: boolean, raw: boolean, depth: number): void {
    this.mType.push(type);
    this.mQuote.push(quote);
    this.mTriple.push(triple);
    this.mRaw.push(raw);
    this.mDepth.push(depth);
    this.mTop++;
  }

  badChar(cp: number, at: number): never {
    if (cp === 36 || cp === 63 || cp === 96) this.fail("invalid syntax", at);
    const hex = cp.toString(16).toUpperCase().padStart(4, "0");
    if (cp < 32 || cp === 127 || (cp >= 0x80 && cp < 0xa0)) this.fail(`invalid non-printable character U+${hex}`, at);
    this.fail(`invalid character '${String.fromCodePoint(cp)}' (U+${hex})`, at);
  }

  /** Continues an identifier at `pos` once a non-ASCII character may be involved. */
  identifierRest(start: number, pos: number): number {
    const text = this.text;
    const n = text.length;
    let nonAscii = false;
    while (pos < n) {
      const d = text.charCodeAt(pos);
      if (d < 128) {
        if (ID[d] === 0) break;
        pos++;
        continue;
      }
      const cp = text.codePointAt(pos)!;
      const ch = String.fromCodePoint(cp);
      if (!XID_CONTINUE.test(ch)) break; // reported by the next token() call
      nonAscii = true;
      pos += ch.length;
    }
    if (nonAscii) (this.nonAsciiNames ??= new Set()).add(start);
    return pos;
  }

  /**
   * A string literal starting at `start` (prefix) with its quote at `q`.
   * `kind`: 1 plain/bytes/raw, 2 f-string (3 raw f-string).
   */
  string(start: number, q: number, kind: number): void {
    const text = this.text;
    const n = text.length;
    const quote = text.charCodeAt(q);
    const triple = text.charCodeAt(q + 1) === quote && text.charCodeAt(q + 2) === quote;
    let i = q + (triple ? 3 : 1);
    if (kind >= 2) {
      this.emit(Tok.FSTART, start, i);
      this.pushMode(M_FSTRING, quote, triple, kind === 3, start);
      this.pos = i;
      return;
    }
    if (triple) {
      // Fast path for docstrings: jump to the closing quotes when no
      // backslash comes before them.
      const close = text.indexOf(quote === 34 ? '"""' : "'''", i);
      if (close >= 0) {
        let bs = this.nextBackslash;
        if (bs < i) {
          bs = text.indexOf("\\", i);
          this.nextBackslash = bs = bs < 0 ? n : bs;
        }
        if (bs > close) {
          this.emit(Tok.STRING, start, close + 3);
          this.pos = close + 3;
          return;
        }
      }
    }
    for (;;) {
      if (i >= n) {
        const line = this.lineNumberAt(n);
        this.unclosedFieldQuote(start, quote);
        if (triple) this.fail(`unterminated triple-quoted string literal (detected at line ${line})`, start);
        this.fail(`unterminated string literal (detected at line ${line})`, start);
      }
      const c = text.charCodeAt(i);
      if (c === quote) {
        if (!triple) {
          i++;
          break;
        }
        if (text.charCodeAt(i + 1) === quote && text.charCodeAt(i + 2) === quote) {
          i += 3;
          break;
        }
      } else if (c === 92) {
        i += text.charCodeAt(i + 1) === 13 && text.charCodeAt(i + 2) === 10 ? 3 : 2;
        continue;
      } else if ((c === 10 || c === 13) && !triple) {
        this.unclosedFieldQuote(start, quote);
        this.fail(`unterminated string literal (detected at line ${this.lineNumberAt(i)})`, start);
      }
      i++;
    }
    this.emit(Tok.STRING, start, i);
    this.pos = i;
  }

  /**
   * `f"{x"`: an unterminated string that starts with the f-string's own quote
   * inside a replacement field is really a missing `}` (3.12 allows the quote
   * there, so it was taken as the start of a nested string).
   */
  unclosedFieldQuote(start: number, quote: number): void {
    const top = this.mTop;
    if (top >= 0 && this.mType[top] === M_EXPR && this.mQuote[top] === quote) {
      this.fail("f-string: expecting '}'", start);
    }
  }

  /** Literal text of an f-string or of a format spec, up to `{`, `}` or the closing quote. */
  fstringLiteral(): void {
    const text = this.text;
    const n = text.length;
    const top = this.mTop;
    const inSpec = this.mType[top] === M_SPEC;
    const quote = this.mQuote[top]!;
    const triple = this.mTriple[top]!;
    const raw = this.mRaw[top]!;
    const start = this.pos;
    let i = start;
    for (;;) {
      if (i >= n) this.finish();
      const c = text.charCodeAt(i);
      if (c === quote && (!triple || (text.charCodeAt(i + 1) === quote && text.charCodeAt(i + 2) === quote))) {
        if (inSpec) this.fail("f-string: expecting '}'", i);
        if (i > start) this.emit(Tok.FMIDDLE, start, i);
        const end = i + (triple ? 3 : 1);
        this.emit(Tok.FEND, i, end);
        this.mTop--;
        this.popMode();
        this.pos = end;
        return;
      }
      if (c === 10 || c === 13) {
        if (!triple) {
          let k = top;
          while (this.mType[k] !== M_FSTRING) k--;
          this.fail(`unterminated f-string literal (detected at line ${this.lineNumberAt(i)})`, this.mDepth[k]!);
        }
        i++;
        continue;
      }
      if (c === 92) {
        const d = text.charCodeAt(i + 1);
        if (d === 123 || d === 125) {
          i++;
          continue;
        }
        if (!raw && d === 78 && text.charCodeAt(i + 2) === 123) {
          // \N{NAME}: the braces belong to the escape.
          let j = i + 3;
          while (j < n && text.charCodeAt(j) !== 125 && text.charCodeAt(j) !== quote) j++;
          i = j + 1;
          continue;
        }
        i += d === 13 && text.charCodeAt(i + 2) === 10 ? 3 : 2;
        continue;
      }
      if (c === 123) {
        if (!inSpec && text.charCodeAt(i + 1) === 123) {
          i += 2;
          continue;
        }
        if (i > start) this.emit(Tok.FMIDDLE, start, i);
        this.emit(Tok.LBRACE, i, i + 1);
        this.open(123, i);
        this.pushMode(M_EXPR, quote, triple, raw, this.bChar.length);
        this.pos = i + 1;
        return;
      }
      if (c === 125) {
        if (!inSpec) {
          if (text.charCodeAt(i + 1) === 125) {
            i += 2;
            continue;
          }
          this.fail("f-string: single '}' is not allowed", i);
        }
        if (i > start) this.emit(Tok.FMIDDLE, start, i);
        this.emit(Tok.RBRACE, i, i + 1);
        this.close(125, i);
        this.mTop--;
        this.popMode();
        this.pos = i + 1;
        return;
      }
      i++;
    }
  }

  number(start: number): void {
    const text = this.text;
    let i = start;
    let c = text.charCodeAt(i);
    if (c === 48) {
      const d = text.charCodeAt(i + 1) | 32;
      if (d === 120 || d === 111 || d === 98) {
        const what = d === 120 ? "hexadecimal" : d === 111 ? "octal" : "binary";
        i += 2;
        do {
          if (text.charCodeAt(i) === 95) i++;
          c = text.charCodeAt(i);
          const ok = d === 120 ? isHex(c) : d === 111 ? c >= 48 && c <= 55 : c === 48 || c === 49;
          if (!ok) {
            if (isDigit(c)) this.fail(`invalid digit '${String.fromCharCode(c)}' in ${what} literal`, i);
            this.fail(`invalid ${what} literal`, i);
          }
          for (;;) {
            c = text.charCodeAt(++i);
            if (!(d === 120 ? isHex(c) : d === 111 ? c >= 48 && c <= 55 : c === 48 || c === 49)) break;
          }
        } while (text.charCodeAt(i) === 95);
        if (isDigit(text.charCodeAt(i))) {
          this.fail(`invalid digit '${text[i]}' in ${what} literal`, i);
        }
        this.endOfNumber(i, what, start);
        return;
      }
      // Decimal starting with zero: only zeros unless it turns out to be a float.
      i++;
      for (;;) {
        while (text.charCodeAt(i) === 48) i++;
        if (text.charCodeAt(i) === 95) {
          i++;
          if (!isDigit(text.charCodeAt(i))) this.fail("invalid decimal literal", i - 1);
          continue;
        }
        break;
      }
      let nonZero = false;
      if (isDigit(text.charCodeAt(i))) {
        nonZero = true;
        i = this.digits(i);
      }
      c = text.charCodeAt(i);
      if (c !== 46 && (c | 32) !== 101 && (c | 32) !== 106 && nonZero) {
        this.fail(
          "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
          start,
        );
      }
    } else if (c !== 46) {
      i = this.digits(i);
    }
    c = text.charCodeAt(i);
    if (c === 46) {
      i++;
      if (isDigit(text.charCodeAt(i))) i = this.digits(i);
      c = text.charCodeAt(i);
    }
    if ((c | 32) === 101) {
      let j = i + 1;
      const s = text.charCodeAt(j);
      if (s === 43 || s === 45) j++;
      if (isDigit(text.charCodeAt(j))) {
        i = this.digits(j);
      } else {
        this.endOfNumber(i, "decimal", start);
        return;
      }
      c = text.charCodeAt(i);
    }
    if ((c | 32) === 106) i++;
    this.endOfNumber(i, "decimal", start);
  }

  digits(i: number): number {
    const text = this.text;
    for (;;) {
      while (isDigit(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) !== 95) return i;
      i++;
      if (!isDigit(text.charCodeAt(i))) this.fail("invalid decimal literal", i - 1);
    }
  }

  endOfNumber(i: number, what: string, start: number): void {
    const text = this.text;
    const c = text.charCodeAt(i);
    if ((c < 128 && ID[c] !== 0) || (c >= 128 && i < text.length)) {
      // `1if x else y` and friends are accepted (with a warning) by CPython.
      const ok =
        c < 128 &&
        (text.startsWith("and", i) ||
          text.startsWith("else", i) ||
          text.startsWith("for", i) ||
          text.startsWith("if", i) ||
          text.startsWith("in", i) ||
          text.startsWith("is", i) ||
          text.startsWith("not", i) ||
          text.startsWith("or", i));
      if (!ok) this.fail(`invalid ${what} literal`, what === "decimal" ? start : i);
    }
    this.emit(Tok.NUMBER, start, i);
    this.pos = i;
  }
}

/** 0: not a string prefix; 1: plain (r, u, b, br, rb); 2: f-string; 3: raw f-string. */
function stringPrefix(text: string, s: number, len: number): number {
  const a = text.charCodeAt(s) | 32;
  if (len === 1) {
    if (a === 114 || a === 117 || a === 98) return 1;
    if (a === 102) return 2;
    return 0;
  }
  const b = text.charCodeAt(s + 1) | 32;
  if ((a === 98 && b === 114) || (a === 114 && b === 98)) return 1;
  if ((a === 102 && b === 114) || (a === 114 && b === 102)) return 3;
  return 0;
}

export function tokenize(text: string, lineStarts: readonly number[], comments: Comment[]): Tokens {
  const lx = new Lexer(text, lineStarts, comments);
  let error: TokenizerError | null = null;
  try {
    lx.run();
  } catch (e) {
    if (lx.failAt < 0) throw e;
    error = { error: e as ParseError, openedAt: lx.openedAt };
    lx.emit(Tok.ERRORTOKEN, lx.failAt, lx.failAt);
    lx.emit(Tok.EOF, lx.failAt, lx.failAt);
  }
  // Lookahead past the end reads EOF, not a previous file's tokens.
  const n = text.length;
  lx.emit(Tok.EOF, n, n);
  lx.emit(Tok.EOF, n, n);
  lx.count -= 2;
  return {
    kinds: lx.kinds,
    starts: lx.starts,
    ends: lx.ends,
    count: lx.count,
    nonAsciiNames: lx.nonAsciiNames,
    error,
  };
}
