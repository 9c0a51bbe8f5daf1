/**
 * The baseline (ratchet): a file of known findings that a run does not report,
 * so a legacy repository can switch the gate on today and only new findings
 * fail. Pure: the CLI reads and writes the file and the sources.
 *
 * An entry is keyed by rule + file + a fingerprint of the code (the finding's
 * source line with whitespace collapsed, plus its message), never the line
 * number, so it survives unrelated edits that move lines. Identical lines in
 * one file share an entry with a count.
 */
import { createHash } from "node:crypto";
import type { Finding } from "./analyse.js";

export interface BaselineEntry {
  ruleId: string;
  file: string;
  fingerprint: string;
  count: number;
}

export interface Baseline {
  version: 1;
  entries: BaselineEntry[];
}

export interface BaselineComparison<F> {
  /** Findings not covered by the baseline, in their input order. */
  fresh: F[];
  /** How many baseline findings (in scope) are gone: fixed, or their code changed. */
  stale: number;
}

type Located = Pick<Finding, "ruleId" | "file" | "line" | "message">;

/** Hash of the whitespace-collapsed line text and the message; 16 hex digits is plenty per file and rule. */
export function fingerprint(lineText: string, message: string): string {
  const code = lineText.replace(/\s+/g, " ").trim();
  return createHash("sha256").update(`${code}\0${message}`).digest("hex").slice(0, 16);
}

function sourceLine(sources: ReadonlyMap<string, string>, file: string, line: number): string {
  return (sources.get(file) ?? "").split(/\r\n?|\n/)[line - 1] ?? "";
}

function key(ruleId: string, file: string, print: string): string {
  return `${ruleId}\0${file}\0${print}`;
}

function counts(findings: readonly Located[], sources: ReadonlyMap<string, string>): Map<string, BaselineEntry> {
  const byKey = new Map<string, BaselineEntry>();
  for (const f of findings) {
    const print = fingerprint(sourceLine(sources, f.file, f.line), f.message);
    const k = key(f.ruleId, f.file, print);
    const entry = byKey.get(k);
    if (entry) entry.count++;
    else byKey.set(k, { ruleId: f.ruleId, file: f.file, fingerprint: print, count: 1 });
  }
  return byKey;
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  for (const field of ["file", "ruleId", "fingerprint"] as const) {
    if (a[field] !== b[field]) return a[field] < b[field] ? -1 : 1;
  }
  return 0;
}

/**
 * The baseline of `findings` (`sources`: file → text, for every finding's
 * file). `keep`: entries of an older baseline to carry over unchanged (those
 * outside a narrowed run's files or rules). Sorted, so diffs are reviewable.
 */
export function buildBaseline(
  findings: readonly Located[],
  sources: ReadonlyMap<string, string>,
  keep: readonly BaselineEntry[] = [],
): Baseline {
  const byKey = counts(findings, sources);
  for (const e of keep) {
    const k = key(e.ruleId, e.file, e.fingerprint);
    const entry = byKey.get(k);
    if (entry) entry.count += e.count;
    else byKey.set(k, { ...e });
  }
  return { version: 1, entries: [...byKey.values()].sort(compareEntries) };
}

/**
 * Splits findings into those the baseline covers and the fresh ones. Each
 * entry absorbs up to `count` findings with its key; entries for which
 * `inScope` is true and that absorbed fewer count toward `stale`.
 */
export function compareWithBaseline<F extends Located>(
  findings: readonly F[],
  sources: ReadonlyMap<string, string>,
  baseline: Baseline,
  inScope: (entry: BaselineEntry) => boolean = () => true,
): BaselineComparison<F> {
  const remaining = new Map<string, number>();
  for (const e of baseline.entries) {
    const k = key(e.ruleId, e.file, e.fingerprint);
    remaining.set(k, (remaining.get(k) ?? 0) + e.count);
  }
  const fresh: F[] = [];
  for (const f of findings) {
    const k = key(f.ruleId, f.file, fingerprint(sourceLine(sources, f.file, f.line), f.message));
    const left = remaining.get(k) ?? 0;
    if (left > 0) remaining.set(k, left - 1);
    else fresh.push(f);
  }
  let stale = 0;
  for (const e of baseline.entries) {
    if (!inScope(e)) continue;
    const k = key(e.ruleId, e.file, e.fingerprint);
    const left = remaining.get(k) ?? 0;
    const taken = Math.min(left, e.count);
    stale += taken;
    remaining.set(k, left - taken);
  }
  return { fresh, stale };
}

/** Parses a baseline file's text; throws an Error naming what is wrong. */
export function parseBaseline(text: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`not JSON (${(error as Error).message})`, { cause: error });
  }
  const d = data as { version?: unknown; entries?: unknown };
  if (typeof d !== "object" || d === null || d.version !== 1 || !Array.isArray(d.entries)) {
    throw new Error('expected { "version": 1, "entries": [...] }');
  }
  d.entries.forEach((e: unknown, i) => {
    const x = e as Partial<Record<keyof BaselineEntry, unknown>>;
    const ok =
      typeof x === "object" &&
      x !== null &&
      typeof x.ruleId === "string" &&
      typeof x.file === "string" &&
      typeof x.fingerprint === "string" &&
      Number.isInteger(x.count) &&
      (x.count as number) > 0;
    if (!ok) throw new Error(`entries[${i}]: expected { ruleId, file, fingerprint, count > 0 }`);
  });
  return data as Baseline;
}

/** The file's text: one entry per line, so a diff shows exactly which entries changed. */
export function formatBaseline(baseline: Baseline): string {
  const lines = baseline.entries.map((e) => `    ${JSON.stringify(e)}`);
  return `{\n  "version": 1,\n  "entries": [\n${lines.join(",\n")}${lines.length ? "\n" : ""}  ]\n}\n`;
}
