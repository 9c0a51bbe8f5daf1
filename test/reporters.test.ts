// The sarif, github and markdown reporters: SARIF validated against the official 2.1.0 schema,
// exact annotations and tables from the built binary, and --output-file.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import AjvDraft04 from "ajv-draft-04";
import addFormatsModule from "ajv-formats";
import type { CheckResult } from "../src/engine/check.js";
import { escapeData, escapeProperty, formatGithub } from "../src/reporters/github.js";
import { formatMarkdown } from "../src/reporters/markdown.js";
import { formatSarif } from "../src/reporters/sarif.js";
import { rules } from "../rules/index.js";
import { ROOT, runCli, project } from "./helpers.js";

// The OASIS SARIF 2.1.0 schema (2.1.0-rtm.5, draft-04), as shipped in the npm package
// @microsoft/jest-sarif@1.0.0-beta.0 (lib/schemas/sarif-2.1.0-rtm.5.json, MIT), reformatted by prettier.
const SARIF_SCHEMA = JSON.parse(readFileSync(path.join(ROOT, "test/schemas/sarif-2.1.0.json"), "utf8")) as object;
// unicodeRegExp off: the schema's `language` pattern has a stray `]`, an error under RegExp's u flag.
const ajv = new AjvDraft04.default({ allErrors: true, unicodeRegExp: false });
addFormatsModule.default(ajv);
const validateSarif = ajv.compile(SARIF_SCHEMA);

function assertValidSarif(log: unknown): void {
  const ok = validateSarif(log);
  assert.ok(ok, JSON.stringify(validateSarif.errors, null, 2));
}

const FILES = {
  "train.py": `import logging\n\nlogger = logging.getLogger(__name__)\n\n\ndef load(rows):\n    print("rows:", rows)\n    return rows\n`,
  "src/odd,name:1.js": `console.log("up");\n`,
  "bad.py": `def broken(:\n`,
};

const PRINT = "`print` found: development output should be a DEBUG log (step 1).";
const CONSOLE = "`console.log` found: development output should be a DEBUG log (step 1).";

test("sarif: the CLI's log validates against the SARIF 2.1.0 schema and carries rules, levels and regions", () => {
  const dir = project(FILES);
  const run = runCli(["check", "--format", "sarif"], dir);
  assert.equal(run.status, 1);
  assert.equal(run.stderr, "");
  const log = JSON.parse(run.stdout) as {
    version: string;
    runs: {
      tool: { driver: { name: string; informationUri: string; rules: Record<string, unknown>[] } };
      invocations: { executionSuccessful: boolean; toolExecutionNotifications: { message: { text: string } }[] }[];
      results: Record<string, unknown>[];
    }[];
  };
  assertValidSarif(log);
  assert.equal(log.version, "2.1.0");
  const { driver } = log.runs[0]!.tool;
  assert.equal(driver.name, "logical");
  assert.equal(driver.informationUri, "https://github.com/logical-lint/logical");
  assert.equal(driver.rules.length, rules.length);
  const noPrint = driver.rules.find((r) => r.id === "no-print")!;
  assert.deepEqual(noPrint.helpUri, "https://github.com/logical-lint/logical/blob/main/rules/no-print.md");
  assert.deepEqual((noPrint.properties as { step: number }).step, 1);
  assert.ok((noPrint.shortDescription as { text: string }).text.length > 0);
  assert.deepEqual(log.runs[0]!.results, [
    {
      ruleId: "no-print",
      ruleIndex: driver.rules.indexOf(noPrint),
      level: "error",
      message: { text: CONSOLE },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: "src/odd%2Cname%3A1.js" },
            region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 12 },
          },
        },
      ],
      properties: { step: 1, fixable: false },
    },
    {
      ruleId: "no-print",
      ruleIndex: driver.rules.indexOf(noPrint),
      level: "error",
      message: { text: PRINT },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: "train.py" },
            region: { startLine: 7, startColumn: 5, endLine: 7, endColumn: 10 },
          },
        },
      ],
      fixes: [
        {
          description: { text: "Replace with `logger.debug`" },
          artifactChanges: [
            {
              artifactLocation: { uri: "train.py" },
              replacements: [
                {
                  deletedRegion: { charOffset: FILES["train.py"].indexOf("print("), charLength: 20 },
                  insertedContent: { text: 'logger.debug("rows: %s", rows)' },
                },
              ],
            },
          ],
        },
      ],
      properties: { step: 1, fixable: true },
    },
  ]);
  // The fix's region is exactly the call in the source.
  const at = FILES["train.py"].indexOf("print(");
  assert.equal(FILES["train.py"].slice(at, at + 20), 'print("rows:", rows)');
  const invocation = log.runs[0]!.invocations[0]!;
  assert.equal(invocation.executionSuccessful, false);
  assert.equal(invocation.toolExecutionNotifications.length, 1);
});

