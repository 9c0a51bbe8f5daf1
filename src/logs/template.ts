/**
 * A log message's template: the message with what varies from one record to
 * the next (numbers, paths, URLs, hex ids, UUIDs, quoted strings) replaced by
 * placeholders, so "skipped shard 12" and "skipped shard 97" are one group.
 */

const URL = /\b[a-z][a-z0-9+.-]*:\/\/[^\s'"<>)\]]+/gi;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
const HEX = /\b0x[0-9a-f]+\b|\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi;
/** A token with a slash or backslash and a letter: `/data/x.csv`, `shard-3/0012.tfrecord`, `C:\runs\a`. */
const PATH = /(?<![\w<])(?:[A-Za-z]:)?[\w.~@+-]*[\\/][\w.~@+\\/-]*[A-Za-z][\w.~@+\\/-]*/g;
const QUOTED = /(?<![\w'"])'[^'\n]*'(?![\w])|(?<![\w"'])"[^"\n]*"(?![\w])/g;
/** Numbers not glued to a word before them (`resnet50`, `DEP0040` stay), with decimals and exponents. */
const NUMBER = /(?<![A-Za-z_\d.<])[-+]?\d+(?:[.,:]\d+)*(?:[eE][-+]?\d+)?/g;

export function templateOf(message: string): string {
  let t = message.length > 2000 ? message.slice(0, 2000) : message;
  t = t.replace(URL, "<url>");
  t = t.replace(UUID, "<uuid>");
  t = t.replace(HEX, "<hex>");
  t = t.replace(PATH, (m) => {
    const trail = /[.,;:]+$/.exec(m)?.[0] ?? "";
    return `<path>${trail}`;
  });
  t = t.replace(QUOTED, "<str>");
  t = t.replace(NUMBER, "<num>");
  return t.trim();
}

/** Memo entries before the memo starts afresh (a log whose messages never repeat in shape). */
const MAX_MEMO = 50_000;

/** A character as the shape sees it: the digits 1-9 are all 1. */
function shapeCode(c: number): number {
  return c >= 49 && c <= 57 ? 49 : c;
}

function sameShape(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (shapeCode(a.charCodeAt(i)) !== shapeCode(b.charCodeAt(i))) return false;
  return true;
}

interface Shape {
  /** A message of this shape. */
  message: string;
  /** The template of every message of this shape, or null when digits survive in it (each message then has its own). */
  template: string | null;
}

/**
 * templateOf, remembered by the message's shape: the message with each digit
 * 1-9 read as 1. The patterns above treat every digit alike except the 0 of
 * `0x`, which the shape keeps, so two messages of one shape have their
 * placeholders in the same places and the same text between them but for
 * digits. When the template has no digit left, no digit of the message
 * survived either, and it is the template of every message of that shape;
 * otherwise the message's own template is made. Shapes are found by a hash of
 * the shape, checked character by character: no string is made per message.
 */
export class TemplateMemo {
  private readonly memo = new Map<number, Shape>();

  of(message: string): string {
    let hash = message.length;
    for (let i = 0; i < message.length; i++) hash = (Math.imul(hash, 31) + shapeCode(message.charCodeAt(i))) | 0;
    const known = this.memo.get(hash);
    if (known !== undefined && sameShape(known.message, message)) return known.template ?? templateOf(message);
    const template = templateOf(message);
    if (this.memo.size >= MAX_MEMO) this.memo.clear();
    this.memo.set(hash, { message, template: /\d/.test(template) ? null : template });
    return template;
  }
}

/** The literal text before the template's first placeholder: what a `message=` filter can match on. */
export function literalPrefix(template: string): string {
  const at = template.search(/<(?:url|uuid|hex|path|str|num)>/);
  // "Columns (<num>)" → "Columns": an opening bracket or quote alone says nothing.
  return (at === -1 ? template : template.slice(0, at)).replace(/[\s([{'"<]+$/, "");
}
