import { randomBytes } from "node:crypto";
import { chmod, open, readFile, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";

/**
 * Writing a converted file: atomically (a temp file in the same directory,
 * then rename), in the file's own encoding, with its BOM. Hand-rolled
 * rather than write-file-atomic: it is the same 20 lines (temp name, fsync,
 * mode, rename), without its ownership and queueing features, which a
 * one-shot codemod does not need.
 */

const BOM = "\uFEFF";
const CODING_COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
const MULTI_BYTE = /^(?:shift[-_]?jis|sjis|euc-jp|euc-kr|gbk|gb2312|gb18030|big5|iso-2022-jp|utf-16(?:le|be)?)$/;

export interface EncodedText {
  bom: boolean;
  /** The WHATWG label the file was decoded with (`utf-8`, `windows-1252`, …), as the reader does. */
  label: string;
}

/**
 * How a file's bytes are encoded, as far as writing them back goes: UTF-8
 * (with or without BOM), or a single-byte encoding a Python file declares
 * (`# coding: latin-1`, `cp1252`); null for multi-byte legacy encodings,
 * which are not written.
 */
export function encodingOf(bytes: Buffer, file: string): EncodedText | null {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (!/\.pyi?$/.test(file)) return { bom, label: "utf-8" };
  const head = bytes.subarray(0, 400).toString("latin1").split(/\r?\n/, 2);
  for (const line of head) {
    const m = CODING_COOKIE.exec(line);
    if (m) {
      // The same codec → label mapping as the reader (src/discover/read-source.ts).
      const name = m[1]!.toLowerCase().replace(/_/g, "-");
      if (/^utf-?8(?:-sig)?$/.test(name)) return { bom, label: "utf-8" };
      const label = /^(?:latin-?1|iso-?8859-1|l1)$/.test(name) ? "latin1" : name.replace(/^cp(\d+)$/, "windows-$1");
      return MULTI_BYTE.test(label) ? null : { bom: false, label };
    }
    if (!/^\s*#/.test(line)) break;
  }
  return { bom, label: "utf-8" };
}

/** The text of `bytes` as the frontends saw it (decoded like the reader, without a BOM). */
export function decodeText(bytes: Buffer, encoding: EncodedText): string {
  return new TextDecoder(encoding.label).decode(bytes);
}

const singleByteTables = new Map<string, Map<string, number>>();

/** char → byte for a single-byte encoding, built from the decoder itself so both directions agree. */
function singleByteTable(label: string): Map<string, number> {
  let table = singleByteTables.get(label);
  if (!table) {
    table = new Map();
    const decoder = new TextDecoder(label);
    for (let b = 0; b < 256; b++) {
      const ch = decoder.decode(Uint8Array.of(b));
      if (ch.length === 1 && ch !== "\uFFFD" && !table.has(ch)) table.set(ch, b);
    }
    singleByteTables.set(label, table);
  }
  return table;
}

/** `text` as bytes in the file's encoding, with its BOM; null when a character has no byte there. */
export function encodeText(text: string, encoding: EncodedText): Buffer | null {
  if (encoding.label === "utf-8") return Buffer.from((encoding.bom ? BOM : "") + text, "utf8");
  const table = singleByteTable(encoding.label);
  const out = Buffer.alloc(text.length);
  for (let i = 0; i < text.length; i++) {
    const b = table.get(text[i]!);
    if (b === undefined) return null;
    out[i] = b;
  }
  return out;
}

/** Writes `data` to `file` atomically: readers see the old file or the new one, never half of either. */
export async function writeFileAtomic(file: string, data: Buffer | string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString("hex")}.logical-tmp`);
  let mode: number | null = null;
  try {
    mode = (await stat(file)).mode & 0o7777;
  } catch (error) {
    if (!isMissing(error)) throw error; // a new file keeps the default mode
  }
  const handle = await open(tmp, "wx");
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    if (mode !== null) await chmod(tmp, mode);
    await rename(tmp, file);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
}

/** Reads a file's bytes, or null when it does not exist. */
export async function readBytes(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === "ENOENT";
}
