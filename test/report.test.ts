// `logical report`: statuses, figures, places and groups, on hand-built inputs and on the bundled fixture projects.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { rules } from "../rules/index.js";
import type { Finding } from "../src/engine/check.js";
import type { FileLogCounts } from "../src/engine/log-counts.js";
import { buildReport, type ReportInput, type StageSite } from "../src/engine/report.js";
import { fixture, project, runCli, tempDir } from "./helpers.js";

const metas = rules.map((r) => r.meta);

function counts(file: string, over: Partial<FileLogCounts> = {}): FileLogCounts {
  return {
    file,
    language: "python",
    role: "library",
    prints: 0,
    loggerCalls: 0,
    info: 0,
    warning: 0,
    error: 0,
    errorInHandlers: 0,
    handlers: 0,
    ...over,
  };
}

function finding(
  ruleId: string,
  step: Finding["step"],
  file: string,
  line: number,
  severity: Finding["severity"] = "error",
): Finding {
  return {
    ruleId,
    severity,
    step,
    file,
    line,
    column: 1,
    endLine: line,
    endColumn: 2,
    message: `${ruleId} here`,
    fixable: false,
  };
}

function site(
  file: string,
  line: number,
  stage: StageSite["stage"],
  pipeline: StageSite["pipeline"],
  logged: boolean,
  detailed: boolean,
): StageSite {
  return { file, line, column: 5, stage, marker: `marker.${stage}`, logged, detailed, pipeline };
}

function input(over: Partial<ReportInput>): ReportInput {
  return { version: 1, files: 0, findings: [], errors: [], summary: { error: 0, warning: 0 }, logCounts: [], ...over };
}

const statuses = (r: ReturnType<typeof buildReport>) => r.steps.map((s) => s.status);

test("steps 2-4 come from the stage sites: missing core stages, INFO logs, details; pipelines assess their own", () => {
  const report = buildReport(
    input({
      files: 5,
      stages: [
        site("train/data.py", 10, "read-data", "training", true, true),
        site("train/fit.py", 5, "training-start", "training", true, false),
        site("train/fit.py", 20, "save-artifact", "training", false, false),
        site("serve/app.py", 3, "model-loading", "inference", true, true),
      ],
      findings: [
        finding("stage-log-has-details", 4, "train/fit.py", 5),
        finding("stage-needs-info-log", 3, "train/fit.py", 20),
      ],
      logCounts: [
        counts("common/util.py", { loggerCalls: 1, info: 1 }),
        counts("serve/app.py", { loggerCalls: 1, info: 1 }),
        counts("tests/test_fit.py", { role: "test" }),
        counts("train/data.py", { loggerCalls: 1, info: 1 }),
        counts("train/fit.py", { loggerCalls: 1, info: 1 }),
      ],
    }),
    { rules: metas },
  );
  assert.equal(report.step, 1);
  assert.deepEqual(statuses(report), [
    "done",
    "in-progress",
    "in-progress",
    "in-progress",
    "done",
    "done",
    "done",
    "done",
  ]);
  const [, step2, step3, step4] = report.steps;
  assert.deepEqual(
    [step2, step3, step4].map((s) => [s!.subjects, s!.ok, s!.open]),
    [
      [5, 4, 1], // training's three core stages and inference's two; `request` has no site
      [4, 3, 1],
      [4, 2, 1],
    ],
  );
  assert.deepEqual(step2!.figures, { stageSites: 4, training: 3, inference: 1 });
  assert.deepEqual(step2!.stages, { "read-data": 1, "training-start": 1, "save-artifact": 1, "model-loading": 1 });
  assert.deepEqual(step2!.missing, [{ pipeline: "inference", stage: "request" }]);
  assert.deepEqual(step3!.figures, { stageSites: 4, logged: 3 });
  assert.deepEqual(step4!.figures, { stageSites: 4, logged: 3, detailed: 2 });
  assert.deepEqual(step3!.places, [
    { file: "train/fit.py", line: 20, column: 1, ruleId: "stage-needs-info-log", message: "stage-needs-info-log here" },
  ]);
  assert.deepEqual(report.next, {
    step: 2,
    title: "identify the critical points",
    todo: 'Name the missing critical points: no site for request (inference). If your project does this through its own functions, name them under `stages` in the config, e.g. `"stages": {"read-data": {"calls": ["myco.data.load_training_set"]}}`.',
  });
  // Training has its core stages (step 2 done) but an unlogged save: step 2. Inference lacks `request`: step 1.
  // Helpers in a two-pipeline project are shared; tests are their own group.
  assert.deepEqual(
    report.pipelines.map((p) => [p.name, p.files, p.step, p.steps.map((s) => s.status[0]).join("")]),
    [
      ["training", 2, 2, "ddiidddd"],
      ["inference", 1, 1, "didddddd"],
      ["shared", 1, 1, "didddddd"],
      ["tests", 1, 1, "didddddd"],
    ],
  );
  assert.deepEqual(
    report.modules.map((m) => [m.name, m.files, m.step]),
    [
      ["common", 1, 1],
      ["serve", 1, 1],
      ["tests", 1, 1],
      ["train", 2, 1],
    ],
  );
});

