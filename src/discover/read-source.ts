import { isAscii, isUtf8 } from "node:buffer";
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from "node:fs";
import { decodePythonSource } from "../languages/python/decode.js";
import { ParseError } from "../model/types.js";
import { describeFsError } from "./discover.js";

export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

export type SourceRead = { ok: true; text: string } | { ok: false; reason: string };

/**
 * Reads a source file as text, refusing what no parser should see: huge
 * files, binaries, and bytes that are not valid in the file's encoding
 * (UTF-8; for Python, CPython's own decoding rules). Synchronous: for many
 * small files a blocking read beats a round trip through libuv's thread pool.
 */
export function readSource(file: string, maxBytes = DEFAULT_MAX_FILE_BYTES): SourceRead {
  return readSourceIf(file, maxBytes, null)!;
}

/**
 * One buffer per thread for the raw bytes: most files of a narrowed run are
 * turned down on their bytes, so reading them into fresh buffers only fed the
 * garbage collector (47 MB on the npm bench corpus).
 */
let scratch = Buffer.allocUnsafe(256 * 1024);

/** Opening a FIFO for reading must not wait for a writer; fstat then turns it down. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * As readSource, but null when `wanted` turns the raw bytes down: a file no
 * rule could match is never decoded (most files, on a run narrowed to one rule).
 * The bytes handed to `wanted` are only valid during the call.
 */
export function readSourceIf(
  file: string,
  maxBytes: number,
  wanted: ((bytes: Buffer) => boolean) | null,
): SourceRead | null {
  let bytes: Buffer;
  let fd: number;
  try {
    fd = openSync(file, OPEN_FLAGS);
  } catch (error) {
    // A socket or device cannot be opened like a file; say what it is, as for a FIFO.
    return { ok: false, reason: isOtherThanFile(file) ? "not a regular file" : describeFsError(error) };
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return { ok: false, reason: "not a regular file" };
    if (info.size > maxBytes) {
      return {
        ok: false,
        reason: `skipped: ${formatBytes(info.size)} is over the ${formatBytes(maxBytes)} limit (--max-file-size); probably generated`,
      };
    }
    if (info.size > scratch.length) scratch = Buffer.allocUnsafe(Math.max(info.size, scratch.length * 2));
    let length = 0;
    while (length < info.size) {
      const n = readSync(fd, scratch, length, info.size - length, null);
      if (n === 0) break;
      length += n;
    }
    bytes = scratch.subarray(0, length);
  } catch (error) {
    return { ok: false, reason: describeFsError(error) };
  } finally {
    closeSync(fd);
  }
  const probe = bytes.subarray(0, 8192);
  if (probe.includes(0)) return { ok: false, reason: "skipped: binary file (contains NUL bytes)" };
  if (wanted !== null && !wanted(bytes)) return null;
  if (file.endsWith(".py") || file.endsWith(".pyi")) {
    // CPython's rules: a BOM, a PEP 263 coding cookie on line 1 or 2, UTF-8 otherwise.
    try {
      // Without the BOM, as ESLint hands files to languages and as the JS reader decodes them.
      const text = decodePythonSource(bytes);
      return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
    } catch (error) {
      if (error instanceof ParseError) return { ok: false, reason: `${error.message} (line ${error.line})` };
      throw error;
    }
  }
  return decodeUtf8(bytes);
}

/**
 * UTF-8 without its BOM, as `new TextDecoder("utf-8", { fatal: true })` decodes it, at a fraction
 * of the cost: simdutf validates, and ASCII (most source) becomes a one-byte string directly.
 */
function decodeUtf8(bytes: Buffer): SourceRead {
  if (isAscii(bytes)) return { ok: true, text: bytes.toString("latin1") };
  if (!isUtf8(bytes)) return { ok: false, reason: `not valid utf-8 at byte ${firstInvalidUtf8(bytes)}` };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return { ok: true, text: bytes.toString("utf8", bom) };
}

function isOtherThanFile(file: string): boolean {
  try {
    return !statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence. */
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
