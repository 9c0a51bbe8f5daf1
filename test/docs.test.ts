// Every rule has its page, every page its rule, and each page's examples do what they say.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { rules } from "../rules/index.js";
import { check } from "../src/engine/check.js";
import { ROOT, tempDir } from "./helpers.js";

interface Example {
  kind: "incorrect" | "correct";
  lang: string;
  file: string | null;
  code: string;
}

const EXTENSION: Record<string, string> = {
  python: "py",
  py: "py",
  ts: "ts",
  typescript: "ts",
  js: "js",
  javascript: "js",
};

/** Code blocks under the `### ❌` and `### ✅` headings. A fence may name its file: ```python title="train.py" */
function examples(markdown: string): Example[] {
  const out: Example[] = [];
  let kind: Example["kind"] | null = null;
  const fence = /^```(\w+)(?:\s+title="([^"]+)")?\n([\s\S]*?)^```$/gm;
  const sections = markdown.split(/^(?=#{2,3} )/m);
  for (const section of sections) {
    if (/^### ❌/.test(section)) kind = "incorrect";
    else if (/^### ✅/.test(section)) kind = "correct";
    else {
      kind = null;
      continue;
    }
    for (const m of section.matchAll(fence)) {
      if (m[1] === "json") continue;
      out.push({ kind, lang: m[1]!, file: m[2] ?? null, code: m[3]! });
    }
  }
  return out;
}

const docs = readdirSync(path.join(ROOT, "rules")).filter((f) => f.endsWith(".md"));

test("every rule has rules/<id>.md and every page has a rule", () => {
  const ids = rules.map((r) => r.meta.id).sort();
  assert.deepEqual(docs.map((f) => f.slice(0, -3)).sort(), ids);
});

for (const rule of rules) {
  const id = rule.meta.id;
  test(`${id}: the page's ❌ examples report and its ✅ examples do not`, async () => {
    const page = readFileSync(path.join(ROOT, "rules", `${id}.md`), "utf8");
    for (const heading of ["## Why", "## Examples", "## Options", "## Fix safety", "## When not to use it"]) {
      assert.ok(page.includes(heading), `${id}.md lacks "${heading}"`);
    }
    const found = examples(page);
    assert.ok(
      found.some((e) => e.kind === "incorrect"),
      `${id}.md has no ❌ example`,
    );
    assert.ok(
      found.some((e) => e.kind === "correct"),
      `${id}.md has no ✅ example`,
    );
    for (const [i, example] of found.entries()) {
      const dir = tempDir();
      const ext = EXTENSION[example.lang];
      assert.ok(ext, `${id}.md: unknown fence language ${example.lang}`);
      const name = example.file ?? `example${i}.${ext}`;
      writeFileSync(path.join(dir, name), example.code);
      const result = await check([name], { cwd: dir, onlyRules: [id] });
      assert.deepEqual(result.errors, [], `${id}.md example ${i + 1} does not parse`);
      const count = result.findings.length;
      if (example.kind === "incorrect")
        assert.ok(count > 0, `${id}.md ❌ example ${i + 1} reports nothing:\n${example.code}`);
      else
        assert.equal(
          count,
          0,
          `${id}.md ✅ example ${i + 1} reports:\n${example.code}\n${JSON.stringify(result.findings)}`,
        );
    }
  });
}