test("no stage site: step 2 not started, and steps 3-4 with it; files are unassigned", () => {
  const report = buildReport(input({ files: 1, logCounts: [counts("job.py", { loggerCalls: 2, info: 2 })] }), {
    rules: metas,
  });
  assert.equal(report.step, 1);
  assert.deepEqual(statuses(report), [
    "done",
    "not-started",
    "not-started",
    "not-started",
    "done",
    "done",
    "done",
    "done",
  ]);
  assert.match(report.next!.todo, /^Name the critical points: no stage site was found/);
  assert.deepEqual(
    report.pipelines.map((p) => [p.name, p.files]),
    [["unassigned", 1]],
  );
});

test("one pipeline: files without a stage site belong to it; every step done is step 8", () => {
  const report = buildReport(
    input({
      files: 2,
      stages: [
        site("data.py", 3, "read-data", "training", true, true),
        site("train.py", 9, "training-start", "training", true, true),
        site("train.py", 30, "save-artifact", "training", true, true),
      ],
      logCounts: [counts("data.py", { loggerCalls: 1, info: 1 }), counts("train.py"), counts("util.py")],
    }),
    { rules: metas },
  );
  assert.equal(report.step, 8);
  assert.equal(report.next, null);
  assert.deepEqual(statuses(report), Array(8).fill("done"));
  assert.deepEqual(
    report.pipelines.map((p) => [p.name, p.files, p.step]),
    [["training", 3, 8]],
  );
});

test("top places: errors first, then the files with the most findings, then by line; --top caps them", () => {
  const findings = [
    finding("no-print", 1, "a.py", 1, "warning"),
    finding("no-print", 1, "b.py", 9),
    finding("no-print", 1, "c.py", 5),
    finding("no-print", 1, "c.py", 2),
    finding("no-print", 1, "d.py", 1),
  ];
  const report = buildReport(input({ findings, logCounts: [counts("a.py", { prints: 5 })] }), { rules: metas, top: 4 });
  assert.deepEqual(
    report.steps[0]!.places.map((p) => `${p.file}:${p.line}`),
    ["c.py:2", "c.py:5", "b.py:9", "d.py:1"],
  );
  assert.equal(report.steps[0]!.status, "not-started"); // 5 prints, 5 open: none converted yet
});

/** The report of a fixture project, as JSON from the built CLI. */
function reportOf(dir: string, ...args: string[]) {
  const r = runCli(["report", "--format", "json", ...args], dir);
  assert.equal(r.stderr, "");
  assert.equal(r.status, 0);
  return JSON.parse(r.stdout) as ReturnType<typeof buildReport>;
}

const figures = (r: ReturnType<typeof buildReport>, step: number) => r.steps[step - 1]!.figures;

