// The engine's shortcuts change nothing but speed: the needle prefilter and the worker pool.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { rules as allRules } from "../rules/index.js";
import { discoverFiles } from "../src/discover/discover.js";
import { analyseFiles, modelText } from "../src/engine/analyse.js";
import { check, oneShotSettings } from "../src/engine/check.js";
import { matchesNeedles, matchesNeedlesInCode, occursOutside, type NeedleSet } from "../src/engine/needles.js";
import { factNeedles, fileFacts, projectFromPaths } from "../src/engine/project.js";
import type { LogicalConfig } from "../src/engine/config.js";
import { buildFileModelIf } from "../src/languages/index.js";
import type { FileModel } from "../src/model/types.js";
import type { NeedleMap } from "../src/engine/rule.js";
import { inShard, type Shard } from "../src/engine/select.js";
import { DATA_PATH_WORDS } from "../src/stages/catalog.js";
import { isDataPath } from "../src/stages/detect.js";
import { dataPathText } from "../src/stages/needles.js";
import { project, ROOT, tempDir } from "./helpers.js";

const TARGETS = ["fixtures"];

test("the prefilter skips modelling files no rule could match, with identical results", async () => {
  for (const onlyRules of [["no-print"], undefined]) {
    const options = { cwd: ROOT, workers: 0, ...(onlyRules ? { onlyRules } : {}) };
    const fast = await check(TARGETS, options);
    const full = await check(TARGETS, { ...options, prefilter: false });
    assert.ok(fast.findings.length > 50);
    assert.deepEqual(fast, full);
  }
});

test("a needle counts unless it lies wholly inside a comment", () => {
  const text = "/* console */ x; // console\nconsole.log(1);";
  // Comments as oxc reports them: [0, 13) and [17, 27).
  const comments = [
    { start: 0, end: 13 },
    { start: 17, end: 27 },
  ];
  assert.equal(occursOutside(text, "console", comments), true, "the third one is code");
  assert.equal(occursOutside(text.slice(0, 27), "console", comments), false);
  assert.equal(occursOutside("a(); /* console */", "console", [{ start: 5, end: 18 }]), false);
  assert.equal(occursOutside("console; /* x */", "console", [{ start: 9, end: 16 }]), true);
  assert.equal(occursOutside("x", "console", []), false);
  assert.equal(occursOutside(`"console"`, "console", []), true, "a string is code, not a comment");
});

test("files whose needles are only in comments are skipped, and comments never hide code", async () => {
  const dir = tempDir();
  const files: Record<string, string> = {
    // Only in comments: nothing to report.
    "doc.js": "/**\n * @example console.log(value)\n */\nexport const value = 1; // console.warn\n",
    // A comment right before the code that uses it, and one right after.
    "adjacent.js": "/*console*/console.log(1);/*console*/\n",
    // The needle in a string and in code after a comment that mentions it.
    "mixed.ts": 'const s: string = "console";\n// console.error(s)\nconsole.error(s);\n',
    // A syntax error is still reported when the needle is only in a comment.
    "broken.js": "// console.log\nconst = 1;\n",
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  for (const onlyRules of [["no-print"], undefined]) {
    const options = { cwd: dir, ...(onlyRules ? { onlyRules } : {}) };
    const fast = await check(["."], options);
    assert.deepEqual(
      fast.findings.filter((f) => f.ruleId === "no-print").map((f) => `${f.file}:${f.line}:${f.column}`),
      ["adjacent.js:1:12", "mixed.ts:3:1"],
    );
    assert.deepEqual(
      fast.errors.map((e) => e.file),
      ["broken.js"],
    );
    assert.deepEqual(fast, await check(["."], { ...options, prefilter: false }));
  }
});

test("a full run reports the syntax error of a file no rule could match; a --rule run skips that file", async () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, "broken.ts"), "export const a = ;\n");
  writeFileSync(path.join(dir, "broken.py"), "def f(:\n");
  writeFileSync(path.join(dir, "noisy.ts"), "console.log(;\n");
  const full = await check(["."], { cwd: dir });
  assert.deepEqual(
    full.errors.map((e) => e.file),
    ["broken.py", "broken.ts", "noisy.ts"],
  );
  const narrowed = await check(["."], { cwd: dir, onlyRules: ["no-print"] });
  assert.deepEqual(
    narrowed.errors.map((e) => e.file),
    ["noisy.ts"],
  );
});

