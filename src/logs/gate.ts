/**
 * The runtime gate's engine: read log inputs into groups, map each group to
 * its source, and decide against the budget. Returns data; prints nothing
 * (the CLI and `logical run` do).
 */
import { createReadStream } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { open } from "node:fs/promises";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { Grouper, type Group, type GroupLevel } from "./groups.js";
import { LineDecoder } from "./line-decoder.js";
import { LogReader, type ReaderStats } from "./reader.js";
import { readPartInWorker, readSplit, SPLIT_MIN_BYTES, splitPoint } from "./split.js";
import { indexProject, mapGroup, type Origin, type ProjectIndex } from "./sources.js";

export interface Budget {
  maxWarnings: number;
  maxErrors: number;
}

/** One group in the JSON contract (version 1). */
export interface GroupReport {
  level: GroupLevel;
  template: string;
  count: number;
  example: string;
  origin: Origin;
  module?: string;
  source?: { file: string; line: number };
  advice: string;
  suppress?: string;
  first?: string;
  last?: string;
}

/** `logical logs --format json`, version 1. `warnings`/`errors` count records; a traceback belongs to its record. */
export interface LogsReport {
  version: 1;
  warnings: number;
  errors: number;
  groups: GroupReport[];
  lines: number;
  records: number;
  unrecognised: number;
}

/** Reads one input into the grouper: a stream of UTF-8 text, decoded a chunk of whole lines at a time. */
export function readStream(stream: Readable, sink: LogSink): Promise<void> {
  return new Promise((resolve, reject) => {
    const decoder = new LineDecoder((text) => sink.reader.write(text));
    stream.on("data", (chunk: Buffer | string) => {
      if (typeof chunk === "string") sink.reader.write(chunk);
      else decoder.write(chunk);
    });
    stream.on("error", reject);
    stream.on("end", () => {
      decoder.end();
      sink.reader.end();
      resolve();
    });
  });
}

/** A reader per input, all feeding one grouper. */
export class LogSink {
  readonly reader: LogReader;
  constructor(
    readonly grouper: Grouper,
    readonly input: string,
  ) {
    this.reader = new LogReader((record) => grouper.add(record, input));
  }
}

export function addStats(total: ReaderStats, more: ReaderStats): void {
  total.lines += more.lines;
  total.records += more.records;
  total.unrecognised += more.unrecognised;
}

/**
 * Reads a log into the sink: stdin for `-`, a `.gz` file decompressed on the
 * fly, or a plain file through one reused buffer (a fresh buffer per chunk
 * costs page faults that show on multi-GB logs). A large file is read in two
 * halves at once when a core is free (see split.ts and coreToSpare).
 */
export async function readLog(file: string, sink: LogSink): Promise<void> {
  if (file === "-") return readStream(process.stdin, sink);
  if (file.endsWith(".gz")) {
    const stream = createReadStream(file);
    const gunzip = createGunzip();
    stream.on("error", (e) => gunzip.destroy(e));
    return readStream(stream.pipe(gunzip), sink);
  }
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    if (size >= SPLIT_MIN_BYTES && coreToSpare()) {
      const split = await splitPoint(handle, size);
      if (split !== -1) {
        const part = readPartInWorker({ file, start: split, end: size, input: sink.input });
        await readSplit(handle, split, sink, part);
        return;
      }
    }
    const buffer = Buffer.allocUnsafe(CHUNK);
    const decoder = new LineDecoder((text) => sink.reader.write(text));
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
      if (bytesRead === 0) break;
      decoder.write(buffer.subarray(0, bytesRead));
    }
    decoder.end();
    sink.reader.end();
  } finally {
    await handle.close();
  }
}

const CHUNK = 1 << 20;

/**
 * Whether a second thread would find a core to itself: two or more cores and
 * a 1-minute load average below one less than their number. Reading in two
 * halves costs about a third more CPU time (two heaps, two warm-ups); on a
 * machine whose cores are busy it saves no wall time, so it is not done there.
 */
function coreToSpare(): boolean {
  const cores = availableParallelism();
  return cores >= 2 && loadavg()[0] < cores - 1;
}

const MAX_EXAMPLE_LINES = 40;

function exampleOf(group: Group): string {
  const r = group.example;
  const lines = [r.text, ...r.detail.slice(0, MAX_EXAMPLE_LINES)];
  const more = r.moreDetail + Math.max(0, r.detail.length - MAX_EXAMPLE_LINES);
  if (more > 0) lines.push(`… ${more} more ${more === 1 ? "line" : "lines"}`);
  return lines.join("\n");
}

function compareGroups(a: Group, b: Group): number {
  if (a.level !== b.level) return a.level === "error" ? -1 : 1;
  if (a.count !== b.count) return b.count - a.count;
  if (a.input !== b.input) return a.input < b.input ? -1 : 1;
  return a.example.line - b.example.line;
}

export interface ReportOptions {
  /** The project whose log calls the groups are matched against. */
  project: string;
  cwd: string;
  ignore?: readonly string[];
}

/** Groups, sorted (errors first, then the most frequent), mapped to their sources. */
export async function buildReport(
  grouper: Grouper,
  stats: ReaderStats,
  options: ReportOptions,
): Promise<{ report: LogsReport; index: ProjectIndex | null }> {
  const groups = [...grouper.groups.values()].sort(compareGroups);
  // Modelling the project is the slow part: only when there is something to map.
  const index = groups.length > 0 ? await indexProject(options.project, options.cwd, options.ignore) : null;
  const report: LogsReport = {
    version: 1,
    warnings: grouper.warnings,
    errors: grouper.errors,
    groups: groups.map((g) => groupReport(g, index!, options.cwd)),
    lines: stats.lines,
    records: stats.records,
    unrecognised: stats.unrecognised,
  };
  return { report, index };
}

export function groupReport(group: Group, index: ProjectIndex, cwd: string): GroupReport {
  const mapping = mapGroup(group, index, cwd);
  const out: GroupReport = {
    level: group.level,
    template: group.template,
    count: group.count,
    example: exampleOf(group),
    origin: mapping.origin,
    ...(mapping.module !== undefined ? { module: mapping.module } : {}),
    ...(mapping.source !== undefined ? { source: mapping.source } : {}),
    advice: mapping.advice,
  };
  if (mapping.suppress !== undefined) out.suppress = mapping.suppress;
  if (group.first !== null) out.first = group.first;
  if (group.last !== null) out.last = group.last;
  return out;
}

/** The gate: over the budget is a failure. */
export function overBudget(report: Pick<LogsReport, "warnings" | "errors">, budget: Budget): boolean {
  return report.warnings > budget.maxWarnings || report.errors > budget.maxErrors;
}