test("py-train (unlogged): step 0, with the figures counted by hand", () => {
  const report = reportOf(fixture("projects", "py-train"));
  assert.equal(report.step, 0);
  assert.equal(report.files, 5);
  // prints: data.py 4, features.py 3, model.py 8 (2 left by `logical fix`: end="\r" and a bare print()),
  // storage.py 2, train.py 5; logger calls: data.py's logging.warning and storage.py's logger.info.
  assert.deepEqual(figures(report, 1), { printsLeft: 22, fixable: 20, loggerCalls: 2 });
  assert.deepEqual([report.steps[0]!.status, report.steps[0]!.subjects, report.steps[0]!.ok], ["in-progress", 24, 2]);
  // Ten critical points: read_csv; build_features, train_test_split and the scaler's fit (feature
  // engineering); the grid search; the epoch loop (training start and epochs); the holdout metrics;
  // joblib.dump; the S3 upload.
  // The pipeline's core stages are all there; only the save has an INFO log (with its destination).
  assert.deepEqual(figures(report, 2), { stageSites: 10, training: 10, inference: 0 });
  assert.deepEqual(report.steps[1]!.missing, []);
  assert.equal(report.steps[1]!.status, "done");
  assert.deepEqual(figures(report, 3), { stageSites: 10, logged: 1 });
  assert.deepEqual(figures(report, 4), { stageSites: 10, logged: 1, detailed: 1 });
  assert.deepEqual(
    report.steps.slice(2, 4).map((s) => [s.status, s.subjects, s.ok, s.open]),
    [
      ["in-progress", 10, 1, 9],
      ["in-progress", 10, 1, 0],
    ],
  );
  // One data load, unchecked; error logs: none (the ERROR print is a print); handlers: storage.py:22
  // (swallowed) and train.py:56. Subjects: 1 load + 2 handlers, 2 open.
  assert.deepEqual(figures(report, 5), {
    dataLoads: 1,
    dataLoadsChecked: 0,
    uncheckedRequestInputs: 0,
    errorLogs: 0,
    errorLogsThatFail: 0,
    swallowedExceptions: 1,
  });
  assert.deepEqual([report.steps[4]!.status, report.steps[4]!.subjects, report.steps[4]!.ok], ["in-progress", 3, 1]);
  assert.deepEqual(
    report.pipelines.map((p) => [p.name, p.files, p.step]),
    [["training", 5, 0]],
  );
  // one warning log, in a loop over rows; plus warnings.filterwarnings("ignore") in train.py
  assert.deepEqual(figures(report, 6), { warningLogs: 1, noisyWarnings: 2 });
  assert.equal(report.steps[5]!.status, "not-started");
  assert.deepEqual(report.steps[5]!.byRule, { "no-blanket-warning-suppression": 1, "no-warning-in-loop": 1 });
  assert.deepEqual(figures(report, 7), { errorLogsInHandlers: 0, withoutTraceback: 0 });
  assert.deepEqual(figures(report, 8), { infoLogs: 1, inHotLoops: 0 });
  assert.deepEqual(report.hygiene.byRule, { "lazy-log-format": 2, "no-root-logger": 1 });
  assert.deepEqual(report.next, {
    step: 1,
    title: "prints become DEBUG statements",
    todo: "Turn 22 prints into logger calls: `logical fix` converts 20 of them; `logical check --rule no-print` shows the rest.",
  });
  // model.py has the most prints (8), so it comes first.
  assert.deepEqual(
    report.steps[0]!.places.map((p) => `${p.file}:${p.line}:${p.column}`),
    ["model.py:20:5", "model.py:33:5", "model.py:34:5", "model.py:35:5", "model.py:52:13"],
  );
  assert.deepEqual(
    report.modules.map((m) => [m.name, m.step, m.steps[0]!.open]),
    [
      ["data.py", 0, 4],
      ["features.py", 0, 3],
      ["model.py", 0, 8],
      ["storage.py", 0, 2],
      ["train.py", 0, 5],
    ],
  );
});