test("worker threads give the same result as the main thread", async () => {
  const inline = await check(TARGETS, { cwd: ROOT, workers: 0 });
  const pooled = await check(TARGETS, { cwd: ROOT, workers: 2 });
  assert.deepEqual(pooled, inline);
});

test("a run large enough for the pool: the main thread and two workers share the batches, nothing lost", async () => {
  // 300 files, over the pool's threshold and into several batches per thread.
  const files: Record<string, string> = {};
  for (let i = 0; i < 150; i++) {
    files[`jobs/job_${String(i).padStart(3, "0")}.py`] = `import sys\n${"x = 1\n".repeat(i % 7)}print(${i})\n`;
    files[`web/page_${String(i).padStart(3, "0")}.ts`] = `export const n = ${i};\nconsole.log(n);\n`;
  }
  files["jobs/broken.py"] = "def f(:\n";
  files["web/broken.ts"] = "const = 1;\n";
  const dir = project(files);
  const progress: number[] = [];
  const inline = await check(["."], { cwd: dir, workers: 0 });
  const pooled = await check(["."], { cwd: dir, workers: 3, onProgress: (done) => progress.push(done) });
  assert.deepEqual(pooled, inline);
  assert.equal(inline.files, 302);
  assert.equal(inline.findings.filter((f) => f.ruleId === "no-print").length, 300);
  assert.deepEqual(
    inline.findings
      .filter((f) => f.file === "jobs/job_010.py" || f.file === "web/page_149.ts")
      .map((f) => [f.file, f.line]),
    [
      ["jobs/job_010.py", 5],
      ["web/page_149.ts", 2],
    ],
  );
  assert.deepEqual(
    inline.errors.map((e) => e.file),
    ["jobs/broken.py", "web/broken.ts"],
  );
  // Progress only grows, and ends at every file.
  assert.deepEqual(
    progress,
    [...progress].sort((a, b) => a - b),
  );
  assert.equal(progress.at(-1), 302);
});

test("a one-shot run turns V8's optimizing compiler off and uses every core only when no Python file is in it", () => {
  assert.deepEqual(oneShotSettings(["/p/web/app.ts", "/p/web/server.mjs"], 4), {
    v8Flags: ["--no-opt", "--no-parallel-scavenge"],
    threads: 4,
  });
  assert.deepEqual(oneShotSettings(["/p/web/app.ts", "/p/jobs/train.py"], 4), { v8Flags: [], threads: 1 });
  assert.deepEqual(oneShotSettings(["/p/stubs/model.pyi"], 2), { v8Flags: [], threads: 1 });
});

test("every fixture file with a stage site, a fact or a finding holds a needle of it in its code", async () => {
  // The prefilter's needles must be necessary conditions: checked here file by file, on every
  // fixture, for the stage and fact needles and for each rule's own.
  const files = (await discoverFiles(["fixtures"], { cwd: ROOT, ignore: [] })).files;
  const result = await check(["fixtures"], { cwd: ROOT, workers: 0, config: { extends: "strict" } });
  const byFile = new Map<string, Set<string>>();
  for (const f of result.findings) byFile.set(f.file, (byFile.get(f.file) ?? new Set()).add(f.ruleId));
  let withSites = 0;
  for (const file of files) {
    const relative = path.relative(ROOT, file).split(path.sep).join("/");
    const built = modelText(readFileSync(file, "utf8"), file, relative);
    if ("error" in built) continue;
    const model = built.model;
    const comments = model.comments.map((c) => ({ start: c.range[0], end: c.range[1] }));
    const inCode = (set: NeedleSet | null | undefined): boolean =>
      set === null || set === undefined || matchesNeedlesInCode(set, model.text, comments);
    const facts = fileFacts(model);
    if (facts.stageSites > 0 || facts.hasRequestLogging || facts.hasLoggingConfig || facts.handlesShutdown) {
      withSites += facts.stageSites > 0 ? 1 : 0;
      assert.ok(inCode(factNeedles(model.language)), `${relative}: facts without a fact needle`);
    }
    for (const ruleId of byFile.get(relative) ?? []) {
      const rule = allRules.find((r) => r.meta.id === ruleId)!;
      const needles =
        typeof rule.meta.needles === "function"
          ? rule.meta.needles({ ...rule.defaultOptions }, undefined)
          : rule.meta.needles;
      assert.ok(inCode(needles?.[model.language]), `${relative}: a ${ruleId} finding without its needle`);
    }
  }
  assert.ok(withSites > 20, `${withSites} fixture files with stage sites`);
});

