// `logical fix --typecheck` on the TypeScript training fixture (fixtures/projects/js-train): the
// project type-checks after the codemod exactly as before, by the codemod's own check and by tsc.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, symlinkSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { fixture, ROOT, runCli, tempDir } from "./helpers.js";

/** tsc's diagnostics without positions (the codemod moves lines), sorted. */
function tscDiagnostics(dir: string): string[] {
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json", "--noEmit"],
    {
      cwd: dir,
      encoding: "utf8",
    },
  );
  return r.stdout
    .split("\n")
    .filter(Boolean)
    .map((l) => l.replace(/\(\d+,\d+\)/, ""))
    .sort();
}

test("js-train type-checks after `logical fix --typecheck` exactly as before", () => {
  const dir = path.join(tempDir(), "js-train");
  cpSync(fixture("projects", "js-train"), dir, { recursive: true });
  // The fixture's own dependencies (tfjs, papaparse) are not installed: their errors must stay the same.
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  const before = tscDiagnostics(dir);
  const run = runCli(["fix", "--typecheck", "--allow-dirty"], dir);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /^--typecheck: 10 diagnostics before, 10 after in the changed files$/m);
  assert.doesNotMatch(run.stdout, /Not written/);
  assert.match(run.stdout, /✔ 17 calls converted, 6 files changed/);
  assert.deepEqual(tscDiagnostics(dir), before);
});