test("py-train-logged: steps 1 and 5-8 done, with the figures counted by hand", () => {
  const report = reportOf(fixture("projects", "py-train-logged"));
  // logger calls: data.py 8, features.py 5, model.py 10, storage.py 7, train.py 4.
  assert.deepEqual(figures(report, 1), { printsLeft: 0, fixable: 0, loggerCalls: 34 });
  // ERROR logs: data.py 4, features.py 2, model.py 2, storage.py's logger.exception, train.py's logger.exception.
  assert.equal(figures(report, 5).errorLogs, 10);
  assert.equal(figures(report, 5).errorLogsThatFail, 10);
  assert.deepEqual(figures(report, 6), { warningLogs: 1, noisyWarnings: 0 });
  assert.deepEqual(figures(report, 7), { errorLogsInHandlers: 2, withoutTraceback: 0 });
  // INFO: data.py 2, features.py 3, model.py 7, storage.py 4, train.py 3.
  assert.deepEqual(figures(report, 8), { infoLogs: 19, inHotLoops: 0 });
  for (const step of [1, 5, 6, 7, 8]) assert.equal(report.steps[step - 1]!.status, "done", `step ${step}`);
  assert.equal(report.hygiene.open, 0);
});

test("js-serve (unlogged): step 0; its five critical points have no log, its catch blocks lose the traceback", () => {
  const report = reportOf(fixture("projects", "js-serve"));
  assert.equal(report.step, 0);
  // console: model.js time, timeEnd, log, warn; server.js four log and two error calls. No logger.
  assert.deepEqual(figures(report, 1), { printsLeft: 10, fixable: 0, loggerCalls: 0 });
  assert.equal(report.steps[0]!.status, "not-started");
  // The ONNX session (model loading), two routes, main() (startup) and listen (ready): inference only.
  assert.deepEqual(figures(report, 2), { stageSites: 5, training: 0, inference: 5 });
  assert.deepEqual(report.steps[1]!.stages, { "model-loading": 1, request: 2, startup: 1, "ready-for-serving": 1 });
  // Console output is not an INFO log; listen also lacks shutdown handling: six findings on five sites.
  assert.deepEqual(
    report.steps.slice(1, 4).map((s) => [s.status, s.subjects, s.ok, s.open]),
    [
      ["done", 2, 2, 0],
      ["not-started", 5, 0, 6],
      ["not-started", 5, 0, 0],
    ],
  );
  // 2 requests + 2 console.error + 3 catch blocks; model.js's empty catch swallows.
  assert.deepEqual([report.steps[4]!.subjects, report.steps[4]!.ok, report.steps[4]!.open], [7, 6, 1]);
  assert.deepEqual(figures(report, 6), { warningLogs: 1, noisyWarnings: 1 });
  assert.deepEqual(figures(report, 7), { errorLogsInHandlers: 2, withoutTraceback: 2 });
  assert.equal(report.steps[6]!.status, "not-started");
  assert.deepEqual(
    report.pipelines.map((p) => [p.name, p.files, p.step]),
    [["inference", 2, 0]],
  );
});

test("every well-logged fixture project is at step 8, each step done, in its one pipeline", () => {
  const expected = {
    "py-train-logged": ["training", 10],
    "py-serve-logged": ["inference", 6],
    "js-train-logged": ["training", 7],
    "js-serve-logged": ["inference", 6],
  } as const;
  for (const [name, [pipeline, sites]] of Object.entries(expected)) {
    const report = reportOf(fixture("projects", name));
    assert.equal(report.step, 8, name);
    assert.equal(report.next, null, name);
    assert.deepEqual(
      report.steps.map((s) => s.status),
      Array(8).fill("done"),
      name,
    );
    assert.equal(report.steps[1]!.figures.stageSites, sites, name);
    assert.deepEqual(
      report.pipelines.map((p) => [p.name, p.step]),
      [[pipeline, 8]],
      name,
    );
  }
  const r = runCli(["report"], fixture("projects", "js-serve-logged"));
  assert.match(r.stdout, /\nAll eight steps are done: the project is fully logged\.\n/);
});

