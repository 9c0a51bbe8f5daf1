/**
 * A large log file read in two halves at once: a worker thread reads the
 * second half with a reader of its own while the main thread reads the first,
 * and the main thread then reads on into the second half until both readers
 * are in the same state — a record that both started on the same line. From
 * that line on the worker's records are the ones the main thread would have
 * read, so its groups are merged and the main thread stops. The result is the
 * one a single reader gives, record for record; when the readers do not meet
 * within the first WINDOW lines (a traceback of thousands of lines), the main
 * thread reads the second half itself.
 */
import type { FileHandle } from "node:fs/promises";
import { open } from "node:fs/promises";
import { Worker } from "node:worker_threads";
import type { LogSink } from "./gate.js";
import { Grouper, type GrouperState } from "./groups.js";
import { LineDecoder } from "./line-decoder.js";
import { LogReader, type LogRecord, type ReaderStats } from "./reader.js";

/** Lines after the split point within which the two readers must meet. */
export const WINDOW = 4096;
/** Files smaller than this are read by one thread: a worker costs tens of milliseconds to start. */
export const SPLIT_MIN_BYTES = 32 * 1024 * 1024;
const CHUNK = 1 << 20;

export interface PartTask {
  file: string;
  /** Byte offset of the part: just after a newline. */
  start: number;
  /** Byte offset where the file ended when the split was made. */
  end: number;
  input: string;
}

/** The reader's state after one of the part's first lines. */
interface WindowLine {
  /** The pending record's line within the part (1-based), 0 when none. */
  pending: number;
  lines: number;
  records: number;
  unrecognised: number;
}

export interface PartResult {
  window: WindowLine[];
  /** Records emitted while the window was read, each with the number of window lines read before it was emitted. */
  early: { after: number; record: LogRecord }[];
  /** The records emitted after the window, grouped. */
  grouper: GrouperState;
  stats: ReaderStats;
}

/**
 * Feeds text to a reader one newline-ended line at a time for the first
 * WINDOW lines, calling `after` with the count of lines read after each; then
 * all at once. Both readers go through it, so their check points are the same
 * lines however the text was cut into pieces.
 */
class WindowFeeder {
  lines = 0;
  stopped = false;

  constructor(
    private readonly reader: LogReader,
    private readonly after: (lines: number) => boolean,
  ) {}

  write(text: string): void {
    if (this.stopped) return;
    let from = 0;
    while (this.lines < WINDOW) {
      const nl = text.indexOf("\n", from);
      if (nl === -1) break;
      this.reader.write(text.slice(from, nl + 1));
      from = nl + 1;
      this.lines++;
      if (this.after(this.lines)) {
        this.stopped = true;
        return;
      }
    }
    if (from < text.length) this.reader.write(from === 0 ? text : text.slice(from));
  }
}

async function readRange(
  handle: FileHandle,
  from: number,
  to: number | null,
  decoder: LineDecoder,
  stop: () => boolean,
): Promise<void> {
  const buffer = Buffer.allocUnsafe(CHUNK);
  let position = from;
  while (!stop()) {
    const length = to === null ? CHUNK : Math.min(CHUNK, to - position);
    if (length <= 0) break;
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    if (bytesRead === 0) break;
    position += bytesRead;
    decoder.write(buffer.subarray(0, bytesRead));
  }
}

/** Reads the part after the split with a fresh reader (in the worker thread). */
export async function readPart(task: PartTask): Promise<PartResult> {
  const grouper = new Grouper();
  const early: PartResult["early"] = [];
  const window: WindowLine[] = [];
  let inWindow = true;
  let feeder: WindowFeeder | null = null;
  const reader = new LogReader((record) => {
    if (inWindow) early.push({ after: feeder!.lines, record });
    else grouper.add(record, task.input);
  });
  feeder = new WindowFeeder(reader, (lines) => {
    const s = reader.stats;
    window.push({ pending: reader.pendingLine, lines: s.lines, records: s.records, unrecognised: s.unrecognised });
    if (lines === WINDOW) inWindow = false;
    return false;
  });
  const decoder = new LineDecoder((text) => feeder.write(text));
  const handle = await open(task.file, "r");
  try {
    await readRange(handle, task.start, task.end, decoder, () => false);
    decoder.end();
    reader.end();
  } finally {
    await handle.close();
  }
  return { window, early, grouper: grouper.state(), stats: { ...reader.stats } };
}

/** The first byte after the newline at or after the middle of the file, or -1. */
export async function splitPoint(handle: FileHandle, size: number): Promise<number> {
  const buffer = Buffer.allocUnsafe(64 * 1024);
  let position = Math.floor(size / 2);
  while (position < size) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) break;
    const nl = buffer.subarray(0, bytesRead).indexOf(10);
    if (nl !== -1) return position + nl + 1 < size ? position + nl + 1 : -1;
    position += bytesRead;
  }
  return -1;
}

/** Starts a worker thread reading the part. */
export function readPartInWorker(task: PartTask): Promise<PartResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./part-worker.js", import.meta.url), { workerData: task });
    worker.once("message", (result: PartResult) => resolve(result));
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the log reader thread exited with ${code}`)));
  });
}

/**
 * Reads `handle` into the sink as a single reader would, with the part from
 * `split` on read by `part` (a worker's result, or one read here). `part` may
 * fail: the main thread then reads the whole file itself.
 */
export async function readSplit(
  handle: FileHandle,
  split: number,
  sink: LogSink,
  part: Promise<PartResult>,
): Promise<void> {
  const { reader, grouper } = sink;
  const settled = part.then(
    (result) => result,
    () => null,
  );
  const first = new LineDecoder((text) => reader.write(text));
  await readRange(handle, 0, split, first, () => false);
  first.end();
  const offset = reader.stats.lines;
  const result = await settled;
  // The worker's own groups overflowed: its counts cannot be merged exactly.
  const usable = result !== null && result.grouper.ungrouped === 0 ? result : null;
  let met = -1;
  const feeder = new WindowFeeder(reader, (lines) => {
    if (usable === null) return false;
    const theirs = usable.window[lines - 1];
    const ours = reader.pendingLine;
    if (theirs === undefined || theirs.pending === 0 || ours - offset !== theirs.pending) return false;
    met = lines;
    return true;
  });
  const rest = new LineDecoder((text) => feeder.write(text));
  await readRange(handle, split, null, rest, () => feeder.stopped);
  if (met === -1 || usable === null) {
    rest.end();
    reader.end();
    return;
  }
  // From line `met` on, the worker's records are ours.
  const at = usable.window[met - 1]!;
  reader.abandon();
  reader.stats.lines += usable.stats.lines - at.lines;
  reader.stats.records += usable.stats.records - at.records;
  reader.stats.unrecognised += usable.stats.unrecognised - at.unrecognised;
  for (const { after, record } of usable.early) {
    if (after < met) continue;
    record.line += offset;
    grouper.add(record, sink.input);
  }
  grouper.merge(usable.grouper, offset);
}
