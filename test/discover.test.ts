// File discovery: .gitignore from the repository root down, default ignores, explicit paths.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { discoverFiles } from "../src/discover/discover.js";
import { project } from "./helpers.js";

async function found(cwd: string, paths: string[], ignore: string[] = []): Promise<string[]> {
  const { files } = await discoverFiles(paths, { cwd, ignore });
  return files.map((f) => path.relative(cwd, f).split(path.sep).join("/"));
}

const REPO = {
  ".git/HEAD": "ref: refs/heads/main\n",
  ".gitignore": "generated/\n*.gen.py\n",
  "src/train.py": "",
  "src/model.gen.py": "",
  "src/.gitignore": "scratch.py\n",
  "src/scratch.py": "",
  "generated/schema.py": "",
  "web/app.ts": "",
  "web/app.d.ts": "",
  "node_modules/pkg/index.js": "",
  ".venv/lib/site.py": "",
  "venv/lib/site.py": "",
  "dist/bundle.js": "",
  "build/out.js": "",
  "pkg/__pycache__/x.py": "",
  "notes.txt": "",
};

test("honours .gitignore at every level and the default ignores", async () => {
  const dir = project(REPO);
  assert.deepEqual(await found(dir, ["."]), ["src/train.py", "web/app.ts"]);
});

test("the repository root's .gitignore applies to a subdirectory named on the command line", async () => {
  const dir = project(REPO);
  assert.deepEqual(await found(path.join(dir, "src"), ["."]), ["train.py"]);
});

test("a directory named explicitly is checked even when .gitignore ignores it", async () => {
  const dir = project(REPO);
  assert.deepEqual(await found(dir, ["generated"]), ["generated/schema.py"]);
  assert.deepEqual(await found(dir, ["src/model.gen.py"]), ["src/model.gen.py"]);
});

test("config ignore globs are relative to the working directory", async () => {
  const dir = project(REPO);
  assert.deepEqual(await found(dir, ["."], ["web/**"]), ["src/train.py"]);
});
