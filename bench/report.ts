/**
 * The results table, the speed ratios against their targets, and the JSON
 * written next to the corpora (bench/corpora/results/latest.json).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CORPORA } from "./corpora.js";

export interface Entry {
  corpus: string;
  files: number;
  mb: number;
  tool: string;
  label: string;
  status: "ok" | "failed" | "skipped";
  /** Why it was skipped or how it failed. */
  reason?: string;
  /** Median wall-clock seconds over the runs, and every run. */
  seconds: number | null;
  runs: number[];
  /** Median peak RSS (MiB). */
  peakRssMB: number | null;
  /** Median user + system CPU seconds. */
  cpuSeconds: number | null;
  findings: number | null;
  filesSeen: number | null;
  parseErrors: number | null;
  byRule: Record<string, number>;
  note?: string;
  /** Highest 1-minute load average seen just before this corpus's runs (other work on the machine). */
  loadBefore?: number;
}

export interface Ratio {
  corpus: string;
  name: string;
  /** Of wall-clock medians: what the target is about. */
  value: number | null;
  /** The same of CPU medians, steadier when the machine is busy; no target. */
  cpuValue: number | null;
  target: string;
  status: "PASS" | "MISS" | "n/a";
}

interface RatioRule {
  name: string;
  numerator: string;
  denominator: string;
  op: ">=" | "<=";
  target: number;
}

/**
 * Compared on the matching rule (no-print); the stage-rules and all-rules rows show what the
 * critical-stage checks and the rest of logical cost, against the same bounds.
 */
const RATIOS: RatioRule[] = [
  { name: "eslint/logical", numerator: "eslint", denominator: "logical-no-print", op: ">=", target: 20 },
  { name: "logical/oxlint", numerator: "logical-no-print", denominator: "oxlint", op: "<=", target: 3 },
  { name: "logical/ruff", numerator: "logical-no-print", denominator: "ruff", op: "<=", target: 1 },
  { name: "eslint/logical[stage rules]", numerator: "eslint", denominator: "logical-stages", op: ">=", target: 20 },
  { name: "logical[stage rules]/oxlint", numerator: "logical-stages", denominator: "oxlint", op: "<=", target: 3 },
  { name: "logical[stage rules]/ruff", numerator: "logical-stages", denominator: "ruff", op: "<=", target: 1 },
  { name: "eslint/logical[all rules]", numerator: "eslint", denominator: "logical-all", op: ">=", target: 20 },
  { name: "logical[all rules]/oxlint", numerator: "logical-all", denominator: "oxlint", op: "<=", target: 3 },
  { name: "logical[all rules]/ruff", numerator: "logical-all", denominator: "ruff", op: "<=", target: 1 },
];

export function ratios(entries: Entry[]): Ratio[] {
  const out: Ratio[] = [];
  const corpora = [...new Set(entries.map((e) => e.corpus))];
  for (const corpus of corpora) {
    const time = (tool: string, key: "seconds" | "cpuSeconds"): number | null | undefined => {
      const e = entries.find((x) => x.corpus === corpus && x.tool === tool);
      return e === undefined ? undefined : e.status === "ok" ? e[key] : null;
    };
    const ratio = (a: number | null | undefined, b: number | null | undefined): number | null =>
      a != null && b != null && b > 0 ? a / b : null;
    for (const r of RATIOS) {
      const a = time(r.numerator, "seconds");
      const b = time(r.denominator, "seconds");
      // A ratio belongs to a corpus only where both tools apply to it.
      if (a === undefined || b === undefined) continue;
      const value = ratio(a, b);
      const pass = value === null ? null : r.op === ">=" ? value >= r.target : value <= r.target;
      out.push({
        corpus,
        name: r.name,
        value,
        cpuValue: ratio(time(r.numerator, "cpuSeconds"), time(r.denominator, "cpuSeconds")),
        target: `${r.op} ${r.target}`,
        status: pass === null ? "n/a" : pass ? "PASS" : "MISS",
      });
    }
  }
  return out;
}

export function printTable(entries: Entry[], rs: Ratio[], print: (s: string) => void): void {
  const rows: string[][] = [
    [
      "corpus",
      "files",
      "MB",
      "tool",
      "seconds",
      "CPU s",
      "findings",
      "peak RSS MB",
      "files seen",
      "parse errors",
      "load",
    ],
  ];
  for (const e of entries) {
    rows.push([
      e.corpus,
      String(e.files),
      e.mb.toFixed(1),
      e.label,
      e.status === "ok" ? (e.seconds as number).toFixed(2) : e.status,
      e.cpuSeconds === null ? "-" : e.cpuSeconds.toFixed(2),
      num(e.findings),
      e.peakRssMB === null ? "-" : e.peakRssMB.toFixed(0),
      num(e.filesSeen),
      num(e.parseErrors),
      e.loadBefore === undefined ? "-" : e.loadBefore.toFixed(1),
    ]);
  }
  print(align(rows, [false, true, true, false, true, true, true, true, true, true, true]));
  const notes = entries.filter((e) => e.reason || e.note);
  if (notes.length > 0) {
    print("");
    for (const e of notes) print(`  ${e.corpus} / ${e.label}: ${e.reason ?? e.note}`);
  }
  print("");
  const rr: string[][] = [["corpus", "ratio", "wall clock", "target", "status", "CPU (info)"]];
  for (const r of rs) {
    rr.push([
      r.corpus,
      r.name,
      r.value === null ? "-" : r.value.toFixed(2),
      r.target,
      r.status,
      r.cpuValue === null ? "-" : r.cpuValue.toFixed(2),
    ]);
  }
  print(align(rr, [false, false, true, false, false, true]));
}

function num(n: number | null): string {
  return n === null ? "-" : String(n);
}

function align(rows: string[][], right: boolean[]): string {
  const widths = (rows[0] as string[]).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows
    .map((r, ri) => {
      const line = r
        .map((c, i) => (right[i] ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number)))
        .join("  ")
        .trimEnd();
      return ri === 0 ? `${line}\n${"-".repeat(line.length)}` : line;
    })
    .join("\n");
}

export function writeJson(payload: unknown): string {
  const dir = join(CORPORA, "results");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "latest.json");
  writeFileSync(file, `${JSON.stringify(payload, null, 2)}\n`);
  return file;
}