test("every unlogged fixture project is at step 0: prints are left", () => {
  for (const name of ["py-train", "py-serve", "js-train", "js-serve"]) {
    const report = reportOf(fixture("projects", name));
    assert.equal(report.step, 0, name);
    assert.notEqual(report.steps[0]!.figures.printsLeft, 0, name);
  }
});

const TINY = {
  "util.py": `import logging

logger = logging.getLogger(__name__)


def clean(rows):
    print("cleaning", len(rows))
    for row in rows:
        logger.warning("bad row %s", row)
    logger.info("cleaned %d rows", len(rows))
    return rows
`,
  "lib/ok.py": `import logging

logger = logging.getLogger(__name__)


def ping():
    logger.info("ping")
`,
  "lib/broken.py": "def f(:\n    pass\n",
};

test("the terminal report: a bar per step, the next step with its places, the groups, files not analysed", () => {
  const r = runCli(["report"], project(TINY));
  assert.equal(r.stderr, "");
  assert.equal(r.status, 0);
  assert.equal(
    r.stdout,
    `logical report: step 0 of 8 (3 files)

 1 prints → DEBUG   ████████░░  in progress  prints left: 1 (1 fixable by \`logical fix\`); logger calls: 3
 2 critical points  ░░░░░░░░░░  not started  stage sites: 0 (training 0, inference 0)
 3 INFO on them     ░░░░░░░░░░  not started  stage sites with an INFO log: 0 of 0
 4 details in them  ░░░░░░░░░░  not started  stage sites with a detailed INFO log: 0 of 0
 5 fail fast        ██████████  done         data loads checked: 0 of 0; error logs that fail: 0 of 0; swallowed exceptions: 0
 6 useful warnings  ░░░░░░░░░░  not started  noisy warnings: 1; warning logs: 1
 7 tracebacks       ██████████  done         error logs in exception handlers without the traceback: 0 of 0
 8 quiet loops      ██████████  done         INFO logs in hot loops: 0 of 2
 · logger hygiene                            no findings

Next: step 1, prints become DEBUG statements
  Turn 1 print into logger calls: \`logical fix\` converts it.
  util.py:7:5  no-print  \`print\` found: development output should be a DEBUG log (step 1).

By pipeline
  unassigned  step 0  1◐ 2✗ 3✗ 4✗ 5✓ 6✗ 7✓ 8✓  2 files

By module
  lib      step 1  1✓ 2✗ 3✗ 4✗ 5✓ 6✓ 7✓ 8✓  1 file
  util.py  step 0  1◐ 2✗ 3✗ 4✗ 5✓ 6✗ 7✓ 8✓  1 file

Could not analyse 1 file:
  lib/broken.py: syntax error: unexpected token ':' at 1:7
`,
  );
});

