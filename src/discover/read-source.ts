import { readFileSync, statSync } from "node:fs";
import { describeFsError } from "./discover.js";

export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

export type SourceRead = { ok: true; text: string } | { ok: false; reason: string };

const CODING_COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

/**
 * Reads a source file as text, refusing what no parser should see: huge
 * files, binaries, and bytes that are not valid in the file's encoding
 * (UTF-8, or a Python file's PEP 263 coding cookie). Synchronous: for many
 * small files a blocking read beats a round trip through libuv's thread pool.
 */
export function readSource(file: string, maxBytes = DEFAULT_MAX_FILE_BYTES): SourceRead {
  return readSourceIf(file, maxBytes, null)!;
}

/**
 * As readSource, but null when `wanted` turns the raw bytes down: a file no
 * rule could match is never decoded (most files, on a run narrowed to one rule).
 */
export function readSourceIf(
  file: string,
  maxBytes: number,
  wanted: ((bytes: Buffer) => boolean) | null,
): SourceRead | null {
  let bytes: Buffer;
  try {
    const info = statSync(file);
    if (!info.isFile()) return { ok: false, reason: "not a regular file" };
    if (info.size > maxBytes) {
      return {
        ok: false,
        reason: `skipped: ${formatBytes(info.size)} is over the ${formatBytes(maxBytes)} limit (--max-file-size); probably generated`,
      };
    }
    bytes = readFileSync(file);
  } catch (error) {
    return { ok: false, reason: describeFsError(error) };
  }
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0)) return { ok: false, reason: "skipped: binary file (contains NUL bytes)" };
  if (wanted !== null && !wanted(bytes)) return null;
  const encoding = file.endsWith(".py") || file.endsWith(".pyi") ? pythonEncoding(bytes) : "utf-8";
  try {
    return { ok: true, text: new TextDecoder(encoding, { fatal: true }).decode(bytes) };
  } catch (error) {
    if (error instanceof RangeError) return { ok: false, reason: `unknown source encoding '${encoding}'` };
    return { ok: false, reason: `not valid ${encoding} at byte ${firstInvalidUtf8(bytes)}` };
  }
}

/** PEP 263: a coding cookie on line 1 or 2 names the encoding; UTF-8 otherwise. */
function pythonEncoding(bytes: Buffer): string {
  const head = bytes.subarray(0, 400).toString("latin1").split(/\r?\n/, 2);
  for (const line of head) {
    const m = CODING_COOKIE.exec(line);
    if (m) return whatwgEncoding(m[1]!);
    if (!/^\s*#/.test(line)) break;
  }
  return "utf-8";
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence. */
/** Python codec names (`latin-1`, `utf_8`, `utf-8-sig`) as the WHATWG labels TextDecoder knows. */
function whatwgEncoding(codec: string): string {
  const name = codec.toLowerCase().replace(/_/g, "-");
  if (/^utf-?8(?:-sig)?$/.test(name)) return "utf-8";
  if (/^(?:latin-?1|iso-?8859-1|l1)$/.test(name)) return "latin1";
  return name.replace(/^cp(\d+)$/, "windows-$1");
}

function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const c = bytes[i]!;
    const trailing = c < 0x80 ? 0 : c >> 5 === 6 ? 1 : c >> 4 === 14 ? 2 : c >> 3 === 30 ? 3 : -1;
    if (trailing < 0) return i;
    for (let k = 1; k <= trailing; k++) {
      if (i + k >= bytes.length || (bytes[i + k]! & 0xc0) !== 0x80) return i;
    }
    i += trailing + 1;
  }
  return bytes.length;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.round(n / 1024)} KB`;
}