test("JS module needles: a module named where it is imported, a method marker's module with its method", () => {
  const facts = factNeedles("javascript")!;
  const matches = (text: string) => matchesNeedles(facts, text);
  // An ML module counts where it is imported, in any form the model reads.
  assert.equal(matches(`import { Matrix } from "ml-matrix";\n`), true);
  assert.equal(matches(`const tf = require('@tensorflow/tfjs');\n`), true);
  assert.equal(matches("const m = await import(`ml-regression`);\n"), true);
  // The same words elsewhere are no import: a CSS class, a protocol, a provider's name.
  assert.equal(matches(`el.className = "ml-4 p-2";\n`), false);
  assert.equal(matches(`const url = { protocol: "http", host };\n`), false);
  assert.equal(matches(`const provider = "google";\n`), false);
  // A server module counts only with a marker's method: an HTTP client is no server.
  assert.equal(matches(`const https = require("https");\nhttps.get(url, onResponse);\n`), false);
  // Nor with another kind of marker's method: `upload` is a cloud storage client's.
  assert.equal(matches(`const https = require("https");\nawait store.upload(file);\n`), false);
  assert.equal(matches(`const http = require("http");\nhttp.createServer(handler).listen(8080);\n`), true);
  assert.equal(matches(`import express from "express";\nconst app = express();\napp.listen(3000);\n`), true);
});

