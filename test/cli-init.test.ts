// `logical init` on temporary projects: what it detects, the config it writes, the files it prints
// or writes, the baseline it records so the gate can go on at once, and what it refuses.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { githubWorkflow } from "../src/cli/init-templates.js";
import { project, ROOT, runCli } from "./helpers.js";

const FILES = {
  "train.py": `import logging\n\nlogger = logging.getLogger(__name__)\n\n\ndef main():\n    print("hi")\n\n\nif __name__ == "__main__":\n    main()\n`,
  "src/logger.ts": `import pino from "pino";\nexport const logger = pino();\n`,
  "src/serve.ts": `import { logger } from "./logger.js";\nlogger.info("up");\nconsole.log("x");\n`,
  "package.json": `{"name":"p","dependencies":{"pino":"^9"},"devDependencies":{"typescript":"5"}}\n`,
};

const ESLINT = `import logical from "logical/eslint-plugin";
import tsParser from "@typescript-eslint/parser";

export default [
  { ...logical.configs.recommended, languageOptions: { parser: tsParser } }, // JS/TS
  logical.configs.python, // .py files, through the logical/python language
];
`;

const SUMMARY = [
  "logical init: 1 Python and 2 JS/TS files",
  "  entry points: train.py",
  "  loggers: Python logging; JS/TS pino",
  "  logger module: src/logger.ts",
  "wrote logical.config.json",
];

test("init detects languages, entry points and loggers, writes the config and prints the other files", () => {
  const dir = project(FILES);
  const run = runCli(["init"], dir);
  assert.equal(run.stderr, "");
  assert.equal(
    run.stdout,
    [
      ...SUMMARY,
      "",
      "eslint.config.js (add it, or run logical init --write):",
      "",
      ESLINT.trimEnd(),
      "",
      ".github/workflows/logical.yml (add it, or run logical init --write):",
      "",
      githubWorkflow(false).trimEnd(),
      "",
    ].join("\n"),
  );
  assert.equal(run.status, 0);
  assert.deepEqual(JSON.parse(readFileSync(path.join(dir, "logical.config.json"), "utf8")), {
    $schema: "./node_modules/logical/schema/logical.config.schema.json",
    extends: "recommended",
    entryPoints: ["train.py"],
    logger: "src/logger.ts",
  });
  assert.ok(
    githubWorkflow(false).includes("run: npx logical check --cache --format sarif --output-file logical.sarif"),
  );
  assert.equal(existsSync(path.join(dir, "eslint.config.js")), false, "printed, not written");
  // The written config is valid: check runs with it and finds the print and the console.log.
  const check = runCli(["check", "--format", "json"], dir);
  assert.equal(check.stderr, "");
  assert.deepEqual(
    (JSON.parse(check.stdout) as { findings: { file: string; line: number }[] }).findings.map(
      (f) => `${f.file}:${f.line}`,
    ),
    ["src/serve.ts:3", "train.py:7"],
  );
});

test("init --write --baseline writes the files and the baseline; the gate then passes at once", () => {
  const dir = project(FILES);
  const run = runCli(["init", "--write", "--baseline"], dir);
  assert.equal(run.stderr, "");
  assert.equal(
    run.stdout,
    [
      ...SUMMARY,
      "wrote logical-baseline.json (2 findings, 2 entries)",
      "wrote eslint.config.js",
      "wrote .github/workflows/logical.yml",
      "",
    ].join("\n"),
  );
  assert.equal(run.status, 0);
  assert.equal(readFileSync(path.join(dir, "eslint.config.js"), "utf8"), ESLINT);
  const workflow = readFileSync(path.join(dir, ".github/workflows/logical.yml"), "utf8");
  assert.ok(
    workflow.includes("run: npx logical check --strict-baseline --cache --format sarif --output-file logical.sarif\n"),
  );
  assert.ok(workflow.includes("uses: github/codeql-action/upload-sarif@v3"));
  const gate = runCli(["check", "--strict-baseline"], dir);
  assert.equal(gate.stdout, "✔ No problems in 4 files.\n", "eslint.config.js is checked too");
  assert.equal(gate.status, 0);
});

test("init --write never replaces an existing eslint.config.js: it prints the snippet instead", () => {
  const dir = project({ ...FILES, "eslint.config.js": "export default [];\n" });
  const run = runCli(["init", "--write"], dir);
  assert.equal(run.status, 0);
  assert.ok(run.stdout.includes(`eslint.config.js (exists, not replaced; merge this into it):\n\n${ESLINT}`));
  assert.ok(run.stdout.endsWith("wrote .github/workflows/logical.yml\n"));
  assert.equal(readFileSync(path.join(dir, "eslint.config.js"), "utf8"), "export default [];\n");
});

test("init refuses to replace a config unless --force, and needs source files (exit 2)", () => {
  const dir = project({ "train.py": `print(1)\n`, ".logicalrc.json": "{}\n" });
  const refused = runCli(["init"], dir);
  assert.equal(
    refused.stderr,
    "logical: .logicalrc.json already exists; pass --force to replace it with a detected logical.config.json\n",
  );
  assert.equal(refused.stdout, "");
  assert.equal(refused.status, 2);
  assert.equal(runCli(["init", "--force"], dir).status, 0);
  assert.ok(existsSync(path.join(dir, "logical.config.json")));

  const empty = runCli(["init"], project({ "notes.txt": "x\n" }));
  assert.equal(
    empty.stderr,
    "logical: no Python or JS/TS files here to set up; run logical init at the project's root\n",
  );
  assert.equal(empty.status, 2);
});

test("a Python-only project gets the Python ESLint config and no logger module", () => {
  const dir = project({ "pipeline/train.py": `import loguru\n\nprint("x")\n` });
  const run = runCli(["init"], dir);
  assert.ok(
    run.stdout.startsWith(
      "logical init: 1 Python files\n  entry points: none found\n  loggers: Python loguru\nwrote logical.config.json\n",
    ),
  );
  assert.ok(
    run.stdout.includes(
      'import logical from "logical/eslint-plugin";\n\nexport default [\n  logical.configs.python, // .py files, through the logical/python language\n];\n',
    ),
  );
  assert.deepEqual(JSON.parse(readFileSync(path.join(dir, "logical.config.json"), "utf8")), {
    $schema: "./node_modules/logical/schema/logical.config.schema.json",
    extends: "recommended",
  });
});

test("the README's CI job is the workflow init writes with --baseline", () => {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  assert.ok(readme.includes("```yaml\n" + githubWorkflow(true) + "```\n"));
});
