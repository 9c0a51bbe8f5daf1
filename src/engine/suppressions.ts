import type { FileModel } from "../model/types.js";

/**
 * Inline suppressions, shared by the CLI and the ESLint plugin:
 *   `# logical: ignore[no-print]`, `// logical: ignore` (this line),
 *   `// logical-ignore-next-line no-print` (the next line),
 *   `# noqa` / `# noqa: T201` (Ruff's codes, through each rule's `ruffCodes`), and for the
 *   whole file `# ruff: noqa` / `# flake8: noqa` (optionally with codes),
 *   ESLint's `eslint-disable-line`, `eslint-disable-next-line` and `/* eslint-disable *\/ … /* eslint-enable *\/`
 *   naming `logical/<id>` or a rule of the same check (`no-console`, through `eslintRules`).
 * Inside ESLint, ESLint applies its own directives for `logical/<id>`; the plugin
 * then honours only the same-check names (`aliases` mode).
 */
export interface Suppressions {
  isSuppressed(ruleId: string, line: number): boolean;
}

export type EslintDirectiveMode = "all" | "aliases";

const ALL = "*";

const SAME_LINE = /\blogical:\s*ignore(?:\[([^\]]*)\])?/;
const NEXT_LINE = /\blogical-ignore-next-line\b([^\n]*)/;
const NOQA = /(?:^|\s)noqa(?::\s*([A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?/i;
/** `# ruff: noqa`, `# flake8: noqa` (whole file), `# ruff: noqa: T201` (whole file, those codes). */
const FILE_NOQA = /^\s*(?:ruff|flake8)\s*:\s*noqa(?::\s*([A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?\s*$/i;
const ESLINT_LINE = /^\s*eslint-disable-(next-)?line(?:\s([^\n]*))?$/;
const ESLINT_RANGE = /^\s*eslint-(disable|enable)(?:\s([\s\S]*))?$/;
/** `/* eslint no-console: "off" *\/`: an inline rule configuration that turns a rule off for the file. */
const ESLINT_CONFIG = /^\s*eslint\s+([\s\S]+)$/;
const OFF_SETTING = /([@\w/-]+)\s*:\s*(?:\[\s*)?["']?(?:off|0)\b/g;

function names(list: string | undefined): string[] {
  const found = (list ?? "")
    .split("--")[0]!
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
  return found.length === 0 ? [ALL] : found;
}

export function collectSuppressions(
  model: FileModel,
  aliases: ReadonlyMap<string, string>,
  options: { eslintDirectives: EslintDirectiveMode },
): Suppressions {
  const byLine = new Map<number, Set<string>>();
  const add = (line: number, ids: readonly string[]): void => {
    let set = byLine.get(line);
    if (!set) byLine.set(line, (set = new Set()));
    for (const id of ids) set.add(id);
  };
  /** ESLint rule names → logical rule ids this mode honours ("*" for a directive that names no rule). */
  const eslintIds = (list: string[]): string[] =>
    list.flatMap((n) => {
      if (n === ALL) return options.eslintDirectives === "all" ? [ALL] : [];
      if (n.startsWith("logical/")) return options.eslintDirectives === "all" ? [n.slice("logical/".length)] : [];
      const id = aliases.get(n);
      return id ? [id] : [];
    });
  const ranges: { from: number; to: number; ids: string[] }[] = [];
  const open = new Map<string, number>();

  for (const comment of model.comments) {
    const value = comment.value;
    if (!/logical|noqa|eslint/i.test(value)) continue;
    const endLine = comment.line + (value.match(/\n/g)?.length ?? 0);
    let m = SAME_LINE.exec(value);
    if (m) add(comment.line, m[1] === undefined ? [ALL] : names(m[1]));
    m = NEXT_LINE.exec(value);
    if (m) add(endLine + 1, names(m[1]));
    if (model.language === "python" && (m = FILE_NOQA.exec(value))) {
      const ids = m[1] === undefined ? [ALL] : m[1].split(/[\s,]+/).map((c) => aliases.get(c.toUpperCase()) ?? c);
      for (const id of ids) ranges.push({ from: 1, to: Number.POSITIVE_INFINITY, ids: [id] });
      continue;
    }
    if (model.language === "python") {
      m = NOQA.exec(value);
      if (m)
        add(
          comment.line,
          m[1] === undefined ? [ALL] : m[1].split(/[\s,]+/).map((c) => aliases.get(c.toUpperCase()) ?? c),
        );
    }
    m = ESLINT_LINE.exec(value);
    if (m) {
      const ids = eslintIds(names(m[2]));
      if (ids.length > 0) add(m[1] ? endLine + 1 : comment.line, ids);
      continue;
    }
    // File ranges and inline configs: block comments in JS (as ESLint has it), any comment in Python.
    const isBlock = model.language === "python" || model.text.startsWith("/*", comment.range[0]);
    m = isBlock ? ESLINT_CONFIG.exec(value) : null;
    if (m) {
      const off = [...m[1]!.matchAll(OFF_SETTING)].map((setting) => setting[1]!);
      for (const id of eslintIds(off)) ranges.push({ from: 1, to: Number.POSITIVE_INFINITY, ids: [id] });
      continue;
    }
    m = isBlock ? ESLINT_RANGE.exec(value) : null;
    if (m) {
      const ids = eslintIds(names(m[2]));
      for (const id of ids) {
        if (m[1] === "disable") {
          if (!open.has(id)) open.set(id, comment.line);
        } else {
          const from = open.get(id);
          if (from !== undefined) ranges.push({ from, to: comment.line, ids: [id] });
          open.delete(id);
        }
      }
      if (m[1] === "enable" && ids.length === 0 && names(m[2])[0] === ALL) {
        for (const [id, from] of open) ranges.push({ from, to: comment.line, ids: [id] });
        open.clear();
      }
    }
  }
  for (const [id, from] of open) ranges.push({ from, to: Number.POSITIVE_INFINITY, ids: [id] });

  return {
    isSuppressed(ruleId, line) {
      const set = byLine.get(line);
      if (set !== undefined && (set.has(ALL) || set.has(ruleId))) return true;
      return ranges.some((r) => line >= r.from && line <= r.to && (r.ids[0] === ALL || r.ids[0] === ruleId));
    },
  };
}
