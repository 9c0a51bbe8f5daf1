// `logical logs` on a large file reads its two halves at once (src/logs/split.ts): wherever the
// file is split, the groups, counts, examples and line counts are the ones a single reader gives.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";
import { LogSink, readLog } from "../src/logs/gate.js";
import { Grouper } from "../src/logs/groups.js";
import { readPart, readPartInWorker, readSplit, WINDOW, type PartResult } from "../src/logs/split.js";
import { tempDir } from "./helpers.js";

const BLOCK = [
  "2024-06-03 09:12:01,114 - trainer - INFO - starting run 7",
  "2024-06-03 09:12:02,001 - trainer.data - WARNING - dropped 412 rows",
  '{"level":40,"time":1717405922002,"name":"loader","msg":"slow shard read in 812 ms"}',
  "2024-06-03 09:12:03,500 - trainer.data - WARNING - dropped 37 rows",
  "2024-06-03 09:12:04,000 - trainer.data - WARNING - dropped 37 columns",
  "2024-06-03 09:12:05,000 - trainer - ERROR - evaluation failed for fold 2",
  "Traceback (most recent call last):",
  '  File "/app/train.py", line 212, in evaluate',
  "    score = model.score(x, y)",
  "ValueError: Input contains NaN",
  '{"level":40,"time":1717405926000,"name":"loader","msg":"slow shard read in 97 ms"}',
  '{"level":30,"time":1717405926001,"name":"loader","msg":"prefetched shard in 3 ms"}',
  "2024-06-03 09:12:07,000 - trainer.data - WARNING - dropped 5 rows",
  "Epoch 1:  45%|####5     | 450/1000 [01:12<01:28,  6.21it/s]",
];

interface Summary {
  groups: string[];
  warnings: number;
  errors: number;
  stats: { lines: number; records: number; unrecognised: number };
}

function summarise(sink: LogSink): Summary {
  const g = sink.grouper;
  return {
    groups: [...g.groups.values()]
      .map(
        (x) =>
          `${x.level} ${x.template} ×${x.count} ${x.first}…${x.last} @${x.example.line} +${x.example.detail.length}`,
      )
      .sort(),
    warnings: g.warnings,
    errors: g.errors,
    stats: { ...sink.reader.stats },
  };
}

const THREE_BLOCKS: Summary = {
  groups: [
    "error evaluation failed for fold <num> ×3 2024-06-03 09:12:05,000…2024-06-03 09:12:05,000 @6 +4",
    "warning dropped <num> columns ×3 2024-06-03 09:12:04,000…2024-06-03 09:12:04,000 @5 +0",
    "warning dropped <num> rows ×9 2024-06-03 09:12:02,001…2024-06-03 09:12:07,000 @2 +0",
    "warning slow shard read in <num> ms ×6 2024-06-03T09:12:02.002Z…2024-06-03T09:12:06.000Z @3 +0",
  ],
  warnings: 18,
  errors: 3,
  stats: { lines: 42, records: 27, unrecognised: 3 },
};

async function readWhole(file: string): Promise<Summary> {
  const sink = new LogSink(new Grouper(), file);
  await readLog(file, sink);
  return summarise(sink);
}

async function readAt(file: string, split: number, part: (split: number) => Promise<PartResult>): Promise<Summary> {
  const handle = await open(file, "r");
  try {
    const sink = new LogSink(new Grouper(), file);
    await readSplit(handle, split, sink, part(split));
    return summarise(sink);
  } finally {
    await handle.close();
  }
}

/** Byte offsets just after each newline but the last. */
function lineStarts(text: string): number[] {
  const out: number[] = [];
  const bytes = Buffer.from(text);
  for (let i = bytes.indexOf(10); i !== -1 && i + 1 < bytes.length; i = bytes.indexOf(10, i + 1)) out.push(i + 1);
  return out;
}

