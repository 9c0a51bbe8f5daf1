import { isAscii } from "node:buffer";

/** Bytes held back waiting for a newline before they are decoded anyway (a line that never ends). */
const MAX_HELD = 1 << 20;
/**
 * Text is emitted in pieces of whole lines of about this many bytes: a string
 * under V8's large-object size (128 KiB) is made in the young generation, and
 * is several times cheaper to make and collect than one of a megabyte.
 */
const PIECE = 64 * 1024;

/**
 * Turns a byte stream into text cut after newlines, so that a UTF-8 sequence
 * is never split between chunks; ASCII text (most logs) takes the one-byte
 * path, a copy rather than a decode. Only the partial line at a chunk's end
 * is held (and copied) until the next chunk. A large chunk is emitted as
 * several pieces of whole lines (see PIECE).
 */
export class LineDecoder {
  private held: Buffer | null = null;

  constructor(private readonly emit: (text: string) => void) {}

  write(chunk: Buffer): void {
    let from = 0;
    if (this.held !== null) {
      const first = chunk.indexOf(10);
      if (first === -1) {
        this.hold(Buffer.concat([this.held, chunk]));
        return;
      }
      this.emit(decode(Buffer.concat([this.held, chunk.subarray(0, first + 1)])));
      this.held = null;
      from = first + 1;
    }
    const last = chunk.lastIndexOf(10);
    if (last < from) {
      if (from < chunk.length) this.hold(Buffer.from(chunk.subarray(from)));
      return;
    }
    this.pieces(chunk, from, last + 1);
    if (last + 1 < chunk.length) this.held = Buffer.from(chunk.subarray(last + 1));
  }

  /** Emits chunk[from, to), which ends with a newline, in pieces that each end with one. */
  private pieces(chunk: Buffer, from: number, to: number): void {
    while (to - from > PIECE) {
      let cut = chunk.lastIndexOf(10, from + PIECE - 1);
      // A line longer than a piece is emitted whole.
      if (cut < from) cut = chunk.indexOf(10, from + PIECE);
      this.emit(decode(chunk.subarray(from, cut + 1)));
      from = cut + 1;
    }
    if (from < to) this.emit(decode(chunk.subarray(from, to)));
  }

  end(): void {
    if (this.held !== null) this.emit(decode(this.held));
    this.held = null;
  }

  private hold(bytes: Buffer): void {
    if (bytes.length <= MAX_HELD) this.held = bytes;
    else {
      this.emit(decode(bytes));
      this.held = null;
    }
  }
}

function decode(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
}