test("--format markdown: a PR comment with the steps table, places linked with --link-base, and the groups", () => {
  const r = runCli(["report", "-f", "markdown", "--link-base", "https://example.com/blob/abc/"], project(TINY));
  assert.equal(r.status, 0);
  assert.equal(
    r.stdout,
    `## logical report: step 0 of 8

**Next: step 1, prints become DEBUG statements.** Turn 1 print into logger calls: \`logical fix\` converts it.

| step | the post says | status | figures |
| ---: | --- | --- | --- |
| 1 | prints become DEBUG statements | ◐ in progress (3/4) | prints left: 1 (1 fixable by \`logical fix\`); logger calls: 3 |
| 2 | identify the critical points | ✗ not started | stage sites: 0 (training 0, inference 0) |
| 3 | INFO logs on those points | ✗ not started | stage sites with an INFO log: 0 of 0 |
| 4 | useful details on those points | ✗ not started | stage sites with a detailed INFO log: 0 of 0 |
| 5 | warnings where things could be a problem, errors where they are; fail fast | ✓ done | data loads checked: 0 of 0; error logs that fail: 0 of 0; swallowed exceptions: 0 |
| 6 | remove warnings that do not help | ✗ not started (0/1) | noisy warnings: 1; warning logs: 1 |
| 7 | failures are learning events: errors with their traceback | ✓ done | error logs in exception handlers without the traceback: 0 of 0 |
| 8 | downgrade logs that do not help day to day | ✓ done (2/2) | INFO logs in hot loops: 0 of 2 |
| · | logger hygiene (footnote 1) | ✓ | no findings |

<details><summary>Where to start, step by step</summary>

**Step 1**: Turn 1 print into logger calls: \`logical fix\` converts it.

- [\`util.py:7:5\`](https://example.com/blob/abc/util.py#L7) no-print: \`print\` found: development output should be a DEBUG log (step 1).

**Step 6**: Remove 1 unhelpful warning (one per item of a loop, blanket suppressions, messages that explain nothing): \`logical check --rule clear-log-message --rule no-blanket-warning-suppression --rule no-warning-in-loop\`.

- [\`util.py:9:9\`](https://example.com/blob/abc/util.py#L9) no-warning-in-loop: \`logger.warning\` inside a loop over \`rows\`: one warning per item floods the log; count them and warn once after the loop (step 6).

</details>

### By pipeline

| pipeline | files | step | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 |
| --- | ---: | ---: | --- | --- | --- | --- | --- | --- | --- | --- |
| \`unassigned\` | 2 | 0 | ◐ 1 | ✗ | ✗ | ✗ | ✓ | ✗ 1 | ✓ | ✓ |

### By module

| module | files | step | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 |
| --- | ---: | ---: | --- | --- | --- | --- | --- | --- | --- | --- |
| \`lib\` | 1 | 1 | ✓ | ✗ | ✗ | ✗ | ✓ | ✓ | ✓ | ✓ |
| \`util.py\` | 1 | 0 | ◐ 1 | ✗ | ✗ | ✗ | ✓ | ✗ 1 | ✓ | ✓ |

✓ done · ◐ in progress · ✗ not started; a number is the step's open findings.

Could not analyse 1 file:

- \`lib/broken.py\`: syntax error: unexpected token ':' at 1:7
`,
  );
});

test("--format json: the documented fields, in order", () => {
  const report = reportOf(project(TINY));
  assert.deepEqual(Object.keys(report), [
    "version",
    "step",
    "next",
    "files",
    "steps",
    "hygiene",
    "pipelines",
    "modules",
    "errors",
  ]);
  assert.deepEqual(Object.keys(report.steps[0]!), [
    "step",
    "title",
    "status",
    "subjects",
    "ok",
    "open",
    "rules",
    "figures",
    "byRule",
    "todo",
    "places",
  ]);
  assert.deepEqual(Object.keys(report.steps[1]!).slice(-4), ["stages", "missing", "todo", "places"]);
  assert.deepEqual(report.steps[5], {
    step: 6,
    title: "remove warnings that do not help",
    status: "not-started",
    subjects: 1,
    ok: 0,
    open: 1,
    rules: ["clear-log-message", "no-blanket-warning-suppression", "no-warning-in-loop"],
    figures: { warningLogs: 1, noisyWarnings: 1 },
    byRule: { "no-warning-in-loop": 1 },
    todo: "Remove 1 unhelpful warning (one per item of a loop, blanket suppressions, messages that explain nothing): `logical check --rule clear-log-message --rule no-blanket-warning-suppression --rule no-warning-in-loop`.",
    places: [
      {
        file: "util.py",
        line: 9,
        column: 9,
        ruleId: "no-warning-in-loop",
        message:
          "`logger.warning` inside a loop over `rows`: one warning per item floods the log; count them and warn once after the loop (step 6).",
      },
    ],
  });
  assert.deepEqual(report.errors, [{ file: "lib/broken.py", message: "syntax error: unexpected token ':' at 1:7" }]);
});