test("split at any line: a JSON line and a text line, numbers grouped, words apart, a traceback with its record", async () => {
  const file = path.join(tempDir(), "train.log");
  const text = `${[...BLOCK, ...BLOCK, ...BLOCK].join("\n")}\n`;
  writeFileSync(file, text);
  assert.deepEqual(await readWhole(file), THREE_BLOCKS);
  const size = Buffer.byteLength(text);
  for (const split of lineStarts(text)) {
    const part = (start: number): Promise<PartResult> => readPart({ file, start, end: size, input: file });
    assert.deepEqual(await readAt(file, split, part), THREE_BLOCKS, `split at byte ${split}`);
  }
});

test("split inside a traceback longer than the window: the main thread reads on by itself, with the same result", async () => {
  const file = path.join(tempDir(), "deep.log");
  const frames = Array.from({ length: WINDOW + 100 }, (_, i) => `  File "/app/recurse.py", line ${i + 1}, in f`);
  const lines = [
    "ERROR:trainer:recursion went too deep",
    "Traceback (most recent call last):",
    ...frames,
    "RecursionError: maximum recursion depth exceeded",
    "WARNING:trainer:retrying with a smaller batch",
  ];
  const text = `${lines.join("\n")}\n`;
  writeFileSync(file, text);
  const expected: Summary = {
    groups: [
      "error recursion went too deep ×1 null…null @1 +40",
      "warning retrying with a smaller batch ×1 null…null @4200 +0",
    ],
    warnings: 1,
    errors: 1,
    stats: { lines: 4200, records: 2, unrecognised: 0 },
  };
  assert.deepEqual(await readWhole(file), expected);
  const size = Buffer.byteLength(text);
  const middle = lineStarts(text)[2000]!;
  const part = (start: number): Promise<PartResult> => readPart({ file, start, end: size, input: file });
  assert.deepEqual(await readAt(file, middle, part), expected);
});

test("the second half read by a worker thread merges into the same groups; a failed worker leaves the main thread reading", async () => {
  const file = path.join(tempDir(), "train.log");
  const lines = [
    '{"level":40,"name":"cache","msg":"cache miss for 12 keys"}',
    ...Array.from({ length: 400 }, () => BLOCK).flat(),
    '{"level":40,"time":1717419599000,"name":"cache","msg":"cache miss for 7 keys"}',
    "2024-06-03 23:59:59,999 - trainer.data - WARNING - dropped 1 rows",
    "2024-06-03 23:59:59,999 - trainer - ERROR - checkpoint upload failed",
  ];
  const text = `${lines.join("\n")}\n`;
  writeFileSync(file, text);
  const size = Buffer.byteLength(text);
  // The worker's part is longer than the window: most of its groups are merged, not replayed.
  const split = lineStarts(text)[260]!;
  const expected: Summary = {
    groups: [
      "error checkpoint upload failed ×1 2024-06-03 23:59:59,999…2024-06-03 23:59:59,999 @5604 +0",
      "error evaluation failed for fold <num> ×400 2024-06-03 09:12:05,000…2024-06-03 09:12:05,000 @7 +4",
      "warning cache miss for <num> keys ×2 2024-06-03T12:59:59.000Z…2024-06-03T12:59:59.000Z @1 +0",
      "warning dropped <num> columns ×400 2024-06-03 09:12:04,000…2024-06-03 09:12:04,000 @6 +0",
      "warning dropped <num> rows ×1201 2024-06-03 09:12:02,001…2024-06-03 23:59:59,999 @3 +0",
      "warning slow shard read in <num> ms ×800 2024-06-03T09:12:02.002Z…2024-06-03T09:12:06.000Z @4 +0",
    ],
    warnings: 2403,
    errors: 401,
    stats: { lines: 5604, records: 3604, unrecognised: 400 },
  };
  assert.deepEqual(await readWhole(file), expected);
  const worker = (start: number): Promise<PartResult> => readPartInWorker({ file, start, end: size, input: file });
  assert.deepEqual(await readAt(file, split, worker), expected);
  const failed = (): Promise<PartResult> => Promise.reject(new Error("no worker"));
  assert.deepEqual(await readAt(file, split, failed), expected);
});
