// `logical fix` as a user runs it: the built binary, exact output and exit codes, and the safety
// rules (dry run writes nothing, a dirty git tree is refused, bytes the file had are kept).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { ROOT, runCli, project } from "./helpers.js";

function git(dir: string, ...args: string[]): string {
  const r = spawnSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.com", ...args], {
    cwd: dir,
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

function committed(files: Record<string, string | Buffer>): string {
  const dir = project(files);
  git(dir, "init", "-q");
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "start");
  return dir;
}

const read = (dir: string, file: string): string => readFileSync(path.join(dir, file), "utf8");

const JOB = 'import sys\n\n\ndef load(path):\n    print("rows:", 3)\n    print(f"loss {0.5:.2f}", file=sys.stderr)\n';
const JOB_FIXED =
  'import logging\nimport sys\n\nlogger = logging.getLogger(__name__)\n\n\ndef load(path):\n    logger.debug("rows: %s", 3)\n    logger.warning("loss %.2f", 0.5)\n';

test("--dry-run prints a unified diff and the summary, and writes nothing", () => {
  const dir = committed({ "job.py": JOB });
  const run = runCli(["fix", "--dry-run"], dir);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(
    run.stdout,
    [
      "--- a/job.py",
      "+++ b/job.py",
      "@@ -1,6 +1,9 @@",
      "+import logging",
      " import sys",
      " ",
      "+logger = logging.getLogger(__name__)",
      " ",
      "+",
      " def load(path):",
      '-    print("rows:", 3)',
      '-    print(f"loss {0.5:.2f}", file=sys.stderr)',
      '+    logger.debug("rows: %s", 3)',
      '+    logger.warning("loss %.2f", 0.5)',
      "job.py: 2 calls converted",
      "",
      "✔ 2 calls would be converted, 1 file would change; 1 note (--verbose lists them).",
      "Dry run: nothing was written.",
      "",
    ].join("\n"),
  );
  assert.equal(read(dir, "job.py"), JOB);
});

test("a run writes the files; --verbose lists notes; a second run changes nothing", () => {
  const dir = committed({ "job.py": JOB });
  const run = runCli(["fix", "--verbose"], dir);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(
    run.stdout,
    [
      "job.py: 2 calls converted",
      "",
      "Notes (choices to review):",
      "  job.py:6  Replace with `logger.warning`: stderr output: logged at WARNING",
      "",
      "✔ 2 calls converted, 1 file changed; 1 note.",
      "",
    ].join("\n"),
  );
  assert.equal(read(dir, "job.py"), JOB_FIXED);
  git(dir, "commit", "-qam", "fixed");
  const again = runCli(["fix"], dir);
  assert.equal(again.stdout, "✔ 0 calls converted, 0 files changed.\n");
  assert.equal(read(dir, "job.py"), JOB_FIXED);
});

test("uncommitted changes to a file it would touch: refused with exit 2, unless --allow-dirty", () => {
  const dir = committed({ "job.py": JOB, "other.py": "x = 1\n" });
  writeFileSync(path.join(dir, "job.py"), JOB + "# edited\n");
  writeFileSync(path.join(dir, "other.py"), "x = 2\n");
  const refused = runCli(["fix"], dir);
  assert.equal(refused.status, 2);
  assert.equal(
    refused.stderr,
    "logical: refusing to fix files with uncommitted changes (job.py); commit or stash them, or pass --allow-dirty\n",
  );
  assert.equal(read(dir, "job.py"), JOB + "# edited\n");
  const allowed = runCli(["fix", "--allow-dirty"], dir);
  assert.equal(allowed.status, 0);
  assert.equal(read(dir, "job.py"), JOB_FIXED + "# edited\n");
});

test("an untracked file counts as uncommitted; outside a git work tree nothing is refused", () => {
  const dir = committed({ "other.py": "x = 1\n" });
  writeFileSync(path.join(dir, "job.py"), JOB);
  assert.equal(runCli(["fix"], dir).status, 2);
  const plain = project({ "job.py": JOB });
  assert.equal(runCli(["fix"], plain).status, 0);
  assert.equal(read(plain, "job.py"), JOB_FIXED);
});

