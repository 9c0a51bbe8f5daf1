// `logical logs`: budgets from flags and config, inputs (files, stdin, .gz), bad input, and the
// reader's streaming (records split across chunks, carriage returns, huge lines, CRLF).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import { LineDecoder } from "../src/logs/line-decoder.js";
import { LogReader, type LogRecord } from "../src/logs/reader.js";
import { Grouper } from "../src/logs/groups.js";
import { TemplateMemo, templateOf } from "../src/logs/template.js";
import { BIN, fixture, project, runCli } from "./helpers.js";

const LOGS = fixture("logs");
const SUMMARY = /\n(\d+ warnings?, \d+ errors? \(budget [^)]*\)(?:: over budget)?)\n$/;

function summary(stdout: string): string {
  return SUMMARY.exec(stdout)?.[1] ?? `(no summary in ${JSON.stringify(stdout)})`;
}

test("--max-warnings and --max-errors: the gate fails only above the budget", () => {
  const within = runCli(["logs", "--max-warnings", "3", "--max-errors", "1", "winston.jsonl"], LOGS);
  assert.equal(within.status, 0);
  assert.equal(summary(within.stdout), "3 warnings, 1 error (budget 3 warnings, 1 error)");
  const over = runCli(["logs", "--max-warnings", "2", "--max-errors", "1", "winston.jsonl"], LOGS);
  assert.equal(over.status, 1);
  assert.equal(summary(over.stdout), "3 warnings, 1 error (budget 2 warnings, 1 error): over budget");
  const bad = runCli(["logs", "--max-warnings", "many", "winston.jsonl"], LOGS);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /option '--max-warnings <n>' argument 'many' is invalid\. expected a whole number/);
});

test("config logs.maxWarnings / logs.maxErrors set the budget; flags win; a bad value is exit 2 naming the key", () => {
  const dir = project({
    "logical.config.json": JSON.stringify({ logs: { maxWarnings: 3, maxErrors: 1 } }),
  });
  copyFileSync(path.join(LOGS, "winston.jsonl"), path.join(dir, "worker.log"));
  const configured = runCli(["logs", "worker.log"], dir);
  assert.equal(configured.status, 0);
  assert.equal(summary(configured.stdout), "3 warnings, 1 error (budget 3 warnings, 1 error)");
  const flag = runCli(["logs", "--max-errors", "0", "worker.log"], dir);
  assert.equal(flag.status, 1);
  writeFileSync(path.join(dir, "logical.config.json"), JSON.stringify({ logs: { maxWarnings: -1 } }));
  const bad = runCli(["logs", "worker.log"], dir);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^logical: logical\.config\.json: logs\.maxWarnings: .* \(got -1\)\n$/);
});

test("an unreadable input is named on stderr; the others are still read and reported; exit 2", () => {
  const run = runCli(["logs", "--project", "project", "missing.log", "winston.jsonl"], LOGS);
  assert.equal(run.status, 2);
  assert.equal(run.stderr, "logical: cannot read missing.log: no such file or directory\n");
  assert.equal(summary(run.stdout), "3 warnings, 1 error (budget 0 warnings, 0 errors): over budget");
});