test("JS data-read needles: `fs` imported or a global, and a data word where the detector sees one", async () => {
  const dir = tempDir();
  const files: Record<string, string> = {
    "load.js": 'const fs = require("fs");\nconst rows = fs.readFileSync(path.join(dir, "train.csv"), "utf8");\n',
    "named.mjs":
      'import { readFile as load } from "node:fs/promises";\nexport const text = await load(TRAINING_DATA_PATH);\n',
    "global.js": "fs.createReadStream(samplesFile).pipe(parser);\n",
    "bundled.js": 'const { readFile } = __require("node:fs/promises");\nconst data = await readFile(configPath);\n',
    "config.js": 'const fs = require("fs");\nconst metadata = fs.readFileSync(configPath);\n',
    "member.js": 'const util = require("./util");\nconst rows = util.fs.readFile(dataFile);\n',
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const options = { cwd: dir, workers: 0, stages: true } as const;
  const fast = await check(["."], options);
  assert.deepEqual(
    fast.stages?.map((s) => `${s.file}:${s.line} ${s.stage}`),
    ["global.js:1 read-data", "load.js:2 read-data", "named.mjs:2 read-data"],
  );
  assert.deepEqual(fast, await check(["."], { ...options, prefilter: false }));
  // The files the needles turn down: no `fs` import (esbuild's `__require`), no data word, an
  // `fs` that is a member.
  const facts = factNeedles("javascript")!;
  assert.equal(matchesNeedles(facts, files["bundled.js"]!), false);
  assert.equal(matchesNeedles(facts, files["config.js"]!), false);
  assert.equal(matchesNeedles(facts, files["member.js"]!), false, "`util.fs` is no global `fs`");
});

test("receiver needles: a name that ends in the receiver's word, not a longer one", () => {
  const js = factNeedles("javascript")!;
  const py = factNeedles("python")!;
  assert.equal(matchesNeedles(js, "await this.trainer.train();\n"), true);
  assert.equal(matchesNeedles(py, "self.trainer.train()\n"), true);
  assert.equal(matchesNeedles(py, "study.optimize(objective, n_trials=50)\n"), true);
  // `trainError` holds "trainer" in any case, but no receiver ends there.
  assert.equal(
    matchesNeedles(js, "net.train(data);\ntry { f(); } catch (trainError) { reject(trainError); }\n"),
    false,
  );
});

test("the data-path needle holds wherever the detector sees a data path", () => {
  // Random path-like texts: words of the list and others, in any case, joined by anything the
  // snake-casing reads as a boundary or not. Seeded, so a failure repeats.
  let seed = 7;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const parts = [...DATA_PATH_WORDS, "meta", "up", "x", "2", "Set", "path", "dir", ".csv", ".bin", ".json"];
  const joins = ["", "_", "/", ".", "-", " + ", "é", "A", "9"];
  const needle = dataPathText();
  let seen = 0;
  for (let i = 0; i < 20_000; i++) {
    let text = "";
    for (let k = 1 + random(4); k > 0; k--) {
      let part = parts[random(parts.length)]!;
      const casing = random(4);
      if (casing === 1) part = part.toUpperCase();
      else if (casing === 2) part = part.charAt(0).toUpperCase() + part.slice(1);
      text += joins[random(joins.length)]! + part;
    }
    if (!isDataPath(text)) continue;
    seen++;
    assert.ok(needle.test(`(${text})`), `a data path the needle misses: ${text}`);
  }
  assert.ok(seen > 5_000, `${seen} data paths generated`);
});

test("needles: strings, expressions and all-of groups, outside comments", () => {
  const text = "const log = pino(); // console.log\n/* catch */ try { f(); } catch (e) { log.error(e); }\n";
  const comments = [
    { start: 20, end: 35 },
    { start: 36, end: 47 },
  ];
  assert.equal(matchesNeedles(["console"], text), true, "comments included");
  assert.equal(matchesNeedlesInCode(["console"], text, comments), false);
  assert.equal(matchesNeedlesInCode([/\.\s*error\b/], text, comments), true);
  assert.equal(matchesNeedlesInCode([["catch", /never/]], text, comments), false, "a group needs all");
  assert.equal(matchesNeedlesInCode([["catch", /log\.error/]], text, comments), true);
  assert.equal(matchesNeedlesInCode([/console\.\w+/, "absent"], text, comments), false);
  // On raw bytes only strings can be tested; an expression counts as found until the text decides.
  assert.equal(matchesNeedles([/absent/], Buffer.from(text)), true);
  assert.equal(matchesNeedles(["absent"], Buffer.from(text)), false);
});

test("the empty-catch needle stays linear on long comments and blank runs", { timeout: 10_000 }, () => {
  const rule = allRules.find((r) => r.meta.id === "no-swallowed-exception")!;
  const needles = (rule.meta.needles as (o: Record<string, unknown>) => NeedleMap)({ checkFallbacks: false });
  const js = needles.javascript!;
  const long = `try { f(); } catch (e) { // ${" ".repeat(5000)}x\n  g();\n}\n`.repeat(20);
  assert.equal(matchesNeedles(js, long), false);
  assert.equal(matchesNeedles(js, "try { f(); } catch (e) { // ignore\n}\n"), true);
  assert.equal(matchesNeedles(js, "try { f(); } catch { /* no */ continue; }\n"), true);
  assert.equal(matchesNeedles(js, "p.catch(() => {});\n"), true);
});

const LOADER =
  'import * as tf from "@tensorflow/tfjs";\nexport async function loadRows(p) {\n  return tf.data.csv(p);\n}\n';
const CHECKING_CALLER =
  'import { loadRows } from "./data.js";\nexport async function run(p) {\n  const rows = await loadRows(p);\n  if (rows.length === 0) throw new Error("no rows in " + p);\n  return rows;\n}\n';

test("a stage function's caller is modelled on demand: its check counts though it has no needle", async () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, "data.js"), LOADER);
  writeFileSync(
    path.join(dir, "main.js"),
    'import { loadRows } from "./data.js";\nexport const run = (p) => loadRows(p);\n',
  );
  const unchecked = await check(["."], { cwd: dir, workers: 0 });
  assert.deepEqual(
    unchecked.findings.filter((f) => f.ruleId === "data-load-needs-check").map((f) => f.file),
    ["data.js"],
  );
  writeFileSync(path.join(dir, "main.js"), CHECKING_CALLER);
  // The caller has no needle: phase 1 does not model it.
  const [phase1] = analyseFiles({
    files: [{ absolute: path.join(dir, "main.js"), relative: "main.js" }],
    phase: 1,
    project: projectFromPaths(dir, []),
    config: {},
    maxBytes: 1 << 20,
  });
  assert.equal(phase1!.facts!.modelled, false);
  const checked = await check(["."], { cwd: dir, workers: 0 });
  assert.deepEqual(
    checked.findings.filter((f) => f.ruleId === "data-load-needs-check"),
    [],
  );
  assert.deepEqual(checked, await check(["."], { cwd: dir, workers: 0, prefilter: false }));
  const stages = { cwd: dir, workers: 0, stages: true } as const;
  assert.deepEqual(await check(["."], stages), await check(["."], { ...stages, prefilter: false }));
});

