/**
 * Holds the two ways oxc's tree reaches the JS/TS model builder to one answer over a whole tree
 * of files: the model read in place from the raw-transfer buffer (src/languages/js/raw-view.ts)
 * must deep-equal the model built from oxc's ESTree objects, file by file. Only reads the tree.
 *
 *   npx tsc -p tsconfig.json && node dist/scripts/raw-view-oracle.js DIR [--show N]
 *
 * Every JS/TS file under DIR is checked (node_modules and .git directories included, except
 * `.git` itself; files over 2 MiB and files that are not UTF-8 are skipped, as `logical check`
 * skips them). Prints the count of files, of differences, of files the view does not present
 * (UnsupportedSyntax: `logical check` models those from ESTree objects) and of syntax errors;
 * exits 1 on any difference.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { readSource } from "../src/discover/read-source.js";
import { JS_EXTENSIONS, parseJs, usesRawTransfer } from "../src/languages/js/index.js";
import { UnsupportedSyntax } from "../src/languages/js/raw-view.js";
import { ParseError } from "../src/model/types.js";

function jsFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== ".git") walk(p);
      } else if (e.isFile() && JS_EXTENSIONS.some((x) => e.name.endsWith(x))) out.push(p);
    }
  };
  walk(root);
  return out.sort();
}

/** Where two values first differ, as a path of keys. */
function firstDifference(a: unknown, b: unknown, at = ""): string | null {
  if (isDeepStrictEqual(a, b)) return null;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) {
    return `${at}: ${JSON.stringify(a)?.slice(0, 120)} vs ${JSON.stringify(b)?.slice(0, 120)}`;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`);
    if (d !== null) return d;
  }
  return `${at}: differ`;
}

function main(): void {
  const args = process.argv.slice(2);
  const showAt = args.indexOf("--show");
  const show = showAt === -1 ? 10 : Number(args.splice(showAt, 2)[1]);
  const root = args[0];
  if (root === undefined) {
    console.error("usage: raw-view-oracle DIR [--show N]");
    process.exit(2);
  }
  if (!usesRawTransfer()) {
    console.error("raw transfer is not available in this process: nothing to compare");
    process.exit(2);
  }
  let files = 0;
  let differences = 0;
  let unsupported = 0;
  let syntaxErrors = 0;
  let skipped = 0;
  for (const file of jsFiles(root)) {
    const read = readSource(file);
    if (!read.ok) {
      skipped++;
      continue;
    }
    files++;
    const relative = path.relative(root, file);
    try {
      const estree = parseJs(read.text, relative, "library", "estree");
      let view;
      try {
        view = parseJs(read.text, relative, "library", "view");
      } catch (error) {
        if (!(error instanceof UnsupportedSyntax)) throw error;
        unsupported++;
        if (unsupported <= show) console.log(`unsupported ${relative}: ${error.message}`);
        continue;
      }
      const difference = firstDifference(view, estree);
      if (difference !== null) {
        differences++;
        if (differences <= show) console.log(`DIFFERENT ${relative} ${difference}`);
      }
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      syntaxErrors++;
    }
  }
  console.log(
    `${files} files: ${differences} differences, ${unsupported} not presented by the view, ` +
      `${syntaxErrors} syntax errors; ${skipped} skipped (not UTF-8 or over 2 MiB)`,
  );
  process.exitCode = differences === 0 ? 0 : 1;
}

main();
