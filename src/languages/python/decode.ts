/**
 * Bytes → text for Python source files, as CPython reads them (PEP 263 and
 * PEP 3120): UTF-8 unless a BOM or a `coding:` cookie in the first two lines
 * says otherwise. Errors are ParseErrors, like CPython's SyntaxErrors for
 * undecodable source.
 */
import { Buffer, isAscii, isUtf8 } from "node:buffer";
import { ParseError } from "../../model/types.js";

const COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
const BLANK_OR_COMMENT = /^[ \t\f]*(?:#.*)?$/;

function lineAt(bytes: Uint8Array, start: number): { text: string; next: number } {
  let i = start;
  while (i < bytes.length && bytes[i] !== 10 && bytes[i] !== 13) i++;
  let text = "";
  for (let j = start; j < i; j++) text += String.fromCharCode(bytes[j]!);
  let next = i;
  if (bytes[next] === 13) next++;
  if (bytes[next] === 10) next++;
  return { text, next };
}

/** Python's name for the encoding, normalised the way its codec lookup does. */
function normalise(name: string): string {
  let n = name.toLowerCase().replace(/_/g, "-");
  if (n === "utf8" || n === "utf-8" || n.startsWith("utf-8-") || n === "u8" || n === "utf" || n === "cp65001")
    n = "utf-8";
  else if (/^(latin-?1|iso-?8859-1(-.*)?|8859|cp819|l1|latin)$/.test(n)) n = "latin-1";
  else if (n === "ascii" || n === "us-ascii" || n === "646") n = "ascii";
  else if (n === "cp1252" || n === "windows-1252" || n === "windows1252") n = "cp1252";
  return n;
}

/** Bytes 0x80–0x9F of cp1252 (Node 20's TextDecoder decodes windows-1252 as latin-1); 0: undefined. */
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0, 0,
  0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

/** Offset of the first byte that is not valid UTF-8, or -1. */
function invalidUtf8(b: Uint8Array, from: number): number {
  const n = b.length;
  let i = from;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 10) line++;
    else if (bytes[i] === 13 && bytes[i + 1] !== 10) line++;
  }
  return line;
}

export function decodePythonSource(bytes: Uint8Array): string {
  let start = 0;
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (bom) start = 3;
  // The cookie: on line 1, or on line 2 when line 1 is blank or a comment.
  let encoding: string | null = null;
  let cookieLine = 1;
  const l1 = lineAt(bytes, start);
  let m = COOKIE.exec(l1.text);
  if (m === null && BLANK_OR_COMMENT.test(l1.text)) {
    const l2 = lineAt(bytes, l1.next);
    m = COOKIE.exec(l2.text);
    cookieLine = 2;
  }
  if (m !== null) encoding = m[1]!;
  const enc = encoding === null ? "utf-8" : normalise(encoding);
  // With a BOM, CPython wants the cookie spelled utf-8 (or utf-8-*, any case, `_` for `-`).
  const spelledUtf8 = encoding === null || /^utf[-_]8(?:[-_].*)?$/i.test(encoding);
  if (bom && !spelledUtf8) throw new ParseError(`encoding problem: ${encoding} with BOM`, cookieLine, 0);
  if (enc === "utf-8") {
    // simdutf checks (and ASCII, most source, becomes a one-byte string directly); the byte-by-byte
    // scan runs only to say where a file goes wrong.
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (isAscii(buffer)) return buffer.toString("latin1");
    const bad = isUtf8(buffer) ? -1 : invalidUtf8(bytes, start);
    if (bad >= 0) {
      throw new ParseError(
        `(unicode error) 'utf-8' codec can't decode byte 0x${bytes[bad]!.toString(16)} in position ${bad - start}: invalid start byte`,
        lineOfByte(bytes, bad),
        0,
      );
    }
    // Keep the BOM in the text: offsets stay those of the file.
    return buffer.toString("utf8");
  }
  if (enc === "latin-1" || enc === "ascii" || enc === "cp1252") {
    let out = "";
    const CHUNK = 8192;
    for (let i = start; i < bytes.length; i += CHUNK) {
      let part: Uint8Array | Uint16Array = bytes.subarray(i, Math.min(bytes.length, i + CHUNK));
      if (enc === "cp1252") {
        const wide = new Uint16Array(part.length);
        for (let k = 0; k < part.length; k++) {
          const b = part[k]!;
          const c = b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : b;
          if (c === 0) {
            throw new ParseError(
              `(unicode error) 'charmap' codec can't decode byte 0x${b.toString(16)}`,
              lineOfByte(bytes, i + k),
              0,
            );
          }
          wide[k] = c;
        }
        part = wide;
      }
      if (enc === "ascii") {
        const bad = part.findIndex((b) => b >= 0x80);
        if (bad >= 0) {
          throw new ParseError(
            `(unicode error) 'ascii' codec can't decode byte 0x${part[bad]!.toString(16)}`,
            lineOfByte(bytes, i + bad),
            0,
          );
        }
      }
      out += String.fromCharCode(...part);
    }
    return out;
  }
  let decoder: InstanceType<typeof TextDecoder> | null = null;
  for (const label of [enc, enc.replace(/-/g, "_"), enc.replace(/-/g, "")]) {
    try {
      decoder = new TextDecoder(label, { fatal: true });
      break;
    } catch {
      // try the next spelling
    }
  }
  if (decoder === null) throw new ParseError(`unknown encoding: ${encoding}`, cookieLine, 0);
  try {
    return decoder.decode(bytes.subarray(start));
  } catch {
    throw new ParseError(`(unicode error) '${encoding}' codec can't decode the file`, 1, 0);
  }
}
