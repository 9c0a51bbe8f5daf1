/**
 * Child process for the Ruff entry: Ruff's npm wasm build checks every `.py`
 * file under the given folder with only the T20 rules (T201 `print`, T203
 * `pprint`), one file at a time as Ruff's own CLI would, and prints
 * `{ files, byCode, syntaxErrorFiles }` as JSON. Reading the files is part of
 * the timed work, as it is for every other tool.
 *
 * Usage: node dist/bench/ruff-runner.js <dir>
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { PositionEncoding, Workspace } from "@astral-sh/ruff-wasm-nodejs";
import { listFiles } from "./corpora.js";

interface RuffDiagnostic {
  code: string | null;
}

const dir = resolve(process.argv[2] ?? ".");
const workspace = new Workspace({ lint: { select: ["T20"] } }, PositionEncoding.Utf16);
const byCode: Record<string, number> = {};
let syntaxErrorFiles = 0;
const files = listFiles(dir, "python");
for (const file of files) {
  const diagnostics = workspace.check(readFileSync(file, "utf8")) as RuffDiagnostic[];
  let broken = false;
  for (const d of diagnostics) {
    const code = d.code ?? "unknown";
    byCode[code] = (byCode[code] ?? 0) + 1;
    if (code === "invalid-syntax") broken = true;
  }
  if (broken) syntaxErrorFiles++;
}
process.stdout.write(`${JSON.stringify({ files: files.length, byCode, syntaxErrorFiles })}\n`);
