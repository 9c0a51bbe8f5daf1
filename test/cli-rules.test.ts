// `logical rules` and `logical explain`, from the built binary: exact output and exit codes.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { rules } from "../rules/index.js";
import { ROOT, runCli } from "./helpers.js";

test("rules: a table of every rule in step order, exit 0", () => {
  const run = runCli(["rules"]);
  assert.equal(run.status, 0);
  assert.equal(run.stderr, "");
  const lines = run.stdout.trimEnd().split("\n");
  assert.equal(lines[0], "rule                            step  languages      fixable  default");
  assert.equal(lines.length, rules.length + 1);
  assert.ok(lines.includes("no-print                        1     Python, JS/TS  yes      error"), run.stdout);
  assert.ok(lines.includes("no-info-in-hot-loop             8     Python, JS/TS  no       warn"), run.stdout);
  const steps = lines.slice(1).map((l) => Number(l.split(/\s+/)[1]));
  assert.deepEqual(
    steps,
    [...steps].sort((a, b) => a - b),
  );
});

test("rules --format json: every rule's metadata and docs URL", () => {
  const run = runCli(["rules", "--format", "json"]);
  assert.equal(run.status, 0);
  const list = JSON.parse(run.stdout) as { id: string }[];
  assert.deepEqual(list.map((r) => r.id).sort(), rules.map((r) => r.meta.id).sort());
  assert.deepEqual(
    list.find((r) => r.id === "no-print"),
    {
      id: "no-print",
      step: 1,
      description: rules.find((r) => r.meta.id === "no-print")!.meta.description,
      languages: ["python", "javascript"],
      fixable: true,
      defaultSeverity: "error",
      docs: "https://github.com/logical-lint/logical/blob/main/rules/no-print.md",
    },
  );
});

test("explain: prints the rule's rules/<id>.md exactly, exit 0, for every rule", () => {
  for (const { meta } of rules) {
    const run = runCli(["explain", meta.id]);
    assert.equal(run.status, 0, meta.id);
    assert.equal(run.stderr, "");
    assert.equal(run.stdout, readFileSync(path.join(ROOT, "rules", `${meta.id}.md`), "utf8"));
  }
});

test("explain: an unknown rule (or a path) is exit 2 with a one-line cause", () => {
  for (const id of ["no-such-rule", "../README"]) {
    const run = runCli(["explain", id]);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, "");
    assert.equal(run.stderr, `logical: unknown rule "${id}"; \`logical rules\` lists them\n`);
  }
  const missing = runCli(["explain"]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /missing required argument 'rule'/);
});

test("rules --format: an unknown format is exit 2", () => {
  const run = runCli(["rules", "--format", "xml"]);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /argument 'xml' is invalid/);
});
