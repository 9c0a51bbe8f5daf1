// A bad configuration stops `logical check` with exit 2 and one line on stderr naming the file,
// the key path, the value and what was expected; nothing goes to stdout.
import assert from "node:assert/strict";
import { test } from "node:test";
import { project, runCli } from "./helpers.js";

const SOURCE = { "train.py": `print("rows")\n` };
const PRESETS = `"recommended"|"strict"|"step-1"|"step-2"|"step-3"|"step-4"|"step-5"|"step-6"|"step-7"|"step-8"`;
const SETTING = `expected "off", "warn" or "error", or ["off" | "warn" | "error", { options }]`;

const CASES: [kind: string, file: string, content: string, stderr: string][] = [
  [
    "unknown key",
    "logical.config.json",
    `{ "rulez": {} }`,
    "logical.config.json: rulez: unknown key; expected one of $schema, extends, rules, ignore, overrides, maxFileSize, stages, entryPoints, logger, logs",
  ],
  [
    "unknown key in an override",
    "logical.config.json",
    `{ "overrides": [{ "files": ["src/**"], "rules": {}, "rule": {} }] }`,
    "logical.config.json: overrides.0.rule: unknown key; expected one of files, rules",
  ],
  [
    "wrong type",
    "logical.config.json",
    `{ "ignore": "dist" }`,
    'logical.config.json: ignore: Invalid input: expected array, received string (got "dist")',
  ],
  [
    "wrong type (number)",
    ".logicalrc.json",
    `{ "maxFileSize": "2MB" }`,
    '.logicalrc.json: maxFileSize: Invalid input: expected number, received string (got "2MB")',
  ],
  [
    "bad severity",
    "logical.config.json",
    `{ "rules": { "no-print": "loud" } }`,
    `logical.config.json: rules.no-print: ${SETTING} (got "loud")`,
  ],
  [
    "bad options",
    "logical.config.json",
    `{ "rules": { "no-print": ["warn", 3] } }`,
    `logical.config.json: rules.no-print: ${SETTING} (got ["warn",3])`,
  ],
  [
    "bad glob in an override",
    "logical.config.json",
    `{ "overrides": [{ "files": ["scripts/[abc"], "rules": { "no-print": "off" } }] }`,
    'logical.config.json: overrides.0.files.0: not a valid glob: Missing closing: "]" - use "\\\\]" to match literal characters (got "scripts/[abc")',
  ],
  [
    "glob that can match nothing",
    "logical.config.json",
    `{ "ignore": ["data/[z-a]*"] }`,
    'logical.config.json: ignore.0: not a valid glob (got "data/[z-a]*")',
  ],
  [
    "override files not a list",
    "logical.config.json",
    `{ "overrides": [{ "files": "scripts/**", "rules": {} }] }`,
    'logical.config.json: overrides.0.files: Invalid input: expected array, received string (got "scripts/**")',
  ],
  [
    "unknown rule",
    "logical.config.json",
    `{ "rules": { "no-prints": "off" } }`,
    "logical.config.json: rules.no-prints: unknown rule (see `logical rules`)",
  ],
  [
    "unknown rule in an override",
    "logical.config.json",
    `{ "overrides": [{ "files": ["tests/**"], "rules": { "no-console": "off" } }] }`,
    "logical.config.json: overrides.0.rules.no-console: unknown rule (see `logical rules`)",
  ],
  [
    "bad extends",
    "logical.config.json",
    `{ "extends": "step-9" }`,
    `logical.config.json: extends: Invalid option: expected one of ${PRESETS} (got "step-9")`,
  ],
  [
    "bad extends in package.json",
    "package.json",
    `{ "name": "trainer", "logical": { "extends": ["strict"] } }`,
    `package.json: logical.extends: Invalid option: expected one of ${PRESETS} (got ["strict"])`,
  ],
  [
    "invalid JSON",
    "logical.config.json",
    `{\n  "rules": {\n    "no-print": "off",\n  }\n}\n`,
    "logical.config.json: invalid JSON at line 4, column 3: Expected double-quoted property name",
  ],
  [
    "invalid JSON in package.json",
    "package.json",
    `{ "name": "trainer" `,
    "package.json: invalid JSON at line 1, column 21: Expected ',' or '}' after property value",
  ],
];

for (const [kind, file, content, stderr] of CASES) {
  test(`bad config, ${kind}: exit 2 naming the file and the key`, () => {
    const dir = project({ ...SOURCE, [file]: content });
    const run = runCli(["check"], dir);
    assert.equal(run.stderr, `logical: ${stderr}\n`);
    assert.equal(run.stdout, "");
    assert.equal(run.status, 2);
  });
}

test("bad config given with --config: the same message, and a missing file is named", () => {
  const dir = project({ ...SOURCE, "ci/logical.json": `{ "rules": { "no-print": "loud" } }` });
  const run = runCli(["check", "--config", "ci/logical.json"], dir);
  assert.equal(run.stderr, `logical: logical.json: rules.no-print: ${SETTING} (got "loud")\n`);
  assert.equal(run.status, 2);
  const missing = runCli(["check", "--config", "ci/nope.json"], dir);
  assert.match(
    missing.stderr,
    /^logical: ci\/nope\.json: ENOENT: no such file or directory, open '.*ci\/nope\.json'\n$/,
  );
  assert.equal(missing.status, 2);
});