test("a warm cache looks for a new stage function's name in the files it did not model", async () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, "data.js"), "export async function loadRows(p) {\n  return p;\n}\n");
  writeFileSync(path.join(dir, "main.js"), CHECKING_CALLER);
  const options = { cwd: dir, workers: 0, cache: ".logicalcache" };
  await check(["."], options);
  // Now loadRows holds a stage site; main.js, unchanged and cached unmodelled, checks its data.
  writeFileSync(path.join(dir, "data.js"), LOADER);
  const warm = await check(["."], options);
  assert.deepEqual(
    warm.findings.filter((f) => f.ruleId === "data-load-needs-check"),
    [],
  );
  assert.deepEqual(warm, await check(["."], { cwd: dir, workers: 0 }));
  assert.match(readFileSync(path.join(dir, ".logicalcache"), "utf8"), /"calleeNames":\["loadRows"\]/);
});

test("a caller outside a --shard, or in a run narrowed with --rule, still counts for a stage function", async () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, "data.js"), LOADER);
  writeFileSync(path.join(dir, "main.js"), CHECKING_CALLER);
  let shard: Shard | undefined;
  for (let count = 2; shard === undefined; count++) {
    for (let index = 1; index <= count; index++) {
      const s = { index, count };
      if (inShard("data.js", s) && !inShard("main.js", s)) shard = s;
    }
  }
  for (const options of [{ shard }, { onlyRules: ["data-load-needs-check"] }]) {
    const run = await check(["."], { cwd: dir, workers: 0, ...options });
    assert.deepEqual(
      run.findings.filter((f) => f.ruleId === "data-load-needs-check"),
      [],
      JSON.stringify(options),
    );
    assert.deepEqual(run, await check(["."], { cwd: dir, workers: 0, ...options, prefilter: false }));
  }
});