test("rules switched off in the config still count: a step is not done by turning its check off", () => {
  const dir = project({ ...TINY, "logical.config.json": JSON.stringify({ rules: { "no-print": "off" } }) });
  assert.equal(runCli(["check", "--format", "json"], dir).stdout.includes('"no-print"'), false);
  assert.equal(reportOf(dir).steps[0]!.figures.printsLeft, 1);
  // An override for a path is a deliberate exemption, and holds.
  const exempt = project({
    ...TINY,
    "logical.config.json": JSON.stringify({ overrides: [{ files: ["util.py"], rules: { "no-print": "off" } }] }),
  });
  assert.equal(reportOf(exempt).steps[0]!.figures.printsLeft, 0);
});

test("--output-file writes the chosen format and the terminal gets its report; --min-step gates", () => {
  const dir = project(TINY);
  const out = path.join(tempDir(), "nested", "report.md");
  const r = runCli(["report", "-f", "markdown", "-o", out], dir);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^logical report: step 0 of 8 \(3 files\)\n/);
  assert.match(readFileSync(out, "utf8"), /^## logical report: step 0 of 8\n/);

  assert.equal(runCli(["report", "--min-step", "0"], dir).status, 0);
  assert.equal(runCli(["report", "--min-step", "1"], dir).status, 1);
  const bad = runCli(["report", "--min-step", "9"], dir);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /option '--min-step <n>' argument '9' is invalid\. expected a step from 0 to 8/);
  const format = runCli(["report", "-f", "pdf"], dir);
  assert.equal(format.status, 2);
  assert.match(format.stderr, /argument 'pdf' is invalid\. Allowed choices are terminal, markdown, json, html/);
});

test("nothing to report on is a usage error naming what was looked at", () => {
  const dir = project({ "README.md": "# notes\n" });
  const empty = runCli(["report"], dir);
  assert.deepEqual(empty, { status: 2, stdout: "", stderr: "logical: no Python or JS/TS file to report on in .\n" });
  const missing = runCli(["report", "nope"], dir);
  assert.deepEqual(missing, {
    status: 2,
    stdout: "",
    stderr: "logical: no Python or JS/TS file to report on in nope; nope: no such file or directory\n",
  });
});

test("step 4 waits for step 3: no details finding, but sites without a log, is not done", () => {
  const sites = [
    site("train.py", 3, "read-data", "training", true, true),
    site("train.py", 9, "training-start", "training", false, false),
    site("train.py", 30, "save-artifact", "training", false, false),
  ];
  const unlogged = [
    finding("stage-needs-info-log", 3, "train.py", 9),
    finding("stage-needs-info-log", 3, "train.py", 30),
  ];
  const some = buildReport(input({ files: 1, stages: sites, findings: unlogged, logCounts: [counts("train.py")] }), {
    rules: metas,
  });
  assert.deepEqual(
    some.steps.slice(2, 4).map((s) => [s.status, s.subjects, s.ok, s.open]),
    [
      ["in-progress", 3, 1, 2],
      ["in-progress", 3, 1, 0],
    ],
  );
  const none = buildReport(
    input({
      files: 1,
      stages: sites.map((s) => ({ ...s, logged: false, detailed: false })),
      findings: [finding("stage-needs-info-log", 3, "train.py", 3), ...unlogged],
      logCounts: [counts("train.py")],
    }),
    { rules: metas },
  );
  assert.deepEqual(
    none.steps.slice(2, 4).map((s) => s.status),
    ["not-started", "not-started"],
  );
});

test("steps 3-4 that wait on an earlier step say so instead of naming zero places", () => {
  const nothing = buildReport(input({ files: 1, logCounts: [counts("job.py")] }), { rules: metas });
  assert.deepEqual(
    nothing.steps.slice(2, 4).map((s) => s.todo),
    [
      "Name the critical points first (step 2): there is nothing to log on yet.",
      "Name the critical points first (step 2): there is nothing to log on yet.",
    ],
  );
  const unlogged = buildReport(
    input({
      files: 1,
      stages: [site("job.py", 3, "read-data", "training", false, false)],
      findings: [finding("stage-needs-info-log", 3, "job.py", 3)],
      logCounts: [counts("job.py")],
    }),
    { rules: metas },
  );
  assert.equal(unlogged.steps[3]!.todo, "Finish step 3 first: the details go into the stage logs it adds.");
});
