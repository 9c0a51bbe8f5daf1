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

/** The literal text before the template's first placeholder: what a `message=` filter can match on. */
export function literalPrefix(template: string): string {
  const at = template.search(/<(?:url|uuid|hex|path|str|num)>/);
  // "Columns (<num>)" → "Columns": an opening bracket or quote alone says nothing.
  return (at === -1 ? template : template.slice(0, at)).replace(/[\s([{'"<]+$/, "");
}
