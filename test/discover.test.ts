// File discovery: .gitignore from the repository root down, default ignores, explicit paths.
import assert from "node:assert/strict";
import { mkdirSync, symlinkSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { discoverFiles } from "../src/discover/discover.js";
import { JS_SOURCE_EXTENSIONS } from "../src/languages/extensions.js";
import { JS_EXTENSIONS } from "../src/languages/js/index.js";
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

test("discovery's JS/TS extensions are the JS frontend's", () => {
  assert.deepEqual([...JS_SOURCE_EXTENSIONS], [...JS_EXTENSIONS]);
});

test("a negation cannot re-include a file under an ignored directory, as in git", async () => {
  const dir = project({
    ".git/HEAD": "ref: refs/heads/main\n",
    ".gitignore": "out/\n!out/keep.py\nlogs\n",
    "out/keep.py": "",
    "out/deep/x.py": "",
    "logs/a.py": "",
    "src/logs/b.py": "",
    "src/ok.py": "",
  });
  assert.deepEqual(await found(dir, ["."]), ["src/ok.py"]);
});

test("dot-files, dot-folders, minified bundles and declarations are skipped; other sources are found", async () => {
  const dir = project({
    ".eslintrc.js": "",
    ".config/tool.py": "",
    "lib/app.min.js": "",
    "lib/app.min.mjs": "",
    "lib/types.d.ts": "",
    "lib/types.d.mts": "",
    "lib/a.mts": "",
    "lib/b.cjs": "",
    "lib/c.pyi": "",
    "lib/d.jsx": "",
    "lib/e.PY": "",
    "lib/dist.py": "",
    "lib/dist/x.py": "",
  });
  assert.deepEqual(await found(dir, ["."]), [
    "lib/a.mts",
    "lib/app.min.mjs",
    "lib/b.cjs",
    "lib/c.pyi",
    "lib/d.jsx",
    "lib/dist.py",
  ]);
});

test("symbolic links are listed, never followed: a link to a directory is not entered", async () => {
  const dir = project({ "real/a.py": "", "other/b.ts": "" });
  symlinkSync(path.join(dir, "real"), path.join(dir, "linked"), "dir");
  symlinkSync(path.join(dir, "other", "b.ts"), path.join(dir, "link.ts"));
  symlinkSync(path.join(dir, "missing.py"), path.join(dir, "dangling.py"));
  mkdirSync(path.join(dir, "empty"));
  assert.deepEqual(await found(dir, ["."]), ["dangling.py", "link.ts", "other/b.ts", "real/a.py"]);
});
