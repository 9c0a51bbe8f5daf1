/**
 * WARNING and ERROR records grouped by message template. A group keeps its
 * count, first and last timestamps and its first record as the example:
 * never the records themselves, so a multi-GB log costs no more than its
 * distinct messages.
 */
import type { Level, LogRecord } from "./reader.js";
import { TemplateMemo } from "./template.js";

export type GroupLevel = Extract<Level, "warning" | "error">;

export interface Group {
  level: GroupLevel;
  template: string;
  count: number;
  /** First and last timestamps as the log wrote them (null when the format has none). */
  first: string | null;
  last: string | null;
  /** The first record of the group: its message, detail lines and where the line said it came from. */
  example: LogRecord;
  /** Which input the example came from (a file name, `-` for stdin, `stderr` in `logical run`). */
  input: string;
}

/** Past this many groups, further templates are counted but not kept (a log whose messages never repeat). */
export const MAX_GROUPS = 10_000;

export class Grouper {
  readonly groups = new Map<string, Group>();
  warnings = 0;
  errors = 0;
  /** Records whose template came after MAX_GROUPS were reached. */
  ungrouped = 0;
  /** The group of the last ERROR record, for a run that failed. */
  lastError: Group | null = null;
  private readonly templates = new TemplateMemo();

  add(record: LogRecord, input: string): void {
    if (record.level !== "warning" && record.level !== "error") return;
    if (record.level === "warning") this.warnings++;
    else this.errors++;
    const message = record.category ? `${record.category}: ${record.message}` : record.message;
    const template = this.templates.of(message);
    // The same message from two places needs two fixes: the place is part of the key.
    const where = record.location ? `${record.location.file}:${record.location.line}` : (record.logger ?? "");
    const key = `${record.level}\u0000${template}\u0000${where}\u0000${record.code ?? ""}`;
    let group = this.groups.get(key);
    if (group === undefined) {
      if (this.groups.size >= MAX_GROUPS) {
        this.ungrouped++;
        return;
      }
      group = {
        level: record.level,
        template,
        count: 0,
        first: record.time,
        last: record.time,
        example: record,
        input,
      };
      this.groups.set(key, group);
    }
    group.count++;
    if (record.time !== null) {
      group.first ??= record.time;
      group.last = record.time;
    }
    if (record.level === "error") this.lastError = group;
  }

  /**
   * Adds the groups of the input's later part, read by another grouper, as if
   * its records had come here after those already added: counts add up, the
   * first timestamp and the example stay the earlier ones. `lineOffset` is the
   * number of lines before that part, added to its examples' line numbers.
   */
  merge(later: GrouperState, lineOffset: number): void {
    for (const [key, group] of later.groups) {
      const here = this.groups.get(key);
      if (here !== undefined) {
        here.count += group.count;
        here.first ??= group.first;
        if (group.last !== null) here.last = group.last;
      } else if (this.groups.size >= MAX_GROUPS) {
        this.ungrouped += group.count;
      } else {
        group.example.line += lineOffset;
        this.groups.set(key, group);
      }
    }
    this.warnings += later.warnings;
    this.errors += later.errors;
    this.ungrouped += later.ungrouped;
    if (later.lastError !== null) this.lastError = this.groups.get(later.lastError) ?? this.lastError;
  }

  /** The grouper as plain data, to be sent from a worker thread and merged. */
  state(): GrouperState {
    let lastError: string | null = null;
    for (const [key, group] of this.groups) if (group === this.lastError) lastError = key;
    return {
      groups: [...this.groups],
      warnings: this.warnings,
      errors: this.errors,
      ungrouped: this.ungrouped,
      lastError,
    };
  }
}

export interface GrouperState {
  /** Groups by key, in the order they were made. */
  groups: [string, Group][];
  warnings: number;
  errors: number;
  ungrouped: number;
  /** The key of the last ERROR record's group. */
  lastError: string | null;
}