test("`-` reads stdin; several inputs add up", () => {
  const r = spawnSync(process.execPath, [BIN, "logs", "--format", "json", "-", "winston.jsonl"], {
    cwd: LOGS,
    input: readFileSync(path.join(LOGS, "pino.jsonl")),
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  assert.equal(r.status, 1);
  const report = JSON.parse(r.stdout) as { warnings: number; errors: number; lines: number };
  assert.deepEqual([report.warnings, report.errors, report.lines], [2 + 3, 2 + 1, 6 + 6]);
});

test(".gz logs are decompressed as they are read", () => {
  const dir = project({ "structlog.jsonl.gz": gzipSync(readFileSync(path.join(LOGS, "structlog.jsonl"))) });
  const run = runCli(["logs", "--format", "json", "structlog.jsonl.gz"], dir);
  const report = JSON.parse(run.stdout) as { warnings: number; errors: number; groups: { template: string }[] };
  assert.deepEqual(
    [report.warnings, report.errors, report.groups.map((g) => g.template)],
    [2, 2, ["nan_loss_detected", "checkpoint_restore_failed", "gradient_norm_exploded"]],
  );
});

test("a log without warnings or errors passes; an empty one too", () => {
  const dir = project({
    "ok.log": "INFO:trainer.train:epoch 1 loss 0.41\nINFO:trainer.train:epoch 2 loss 0.38\n",
    "empty.log": "",
  });
  const run = runCli(["logs", "ok.log", "empty.log"], dir);
  assert.equal(run.status, 0);
  assert.equal(
    run.stdout,
    "2 lines read, 2 records, 0 lines not recognised\n0 warnings, 0 errors (budget 0 warnings, 0 errors)\n",
  );
});

function records(chunks: readonly string[]): { records: LogRecord[]; stats: LogReader["stats"] } {
  const out: LogRecord[] = [];
  const reader = new LogReader((r) => out.push(r));
  for (const c of chunks) reader.write(c);
  reader.end();
  return { records: out, stats: reader.stats };
}

function summarise(r: LogRecord): string {
  return `${r.line} ${r.level} ${r.message} [${r.detail.length}]`;
}

test("streaming: a record split anywhere across chunks reads the same", () => {
  const text = readFileSync(path.join(LOGS, "python-default.log"), "utf8");
  const whole = records([text]);
  assert.deepEqual(whole.records.map(summarise), [
    "2 warning learning rate 5.00e-01 is above the recommended maximum [0]",
    "3 warning dropped 412 rows with missing labels from data/churn-2024-05.csv [0]",
    "5 warning dropped 37 rows with missing labels from data/churn-2024-06.csv [0]",
    "9 warning Retrying (Retry(total=2, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError('<urllib3.connection.HTTPSConnection object at 0x7f3a2c1e5d50>: Failed to establish a new connection: [Errno 111] Connection refused')': /v1/models/churn/checkpoints [0]",
    "10 error checkpoint upload to https://models.example.com/v1/churn failed (attempt 1/3) [0]",
    "11 error checkpoint upload to https://models.example.com/v1/churn failed (attempt 2/3) [0]",
    "12 error evaluation failed for fold 2 [8]",
  ]);
  for (let at = 1; at < text.length; at += 7) {
    const split = records([text.slice(0, at), text.slice(at)]);
    assert.deepEqual(split.records.map(summarise), whole.records.map(summarise), `split at ${at}`);
    assert.deepEqual(split.stats, whole.stats);
  }
  const bytewise = records(text.split(""));
  assert.deepEqual(bytewise.records.map(summarise), whole.records.map(summarise));
});

test("a large chunk is decoded in pieces of whole lines; a long line stays whole, a UTF-8 character is never split", () => {
  const line = "2024-06-03 09:12:07,892 - trainer.data - WARNING - dropped 12 rows: naïve → ☃\n";
  const long = `WARNING:root:${"é".repeat(70_000)}\n`;
  const input = line.repeat(2000) + long + line.repeat(2000) + "WARNING:root:no newline at the end";
  const bytes = Buffer.from(input, "utf8");
  const pieces: string[] = [];
  const decoder = new LineDecoder((text) => pieces.push(text));
  decoder.write(bytes.subarray(0, 300_000));
  decoder.write(bytes.subarray(300_000));
  decoder.end();
  assert.equal(pieces.join(""), input);
  assert.ok(pieces.length >= 4, `${pieces.length} pieces`);
  for (const piece of pieces.slice(0, -1)) assert.equal(piece[piece.length - 1], "\n");
  assert.equal(pieces[pieces.length - 1], "WARNING:root:no newline at the end");
  // Every piece is at most 64 KiB of bytes, except the one holding the 140 KB line.
  const big = pieces.filter((p) => Buffer.byteLength(p) > 64 * 1024);
  assert.equal(big.length, 1);
  assert.ok(big[0]!.includes(long), "the long line is in one piece");
});

test("CRLF line endings and carriage-return progress bars", () => {
  const { records: out, stats } = records([
    "WARNING:root:disk almost full\r\n",
    "epoch 1:  10%|#         | 10/100\repoch 1:  20%|##        | 20/100\rERROR:root:loader crashed\r\n",
  ]);
  assert.deepEqual(out.map(summarise), ["1 warning disk almost full [0]", "4 error loader crashed [0]"]);
  assert.deepEqual(stats, { lines: 4, records: 2, unrecognised: 2 });
});

test("a huge line without a newline is cut, not held whole; the reader goes on", () => {
  const { records: out, stats } = records([
    "x".repeat(100_000),
    "y".repeat(100_000),
    "\nWARNING:root:after the blob\n",
  ]);
  assert.deepEqual(out.map(summarise), ["2 warning after the blob [0]"]);
  assert.deepEqual(stats, { lines: 2, records: 1, unrecognised: 1 });
});

test("binary noise and malformed JSON are counted as unrecognised, never thrown", () => {
  const { records: out, stats } = records([
    '{"level":"warn","msg":"truncated\n',
    "\u0000\u0001\u0002\ufffd\ufffd\n",
    '{"level":50,"msg":"ok after all"}\n',
  ]);
  assert.deepEqual(out.map(summarise), ["3 error ok after all [0]"]);
  assert.deepEqual(stats, { lines: 3, records: 1, unrecognised: 2 });
});

test("templates: numbers, paths, URLs, hex ids, UUIDs and quoted strings are normalised; names with digits stay", () => {
  const cases: [string, string][] = [
    ["skipped 12 corrupt rows in /data/train/part-0007.parquet", "skipped <num> corrupt rows in <path>"],
    ["loss=0.4127 lr=3.0e-04 step 1200/5000", "loss=<num> lr=<num> step <num>/<num>"],
    ["fetching https://hub.example.com/models/resnet50?rev=main", "fetching <url>"],
    ["object at 0x7f3a2c1e5d50 (commit 9f2c1e7a44b0)", "object at <hex> (commit <hex>)"],
    ["request 7c1e4d2a-93b0-4f6e-8d2c-5a9e0b1f3c77 timed out", "request <uuid> timed out"],
    ["unknown column 'user_id' in \"features\"", "unknown column <str> in <str>"],
    ["resnet50 on cuda:0 with fp16 (DEP0040)", "resnet50 on cuda:<num> with fp16 (DEP0040)"],
    ["don't retry: it's fatal", "don't retry: it's fatal"],
  ];
  for (const [message, template] of cases) assert.equal(templateOf(message), template, message);
});

test("remembered templates: a message of a known shape gets its own template when digits survive in it", () => {
  const memo = new TemplateMemo();
  const cases: [string, string][] = [
    ["skipped shard-12/0034.tfrecord after 3 retries", "skipped <path> after <num> retries"],
    ["skipped shard-98/7761.tfrecord after 5 retries", "skipped <path> after <num> retries"],
    ["model resnet50 failed on cuda:2", "model resnet50 failed on cuda:<num>"],
    ["model resnet60 failed on cuda:3", "model resnet60 failed on cuda:<num>"],
    ["object at 0x7f3a2c1e", "object at <hex>"],
    ["object at 1x7f3a2c1e", "object at <num>x7f3a2c1e"],
    ["object at 0x1234abcd", "object at <hex>"],
    ["code 0042 in 3.5 s", "code <num> in <num> s"],
  ];
  for (const [message, template] of cases) {
    assert.equal(memo.of(message), template, message);
    assert.equal(templateOf(message), template, message);
  }
});

test("grouping: messages that differ only in numbers are one group, messages that differ in words are not", () => {
  const grouper = new Grouper();
  const warn = (message: string, line: number): LogRecord => ({
    level: "warning",
    text: `WARNING:trainer:${message}`,
    message,
    time: null,
    logger: "trainer",
    format: "python-logging",
    line,
    detail: [],
    moreDetail: 0,
  });
  grouper.add(warn("dropped 412 rows", 1), "a.log");
  grouper.add(warn("dropped 37 rows", 2), "a.log");
  grouper.add(warn("dropped 37 columns", 3), "a.log");
  grouper.add(warn("kept 37 rows", 4), "a.log");
  grouper.add(warn("dropped 9 rows", 5), "a.log");
  assert.deepEqual(
    [...grouper.groups.values()].map((g) => [g.template, g.count, g.example.line]),
    [
      ["dropped <num> rows", 3, 1],
      ["dropped <num> columns", 1, 3],
      ["kept <num> rows", 1, 4],
    ],
  );
  assert.equal(grouper.warnings, 5);
});
