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

export interface EncodedText {
  bom: boolean;
  /** Node's name for the encoding to write back with. */
  encoding: BufferEncoding;
}

/**
 * How a file's bytes are encoded, as far as writing them back goes: UTF-8
 * (with or without BOM), or Latin-1 for a Python file that declares it;
 * null for any other declared encoding (such a file is not written).
 */
export function encodingOf(bytes: Buffer, file: string): EncodedText | null {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (!/\.pyi?$/.test(file)) return { bom, encoding: "utf8" };
  const head = bytes.subarray(0, 400).toString("latin1").split(/\r?\n/, 2);
  for (const line of head) {
    const m = CODING_COOKIE.exec(line);
    if (m) {
      const name = m[1]!.toLowerCase().replace(/_/g, "-");
      if (/^utf-?8(?:-sig)?$/.test(name)) return { bom, encoding: "utf8" };
      if (/^(?:latin-?1|iso-?8859-1|l1)$/.test(name)) return { bom: false, encoding: "latin1" };
      return null;
    }
    if (!/^\s*#/.test(line)) break;
  }
  return { bom, encoding: "utf8" };
}

/** The text of `bytes` as the frontends saw it (without a BOM). */
export function decodeText(bytes: Buffer, encoding: EncodedText): string {
  const text = bytes.toString(encoding.encoding);
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/** `text` as bytes in the given encoding, with the BOM back when the file had one. */
export function encodeText(text: string, encoding: EncodedText): Buffer {
  return Buffer.from((encoding.bom ? BOM : "") + text, encoding.encoding);
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