test("keeps CRLF line endings, the BOM, and the file mode", () => {
  const crlf = JOB.replace(/\n/g, "\r\n");
  const dir = project({ "job.py": Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(crlf)]) });
  chmodSync(path.join(dir, "job.py"), 0o755);
  assert.equal(runCli(["fix"], dir).status, 0);
  const bytes = readFileSync(path.join(dir, "job.py"));
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.equal(bytes.subarray(3).toString("utf8"), JOB_FIXED.replace(/\n/g, "\r\n"));
  assert.equal(statSync(path.join(dir, "job.py")).mode & 0o777, 0o755);
});

test("a Latin-1 Python file is written back in Latin-1", () => {
  const source = '# -*- coding: latin-1 -*-\n\n\ndef greet():\n    print("café", 1)\n';
  const dir = project({ "job.py": Buffer.from(source, "latin1") });
  assert.equal(runCli(["fix"], dir).status, 0);
  const text = readFileSync(path.join(dir, "job.py")).toString("latin1");
  assert.match(text, /logger\.debug\("café %s", 1\)/);
});

test("suppressed lines and paths where the config turns no-print off are left alone", () => {
  const dir = project({
    "job.py": 'print("kept")  # noqa: T201\nprint("converted")\n',
    "scripts/tool.py": 'print("a CLI tool prints")\n',
    "logical.config.json": JSON.stringify({ overrides: [{ files: ["scripts/**"], rules: { "no-print": "off" } }] }),
  });
  assert.equal(runCli(["fix"], dir).status, 0);
  assert.equal(
    read(dir, "job.py"),
    'import logging\n\nlogger = logging.getLogger(__name__)\n\nprint("kept")  # noqa: T201\nlogger.debug("converted")\n',
  );
  assert.equal(read(dir, "scripts/tool.py"), 'print("a CLI tool prints")\n');
});

test("--format json is a machine-readable summary", () => {
  const dir = project({ "job.py": JOB, "bad.py": "def broken(:\n    print(1)\n" });
  const run = runCli(["fix", "--dry-run", "--format", "json"], dir);
  assert.equal(run.status, 0);
  assert.deepEqual(JSON.parse(run.stdout), {
    version: 1,
    dryRun: true,
    files: 2,
    changed: [{ file: "job.py", converted: 2, created: false }],
    notes: [{ file: "job.py", line: 6, message: "Replace with `logger.warning`: stderr output: logged at WARNING" }],
    left: [],
    skipped: [],
    errors: [{ file: "bad.py", message: "syntax error: unexpected token ':' at 1:12" }],
    logger: null,
    typecheck: null,
    summary: { converted: 2, changedFiles: 1, notes: 1, left: 0, skipped: 0 },
  });
});

test("JS without a logger: creates one on pino and adds pino to package.json", () => {
  const dir = project({
    "package.json": '{\n  "name": "svc",\n  "type": "module",\n  "dependencies": {\n    "express": "^4.0.0"\n  }\n}\n',
    "src/server.js": 'import express from "express";\n\nconsole.log("up on", 3000);\n',
  });
  const run = runCli(["fix"], dir);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /src\/logger\.js: created, a pino logger; added pino@\^10\.0\.0 to package\.json/);
  assert.equal(
    read(dir, "src/server.js"),
    'import express from "express";\nimport { logger } from "./logger.js";\n\nlogger.debug("up on 3000");\n',
  );
  assert.match(read(dir, "src/logger.js"), /^import pino from "pino";\n/);
  assert.deepEqual(JSON.parse(read(dir, "package.json")).dependencies, { express: "^4.0.0", pino: "^10.0.0" });
});

test("CommonJS files require the logger; a .js file without module syntax follows package.json's type", () => {
  const dir = project({
    "package.json": '{ "name": "svc", "dependencies": { "pino": "^9.0.0" } }\n',
    "server.js": "function main() {\n  console.log('started');\n}\nmain();\n",
  });
  assert.equal(runCli(["fix"], dir).status, 0);
  assert.equal(
    read(dir, "server.js"),
    "const { logger } = require('./logger');\n\nfunction main() {\n  logger.debug('started');\n}\nmain();\n",
  );
  assert.match(read(dir, "logger.js"), /module\.exports = \{ logger \};/);
});

