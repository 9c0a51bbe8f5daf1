// Reading JS/TS sources: UTF-8 as the WHATWG decoder reads it (BOM dropped, invalid bytes refused).
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { readSource } from "../src/discover/read-source.js";
import { project } from "./helpers.js";

test("JS/TS sources: ASCII, UTF-8 with and without a BOM, and bytes that are not UTF-8", () => {
  const dir = project({
    "ascii.js": "console.log(1);\n",
    "unicode.ts": 'const s = "é ☃ 😀";\n',
    "bom.ts": Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("const é = 1;\n")]),
    "latin.js": Buffer.concat([Buffer.from('const s = "'), Buffer.from([0xe9]), Buffer.from('";\n')]),
    "surrogate.js": Buffer.concat([Buffer.from("// "), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from("\n")]),
    "overlong.js": Buffer.concat([Buffer.from("x"), Buffer.from([0xc0, 0xaf]), Buffer.from("\n")]),
  });
  const read = (name: string) => readSource(path.join(dir, name));
  assert.deepEqual(read("ascii.js"), { ok: true, text: "console.log(1);\n" });
  assert.deepEqual(read("unicode.ts"), { ok: true, text: 'const s = "é ☃ 😀";\n' });
  assert.deepEqual(read("bom.ts"), { ok: true, text: "const é = 1;\n" });
  assert.deepEqual(read("latin.js"), { ok: false, reason: "not valid utf-8 at byte 11" });
  // An encoded surrogate and an overlong form are not UTF-8 either.
  assert.equal(read("surrogate.js")?.ok, false);
  assert.equal(read("overlong.js")?.ok, false);
});
