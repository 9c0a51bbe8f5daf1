import path from "node:path";

/** A path with `/` separators, as findings and reports carry it on every platform. */
export function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}