test("--logger names the module; one that exports no logger is a usage error (exit 2)", () => {
  const dir = project({
    "package.json": '{ "name": "svc", "type": "module", "dependencies": { "pino": "^9.0.0" } }\n',
    "src/app/job.ts": 'export function run() {\n  console.info("running");\n}\n',
    "src/util.ts": "export const x = 1;\n",
  });
  const bad = runCli(["fix", "--logger", "src/util.ts"], dir);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^logical: src\/util\.ts exports no logger/);
  const good = runCli(["fix", "--logger", "src/lib/log.ts"], dir);
  assert.equal(good.status, 0, good.stderr);
  assert.equal(
    read(dir, "src/app/job.ts"),
    'import { logger } from "../lib/log.js";\n\nexport function run() {\n  logger.info("running");\n}\n',
  );
  assert.ok(existsSync(path.join(dir, "src/lib/log.ts")));
});

test("TypeScript: NodeNext specifiers end in .js, tsconfig paths aliases are used when the project uses them", () => {
  const tsconfig = (extra: object): string =>
    JSON.stringify({
      compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", strict: true, ...extra },
      include: ["src"],
    });
  const files = {
    "package.json": '{ "name": "t", "type": "module", "dependencies": { "pino": "^9.0.0" } }\n',
    "src/logger.ts": 'import pino from "pino";\n\nexport const logger = pino();\n',
    "src/train/loop.ts": "export function fit(epochs: number) {\n  console.log(`epoch ${epochs}`);\n}\n",
  };
  const plain = project({ ...files, "tsconfig.json": tsconfig({}) });
  assert.equal(runCli(["fix"], plain).status, 0);
  assert.match(read(plain, "src/train/loop.ts"), /^import \{ logger \} from "\.\.\/logger\.js";$/m);

  const aliased = project({
    ...files,
    "tsconfig.json": tsconfig({ module: "ESNext", moduleResolution: "Bundler", paths: { "@/*": ["./src/*"] } }),
    "src/train/data.ts":
      'import { logger } from "@/logger";\n\nexport const rows = 3;\nlogger.info("rows %d", rows);\n',
  });
  assert.equal(runCli(["fix"], aliased).status, 0);
  assert.match(read(aliased, "src/train/loop.ts"), /^import \{ logger \} from "@\/logger";$/m);
});

test("--typecheck: a file that would gain a type error is rolled back and reported (exit 1)", () => {
  const dir = project({
    "package.json": '{ "name": "t", "type": "module" }\n',
    "tsconfig.json": JSON.stringify({
      compilerOptions: {
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        types: ["node"],
        noEmit: true,
      },
      include: ["src"],
    }),
    // A logger type without `debug`: converting console.log to logger.debug cannot type-check.
    "src/logger.ts":
      "export const logger = { info: (msg: string): void => void msg, make: () => 1 } as const;\nexport function pino() {}\n",
    "src/job.ts": 'export function run() {\n  console.log("debug output");\n  console.info("info output");\n}\n',
  });
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  const run = runCli(["fix", "--typecheck", "--logger", "src/logger.ts"], dir);
  assert.equal(run.status, 2, "this logger module makes no logger");
  writeFileSync(
    path.join(dir, "src/logger.ts"),
    'import pino from "pino";\n\nexport const logger = pino() as unknown as { info(msg: string): void };\n',
  );
  const checked = runCli(["fix", "--typecheck"], dir);
  assert.equal(checked.status, 1, checked.stdout);
  assert.match(
    checked.stdout,
    /src\/job\.ts {2}--typecheck: would gain type errors: 4: Property 'debug' does not exist/,
  );
  assert.equal(
    read(dir, "src/job.ts"),
    'export function run() {\n  console.log("debug output");\n  console.info("info output");\n}\n',
  );
});
