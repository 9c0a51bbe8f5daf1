import type { FileModel } from "../model/types.js";

/**
 * Inline suppressions, shared by the CLI and the ESLint plugin:
 *   `# logical: ignore[no-print]`, `// logical: ignore` (this line),
 *   `// logical-ignore-next-line no-print` (the next line),
 *   `# noqa` / `# noqa: T201` (Ruff's codes, mapped through each rule's `ruffCodes`),
 *   and, in the CLI only, `eslint-disable-line` / `eslint-disable-next-line logical/<id>`
 *   (inside ESLint, ESLint applies those itself).
 */
export interface Suppressions {
  isSuppressed(ruleId: string, line: number): boolean;
}

const ALL = "*";

const SAME_LINE = /\blogical:\s*ignore(?:\[([^\]]*)\])?/;
const NEXT_LINE = /\blogical-ignore-next-line\b([^\n]*)/;
const NOQA = /(?:^|\s)noqa(?::\s*([A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?/i;
const ESLINT = /^\s*eslint-disable-(next-)?line\b([^\n]*)/;

function ids(list: string | undefined): string[] {
  if (list === undefined) return [ALL];
  const found = list
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => s !== "" && s !== "--");
  return found.length === 0 ? [ALL] : found;
}

export function collectSuppressions(
  model: FileModel,
  ruffCodeToRule: ReadonlyMap<string, string>,
  options: { eslintDirectives: boolean },
): Suppressions {
  const byLine = new Map<number, Set<string>>();
  const add = (line: number, names: string[]): void => {
    let set = byLine.get(line);
    if (!set) byLine.set(line, (set = new Set()));
    for (const n of names) set.add(n.replace(/^logical\//, ""));
  };
  for (const comment of model.comments) {
    const value = comment.value;
    if (!/logical|noqa|eslint-disable/i.test(value)) continue;
    const endLine = comment.line + (value.match(/\n/g)?.length ?? 0);
    let m = SAME_LINE.exec(value);
    if (m) add(comment.line, ids(m[1]));
    m = NEXT_LINE.exec(value);
    if (m) add(endLine + 1, ids(m[1]!.split("--")[0]));
    if (model.language === "python") {
      m = NOQA.exec(value);
      if (m) {
        const codes =
          m[1] === undefined ? [ALL] : m[1].split(/[\s,]+/).map((c) => ruffCodeToRule.get(c.toUpperCase()) ?? c);
        add(comment.line, codes);
      }
    }
    if (options.eslintDirectives) {
      m = ESLINT.exec(value);
      if (m) {
        const names = ids(m[2]!.split("--")[0]).filter((n) => n === ALL || n.startsWith("logical/"));
        if (names.length > 0) add(m[1] ? endLine + 1 : comment.line, names);
      }
    }
  }
  return {
    isSuppressed(ruleId, line) {
      const set = byLine.get(line);
      return set !== undefined && (set.has(ALL) || set.has(ruleId));
    },
  };
}