test("no-print models only the statements it reads, and the whole file when its fix plan needs more", async () => {
  const dir = tempDir();
  const files: Record<string, string> = {
    "logger.js": 'import pino from "pino";\nexport default pino();\n',
    // The logger goes by a name no statement word matches: a local `L` shadows it in f.
    "a.js": [
      'import L from "./logger.js";',
      "export function f(x) {",
      "  const L = x * 2;",
      "  if (x) {",
      '    console.log("value", L);',
      "  }",
      "  return L;",
      "}",
      "export function g(items) {",
      "  for (const item of items) total(item);",
      '  console.info("done");',
      "}",
      "",
    ].join("\n"),
    // Only nested statements hold console: the others are left out.
    "b.js": [
      'const fs = require("fs");',
      "function read(p) {",
      '  const text = fs.readFileSync(p, "utf8");',
      "  return text.split(/\\n/).map((line) => line.trim());",
      "}",
      "function report(rows) {",
      "  if (rows.length === 0) {",
      '    console.warn("no rows");',
      "  }",
      "}",
      "module.exports = { read, report };",
      "",
    ].join("\n"),
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const config = { rules: { "no-print": ["error", { logger: { module: "logger.js" } }] } } as LogicalConfig;
  const options = { cwd: dir, workers: 0, config, onlyRules: ["no-print"] };
  const fast = await check(["."], options);
  assert.deepEqual(fast, await check(["."], { ...options, prefilter: false }));
  const messages = fast.findings.map((f) => `${f.file}:${f.line} ${f.message}`);
  assert.ok(
    messages.some((m) => m.startsWith("a.js:5 ") && m.includes("`L` is a local name here")),
    messages.join("\n"),
  );
  assert.deepEqual(
    fast.findings.map((f) => `${f.file}:${f.line}`),
    ["a.js:5", "a.js:11", "b.js:8"],
  );
  // b.js as no-print models it: read()'s body is left out, report()'s console call is in.
  const b = path.join(dir, "b.js");
  const keep = /console|log|Log|LOG|require|import/;
  const partial = buildFileModelIf(files["b.js"]!, b, "library", null, { keep, suffices: () => true })!;
  const whole = buildFileModelIf(files["b.js"]!, b, "library", null)!;
  const sites = (m: FileModel): string[] => m.logSites.map((l) => `${l.kind} ${l.method} ${l.range.join("-")}`);
  assert.deepEqual(sites(partial), sites(whole));
  assert.ok(partial.statements.length < whole.statements.length - 1, "statements left out");
  assert.ok(!partial.calls.some((c) => c.method === "readFileSync"));
});

test("a file with no fact needle is modelled in part for its rules, and on demand for its callee facts", async () => {
  const dir = tempDir();
  writeFileSync(path.join(dir, "data.js"), LOADER);
  const caller = CHECKING_CALLER.replace("  return rows;", '  console.log("rows", rows.length);\n  return rows;');
  writeFileSync(path.join(dir, "main.js"), caller);
  // The stage-site rules run in phase 1 too, but find nothing where no fact needle is.
  const onlyRules = [
    "no-print",
    "stage-needs-info-log",
    "stage-log-has-details",
    "data-load-needs-check",
    "request-input-needs-check",
  ];
  // Phase 1: the console call is reported from a partial model; the facts are those of an
  // unmodelled file, so the callee facts come from the on-demand pass.
  const [phase1] = analyseFiles({
    files: [{ absolute: path.join(dir, "main.js"), relative: "main.js" }],
    phase: 1,
    project: projectFromPaths(dir, []),
    config: {},
    onlyRules,
    maxBytes: 1 << 20,
  });
  assert.deepEqual(
    phase1!.findings.map((f) => `${f.ruleId} ${f.line}`),
    ["no-print 5"],
  );
  assert.equal(phase1!.facts!.modelled, false);
  const result = await check(["."], { cwd: dir, workers: 0, onlyRules });
  assert.deepEqual(
    result.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`),
    ["data.js:3 stage-needs-info-log", "main.js:5 no-print"],
  );
  assert.deepEqual(result, await check(["."], { cwd: dir, workers: 0, onlyRules, prefilter: false }));
});

test("a test's stage functions need no callee facts unless a stage rule includes tests", async () => {
  const dir = tempDir();
  mkdirSync(path.join(dir, "test"));
  writeFileSync(
    path.join(dir, "test", "exit.js"),
    'function setup() {\n  process.on("SIGTERM", () => process.exit(0));\n}\nsetup();\n',
  );
  writeFileSync(path.join(dir, "lib.js"), "export function start() {\n  setup();\n}\n");
  const names = async (config: LogicalConfig): Promise<unknown> => {
    const cache = path.join(dir, `cache-${Math.random()}`);
    await check(["."], { cwd: dir, workers: 0, config, cache });
    return (JSON.parse(readFileSync(cache, "utf8").split("\n")[0]!) as { calleeNames?: string[] }).calleeNames;
  };
  assert.equal(await names({}), undefined);
  const includeTests: LogicalConfig = { rules: { "stage-needs-info-log": ["warn", { includeTests: true }] } };
  assert.deepEqual(await names(includeTests), ["setup"]);
  assert.deepEqual(await names({ overrides: [{ files: ["test/**"], rules: includeTests.rules! }] }), ["setup"]);
});

test('stage needles: a typed route (`app.get<Params>("/x", …)`) is a request handler with or without them', async () => {
  const dir = tempDir();
  writeFileSync(
    path.join(dir, "routes.ts"),
    'import type { Router } from "./types";\nexport function mount(app: Router): void {\n  app.get<{ id: string }>("/items/:id", (req, res) => {\n    res.send(req.params.id);\n  });\n}\n',
  );
  const options = { cwd: dir, workers: 0, stages: true } as const;
  const fast = await check(["."], options);
  assert.deepEqual(
    fast.stages?.map((s) => `${s.file}:${s.line} ${s.stage}`),
    ["routes.ts:3 request"],
  );
  assert.deepEqual(fast, await check(["."], { ...options, prefilter: false }));
});

test("a run narrowed to a stage rule still models a lifespan known only by its shape", async () => {
  const dir = tempDir();
  writeFileSync(
    path.join(dir, "lifecycle.py"),
    'import logging\nfrom contextlib import asynccontextmanager\n\nlogger = logging.getLogger(__name__)\n\n\n@asynccontextmanager\nasync def lifespan(app):\n    logger.info("starting")\n    yield\n',
  );
  const options = { cwd: dir, workers: 0, onlyRules: ["stage-log-has-details"] };
  const fast = await check(["."], options);
  assert.deepEqual(
    fast.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`),
    ["lifecycle.py:9 stage-log-has-details"],
  );
  assert.deepEqual(fast, await check(["."], { ...options, prefilter: false }));
});