test("sarif: a clean run and warnings validate too, and the validator does reject a broken log", () => {
  const metas = rules.map((r) => r.meta);
  const clean: CheckResult = { version: 1, files: 3, findings: [], errors: [], summary: { error: 0, warning: 0 } };
  const cleanLog = JSON.parse(formatSarif(clean, { rules: metas, version: "0.1.0" })) as {
    runs: { results: unknown[]; invocations: { executionSuccessful: boolean }[] }[];
  };
  assertValidSarif(cleanLog);
  assert.deepEqual(cleanLog.runs[0]!.results, []);
  assert.equal(cleanLog.runs[0]!.invocations[0]!.executionSuccessful, true);

  const warned = JSON.parse(formatSarif(SAMPLE, { rules: metas, version: "0.1.0" })) as {
    runs: { results: { level: string }[] }[];
  };
  assertValidSarif(warned);
  assert.deepEqual(
    warned.runs[0]!.results.map((r) => r.level),
    ["warning"],
  );
  // Negative control: a level SARIF does not define, and a 0 line, must fail validation.
  const broken = structuredClone(warned) as unknown as {
    runs: { results: { level: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[];
  };
  broken.runs[0]!.results[0]!.level = "fatal";
  broken.runs[0]!.results[0]!.locations[0]!.physicalLocation.region.startLine = 0;
  assert.equal(validateSarif(broken), false);
});

/** A warning whose message and path need every escape GitHub's workflow commands have. */
const SAMPLE: CheckResult = {
  version: 1,
  files: 1,
  findings: [
    {
      ruleId: "lazy-log-format",
      severity: "warning",
      step: 0,
      file: "a,b:c.py",
      line: 3,
      column: 9,
      endLine: 4,
      endColumn: 2,
      message: "100% eager\r\nformat | here",
      fixable: true,
    },
  ],
  errors: [],
  summary: { error: 0, warning: 1 },
};

test("github: workflow-command escaping follows GitHub's toolkit", () => {
  assert.equal(escapeData("50%\r\nok, a:b"), "50%25%0D%0Aok, a:b");
  assert.equal(escapeProperty("50%\r\nok, a:b"), "50%25%0D%0Aok%2C a%3Ab");
  assert.equal(
    formatGithub(SAMPLE),
    "::warning file=a%2Cb%3Ac.py,line=3,col=9,endLine=4,endColumn=2,title=logical/lazy-log-format::100%25 eager%0D%0Aformat | here\n",
  );
});

test("github: exact annotations from the binary, and the step summary appended to $GITHUB_STEP_SUMMARY", () => {
  const dir = project(FILES);
  const summary = path.join(dir, "summary.md");
  writeFileSync(summary, "earlier step\n");
  const run = runCli(["check", "--format", "github"], dir, { GITHUB_STEP_SUMMARY: summary });
  assert.equal(run.status, 1);
  assert.equal(run.stderr, "");
  const syntax = /^::error file=bad\.py,title=logical%3A could not analyse::(.+)$/m.exec(run.stdout);
  assert.ok(syntax, run.stdout);
  assert.equal(
    run.stdout,
    [
      `::error file=src/odd%2Cname%3A1.js,line=1,col=1,endLine=1,endColumn=12,title=logical/no-print::${CONSOLE}`,
      `::error file=train.py,line=7,col=5,endLine=7,endColumn=10,title=logical/no-print::${PRINT}`,
      `::error file=bad.py,title=logical%3A could not analyse::${syntax[1]}`,
      "",
    ].join("\n"),
  );
  assert.equal(
    readFileSync(summary, "utf8"),
    [
      "earlier step",
      "## logical",
      "",
      "2 problems (2 errors, 0 warnings) in 3 files.",
      "",
      "| Rule | Step | Errors | Warnings |",
      "| --- | --- | ---: | ---: |",
      "| `no-print` | 1 | 2 | 0 |",
      "",
      "1 file could not be analysed.",
      "",
    ].join("\n"),
  );
});

test("github: a clean run prints nothing and exits 0; without $GITHUB_STEP_SUMMARY no summary is written", () => {
  const dir = project({ "ok.py": "x = 1\n" });
  const run = runCli(["check", "--format", "github"], dir, { GITHUB_STEP_SUMMARY: "" });
  assert.deepEqual(run, { status: 0, stdout: "", stderr: "" });
});

test("markdown: exact PR-comment table from the binary", () => {
  const dir = project(FILES);
  const run = runCli(["check", "--format", "markdown"], dir);
  assert.equal(run.status, 1);
  assert.equal(run.stderr, "");
  const syntax = /^- `bad\.py`: (.+)$/m.exec(run.stdout);
  assert.ok(syntax, run.stdout);
  const docs = "https://github.com/logical-lint/logical/blob/main/rules/no-print.md";
  assert.equal(
    run.stdout,
    [
      "**logical**: 2 problems (2 errors, 0 warnings) in 3 files.",
      "",
      "| File | Rule | Step | Severity | Message |",
      "| --- | --- | ---: | --- | --- |",
      `| \`src/odd,name:1.js:1\` | [no-print](${docs}) | 1 | error | ${CONSOLE} |`,
      `| \`train.py:7\` | [no-print](${docs}) | 1 | error | ${PRINT} |`,
      "",
      "Could not analyse 1 file:",
      "",
      `- \`bad.py\`: ${syntax[1]}`,
      "",
    ].join("\n"),
  );
});

test("markdown: table cells escape pipes and line breaks; a clean run is one line", () => {
  assert.equal(
    formatMarkdown(SAMPLE),
    [
      "**logical**: 1 problem (0 errors, 1 warning) in 1 file.",
      "",
      "| File | Rule | Step | Severity | Message |",
      "| --- | --- | ---: | --- | --- |",
      "| `a,b:c.py:3` | [lazy-log-format](https://github.com/logical-lint/logical/blob/main/rules/lazy-log-format.md) | 0 | warning | 100% eager<br>format \\| here |",
      "",
    ].join("\n"),
  );
  const dir = project({ "ok.py": "x = 1\n" });
  assert.deepEqual(runCli(["check", "--format", "markdown"], dir), {
    status: 0,
    stdout: "**logical**: no problems in 1 file.\n",
    stderr: "",
  });
});

test("--output-file: the chosen format goes to the file, stylish to the terminal, same exit code", () => {
  const dir = project(FILES);
  const plain = runCli(["check"], dir);
  const json = runCli(["check", "--format", "json"], dir);
  const run = runCli(["check", "--format", "json", "--output-file", "out/report.json"], dir);
  assert.equal(run.status, 1);
  assert.equal(run.stdout, plain.stdout);
  assert.equal(run.stderr, "");
  assert.ok(run.stdout.includes("✖ 2 problems"));
  // Missing directories are created, as ESLint's --output-file does.
  assert.equal(readFileSync(path.join(dir, "out/report.json"), "utf8"), json.stdout);
  // An existing file is replaced, and the short flag works.
  writeFileSync(path.join(dir, "report.json"), "old");
  const short = runCli(["check", "--format", "json", "-o", "report.json"], dir);
  assert.equal(short.stdout, plain.stdout);
  assert.equal(readFileSync(path.join(dir, "report.json"), "utf8"), json.stdout);
});
