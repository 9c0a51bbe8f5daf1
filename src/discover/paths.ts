import path from "node:path";

/** A path with `/` separators, as findings and reports carry it on every platform. */
export function toPosix(p: string): string {
  return path.sep === "/" ? p : p.split(path.sep).join("/");
}

/**
 * `toPosix(path.relative(from, p))` for many normalized absolute paths: a path
 * under `from` (most of a run's files) is sliced, sparing path.relative's
 * resolving of both sides each time.
 */
export function relativeTo(from: string): (p: string) => string {
  const base = path.resolve(from);
  const prefix = base.endsWith(path.sep) ? base : base + path.sep;
  return (p) =>
    p.startsWith(prefix) && p.length > prefix.length
      ? toPosix(p.slice(prefix.length))
      : toPosix(path.relative(base, p));
}
