/** Decoding of Python string literal bodies (escapes, newlines, f-string brace doubling). */

export type Fail = (message: string, offset: number) => never;

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 32;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

/**
 * Decodes text[s, e) — the body of a literal between its quotes (or an
 * f-string literal piece). `raw` keeps backslashes; `bytes` rejects non-ASCII
 * and `\u` escapes; `fstring` turns `{{`/`}}` into `{`/`}`. Newlines in the
 * source (`\r\n`, `\r`) become `\n` like CPython's universal newlines.
 * `\N{NAME}` escapes are kept as written (no Unicode name table here).
 */
export function decodeBody(
  text: string,
  s: number,
  e: number,
  raw: boolean,
  bytes: boolean,
  fstring: boolean,
  fail: Fail,
): string {
  let i = s;
  for (; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 || c === 13 || (fstring && (c === 123 || c === 125)) || (bytes && c >= 128)) break;
  }
  if (i === e) return text.slice(s, e);
  let out = text.slice(s, i);
  let run = i;
  while (i < e) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      out += text.slice(run, i) + "\n";
      i += text.charCodeAt(i + 1) === 10 ? 2 : 1;
      run = i;
      continue;
    }
    if (bytes && c >= 128) fail("bytes can only contain ASCII literal characters", i);
    if (fstring && (c === 123 || c === 125)) {
      // The tokenizer only leaves doubled braces in literal pieces.
      out += text.slice(run, i + 1);
      i += text.charCodeAt(i + 1) === c ? 2 : 1;
      run = i;
      continue;
    }
    if (c !== 92) {
      i++;
      continue;
    }
    // A backslash.
    const d = text.charCodeAt(i + 1);
    if (fstring && (d === 123 || d === 125)) {
      // `\{` in an f-string: the brace is handled on its own (CPython warns).
      i++;
      continue;
    }
    if (raw) {
      // Raw strings keep the backslash and the next character as written,
      // except that a newline after it is still normalised.
      i += d === 13 ? 1 : 2;
      continue;
    }
    out += text.slice(run, i);
    i += 2;
    switch (d) {
      case 10: // backslash-newline: line continuation inside the literal
        break;
      case 13:
        if (text.charCodeAt(i) === 10) i++;
        break;
      case 92:
        out += "\\";
        break;
      case 39:
        out += "'";
        break;
      case 34:
        out += '"';
        break;
      case 97:
        out += "\x07";
        break;
      case 98:
        out += "\b";
        break;
      case 102:
        out += "\f";
        break;
      case 110:
        out += "\n";
        break;
      case 114:
        out += "\r";
        break;
      case 116:
        out += "\t";
        break;
      case 118:
        out += "\v";
        break;
      case 120: // \xhh
      case 117: // \uhhhh
      case 85: {
        // \Uhhhhhhhh
        if (bytes && d !== 120) {
          out += text.slice(i - 2, i);
          break;
        }
        const n = d === 120 ? 2 : d === 117 ? 4 : 8;
        let v = 0;
        for (let k = 0; k < n; k++) {
          const h = i + k < e ? hexValue(text.charCodeAt(i + k)) : -1;
          if (h < 0) {
            const what = d === 120 ? "\\xXX" : d === 117 ? "\\uXXXX" : "\\UXXXXXXXX";
            fail(
              bytes
                ? `(value error) invalid \\x escape at position ${i - 2 - s}`
                : `(unicode error) 'unicodeescape' codec can't decode bytes: truncated ${what} escape`,
              i - 2,
            );
          }
          v = v * 16 + h;
        }
        if (v > 0x10ffff)
          fail("(unicode error) 'unicodeescape' codec can't decode bytes: illegal Unicode character", i - 2);
        out += String.fromCodePoint(v);
        i += n;
        break;
      }
      case 78: // \N{NAME}
        if (!bytes && text.charCodeAt(i) === 123) {
          const close = text.indexOf("}", i);
          if (close < 0 || close >= e) {
            fail("(unicode error) 'unicodeescape' codec can't decode bytes: malformed \\N character escape", i - 2);
          }
          out += text.slice(i - 2, close + 1);
          i = close + 1;
        } else {
          if (!bytes)
            fail("(unicode error) 'unicodeescape' codec can't decode bytes: malformed \\N character escape", i - 2);
          out += "\\N";
        }
        break;
      default:
        if (d >= 48 && d <= 55) {
          let v = d - 48;
          for (let k = 0; k < 2; k++) {
            const o = text.charCodeAt(i);
            if (i < e && o >= 48 && o <= 55) {
              v = v * 8 + (o - 48);
              i++;
            } else break;
          }
          out += String.fromCharCode(v);
        } else {
          // Unknown escape: kept as written (CPython warns).
          if (i - 1 >= e) {
            out += "\\";
            i = e;
          } else {
            const cp = text.codePointAt(i - 1)!;
            const w = cp > 0xffff ? 2 : 1;
            if (bytes && cp >= 128) fail("bytes can only contain ASCII literal characters", i - 1);
            out += "\\" + text.slice(i - 1, i - 1 + w);
            i += w - 1;
          }
        }
    }
    run = i;
  }
  out += text.slice(run, e);
  return out;
}
