// The progress bar: drawn on a terminal only, never in CI or into a pipe, and only once a run has
// taken a second; check() reports its analysed files as it goes.
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { test } from "node:test";
import { createProgress, progressWanted } from "../src/cli/progress.js";
import { check } from "../src/engine/check.js";
import { ROOT } from "./helpers.js";

test("a bar is wanted on a terminal outside CI only", () => {
  assert.equal(progressWanted({ isTTY: true }, {}), true);
  assert.equal(progressWanted({ isTTY: true }, { CI: "" }), true);
  assert.equal(progressWanted({ isTTY: true }, { CI: "false" }), true);
  assert.equal(progressWanted({ isTTY: true }, { CI: "true" }), false);
  assert.equal(progressWanted({ isTTY: true }, { CI: "1" }), false);
  assert.equal(progressWanted({ isTTY: false }, {}), false);
  assert.equal(progressWanted({}, {}), false);
});

function terminal(): { stream: Writable & { isTTY: boolean; columns: number }; text: () => string } {
  let out = "";
  const stream = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        out += chunk.toString();
        done();
      },
    }),
    { isTTY: true, columns: 80 },
  );
  return { stream, text: () => out };
}

test("the bar appears only after a second, shows files done of total, and is cleared at the end", () => {
  const { stream, text } = terminal();
  let clock = 0;
  const progress = createProgress({ stream, env: {}, now: () => clock })!;
  assert.ok(progress);
  clock = 900;
  progress.update(3, 10);
  assert.equal(text(), "", "nothing in the first second");
  clock = 1100;
  try {
    progress.update(5, 10);
    assert.match(text(), /^\u001b7\u001b\[\?25l\u001b\[\?7l\u001b\[1Glogical [█░]{40} 5\/10 files\u001b\[0K$/);
    progress.update(10, 10);
  } finally {
    progress.stop();
  }
  // clearOnComplete: the line is erased and the cursor shown again.
  assert.ok(text().includes("10/10 files\u001b[0K\u001b[?25h"), "the last count, then the cursor shown again");
  assert.ok(text().endsWith("\u001b[1G\u001b[2K"), "the line is cleared");
});

test("no bar in CI or into a pipe, and none for a run that ends within the second", () => {
  assert.equal(createProgress({ stream: terminal().stream, env: { CI: "true" } }), null);
  assert.equal(createProgress({ stream: Object.assign(terminal().stream, { isTTY: false }), env: {} }), null);
  const { stream, text } = terminal();
  let clock = 0;
  const progress = createProgress({ stream, env: {}, now: () => clock })!;
  clock = 5000;
  progress.update(10, 10);
  progress.stop();
  assert.equal(text(), "", "a finished run draws no bar");
});

test("check() reports analysed files as it goes, ending at the total", async () => {
  const calls: [number, number][] = [];
  const result = await check(["fixtures"], { cwd: ROOT, onProgress: (done, total) => calls.push([done, total]) });
  assert.ok(calls.length >= 1);
  const total = calls[0]![1];
  assert.equal(total, result.files);
  assert.deepEqual(calls.at(-1), [total, total]);
  for (let i = 1; i < calls.length; i++) assert.ok(calls[i]![0] > calls[i - 1]![0]);
});
