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
}
