/**
 * Needles: text a file's code must contain for a rule (or a project fact) to
 * find anything in it. A file no needle matches is only syntax-checked, never
 * modelled, so each needle must be a necessary condition, never a guess.
 *
 * A needle is a string or a regular expression; a list of needles inside the
 * list is an "all of": `["catch", /\.error\s*\(/]` needs both.
 */
import { escapeRegExp } from "../model/source.js";
import type { CommentSpan } from "../model/types.js";

export type Needle = string | RegExp;
export type NeedleSet = readonly (Needle | readonly Needle[])[];

/** Global copies of the expressions, for scanning every occurrence. */
const globalCopies = new WeakMap<RegExp, RegExp>();

function globalOf(re: RegExp): RegExp {
  let g = globalCopies.get(re);
  if (!g) globalCopies.set(re, (g = new RegExp(re.source, re.flags.replace(/[gy]/g, "") + "g")));
  return g;
}

/**
 * Whether the needle occurs in `text`. On raw bytes only a string can be
 * tested; an expression there counts as found (the decoded text decides).
 */
function occurs(text: string | Buffer, needle: Needle): boolean {
  if (typeof needle === "string") return text.includes(needle);
  return typeof text === "string" ? needle.test(text) : true;
}

/**
 * A set compiled for few passes over the text: its strings in one alternation, its expressions
 * in another (one alternation of both is slower than the two: V8 checks every position against
 * the mixed alternatives; for the fact needles over the npm bench corpus, 290 ms against 200 ms), the expressions that
 * cannot join them (flags), and the groups, which are tried only when one of their first
 * needles occurs (`hint`).
 */
interface Compiled {
  /** The alternations of the strings and of the plain expressions (none when empty). */
  any: readonly RegExp[];
  others: readonly RegExp[];
  hint: RegExp | null;
  groups: readonly (readonly Needle[])[];
}

const compiledSets = new WeakMap<NeedleSet, Compiled>();

/** One expression matching where any of these does (plain ones only: no flags). */
function alternation(needles: readonly Needle[]): RegExp | null {
  const sources = new Set(needles.map((n) => (typeof n === "string" ? escapeRegExp(n) : `(?:${n.source})`)));
  return sources.size === 0 ? null : new RegExp([...sources].join("|"));
}

const plain = (n: Needle): boolean => typeof n === "string" || n.flags === "";

function compile(set: NeedleSet): Compiled {
  let c = compiledSets.get(set);
  if (c) return c;
  const single = set.filter((n): n is Needle => typeof n === "string" || n instanceof RegExp);
  const groups = set.filter((n): n is readonly Needle[] => Array.isArray(n));
  const firsts = groups.map((g) => g[0]!);
  const strings = alternation(single.filter((n) => typeof n === "string"));
  const expressions = alternation(single.filter((n) => typeof n !== "string" && plain(n)));
  c = {
    any: [strings, expressions].filter((r): r is RegExp => r !== null),
    others: single.filter((n): n is RegExp => !plain(n)),
    hint: groups.length > 0 && firsts.every(plain) ? alternation(firsts) : null,
    groups,
  };
  compiledSets.set(set, c);
  return c;
}

/** Whether the set has a needle (or a whole group) in `text`, comments included. */
export function matchesNeedles(set: NeedleSet, text: string | Buffer): boolean {
  if (typeof text !== "string") {
    // Raw bytes: strings only (see occurs).
    return set.some((n) =>
      typeof n === "string" || n instanceof RegExp ? occurs(text, n) : n.every((m) => occurs(text, m)),
    );
  }
  const c = compile(set);
  if (c.any.some((r) => r.test(text)) || c.others.some((r) => r.test(text))) return true;
  if (c.groups.length === 0 || (c.hint !== null && !c.hint.test(text))) return false;
  return c.groups.some((g) => g.every((m) => occurs(text, m)));
}

/** As matchesNeedles, counting only occurrences not wholly inside one of `comments` (sorted by start). */
export function matchesNeedlesInCode(set: NeedleSet, text: string, comments: readonly CommentSpan[]): boolean {
  const c = compile(set);
  if (c.any.some((r) => occursOutside(text, r, comments))) return true;
  if (c.others.some((r) => occursOutside(text, r, comments))) return true;
  return c.groups.some((g) => g.every((m) => occursOutside(text, m, comments)));
}

/** Whether `needle` occurs in `text` other than wholly inside one of `comments` (sorted by start). */
export function occursOutside(text: string, needle: Needle, comments: readonly CommentSpan[]): boolean {
  if (typeof needle === "string") {
    let c = 0;
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
      while (c < comments.length && comments[c]!.end <= at) c++;
      if (!insideComment(comments[c], at, at + needle.length)) return true;
    }
    return false;
  }
  const re = globalOf(needle);
  re.lastIndex = 0;
  let c = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const at = m.index;
    while (c < comments.length && comments[c]!.end <= at) c++;
    if (!insideComment(comments[c], at, at + m[0].length)) return true;
    // An empty match must still move on; otherwise try from the next character (matches may overlap comments).
    re.lastIndex = at + 1;
  }
  return false;
}

function insideComment(comment: CommentSpan | undefined, start: number, end: number): boolean {
  return comment !== undefined && comment.start <= start && comment.end >= end;
}
