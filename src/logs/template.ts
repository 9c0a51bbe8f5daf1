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

const NONZERO_DIGIT = /[1-9]/g;
const ANY_DIGIT = /\d/;
/** Memo entries before the memo starts afresh (a log whose messages never repeat in shape). */
const MAX_MEMO = 50_000;

/**
 * templateOf, remembered by the message's shape: the message with each digit
 * 1-9 written as 1. The patterns above treat every digit alike except the 0 of
 * `0x`, which the shape keeps, so two messages of one shape have their
 * placeholders in the same places and the same text between them but for
 * digits. When the shape's template has no digit left, no digit of the message
 * survived either, and it is the message's template too; otherwise the
 * message's own template is made.
 */
export class TemplateMemo {
  private readonly memo = new Map<string, string | null>();

  of(message: string): string {
    const shape = message.replace(NONZERO_DIGIT, "1");
    let template = this.memo.get(shape);
    if (template === undefined) {
      const t = templateOf(shape);
      template = ANY_DIGIT.test(t) ? null : t;
      if (this.memo.size >= MAX_MEMO) this.memo.clear();
      this.memo.set(shape, template);
    }
    return template ?? templateOf(message);
  }
}

/** The literal text before the template's first placeholder: what a `message=` filter can match on. */
export function literalPrefix(template: string): string {
  const at = template.search(/<(?:url|uuid|hex|path|str|num)>/);
  // "Columns (<num>)" → "Columns": an opening bracket or quote alone says nothing.
  return (at === -1 ? template : template.slice(0, at)).replace(/[\s([{'"<]+$/, "");
}
