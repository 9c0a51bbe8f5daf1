// `logical logs` on one realistic log per format (fixtures/logs), against the log calls of
// fixtures/logs/project: the exact groups, their counts and where each comes from.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { GroupReport, LogsReport } from "../src/logs/gate.js";
import { fixture, runCli } from "./helpers.js";

const LOGS = fixture("logs");

type Group = GroupReport;
type Report = LogsReport;

function logs(file: string): { report: Report; status: number | null } {
  const run = runCli(["logs", "--project", "project", "--format", "json", file], LOGS);
  assert.equal(run.stderr, "");
  return { report: JSON.parse(run.stdout) as Report, status: run.status };
}

/** Level, template, count and where from: the part of a group every format test compares whole. */
function shape(g: Group): Omit<Group, "example" | "advice" | "suppress" | "first" | "last"> {
  return {
    level: g.level,
    template: g.template,
    count: g.count,
    origin: g.origin,
    ...(g.module !== undefined ? { module: g.module } : {}),
    ...(g.source !== undefined ? { source: g.source } : {}),
  };
}

test("Python logging's default format: project calls by message, a library logger by name, a traceback stays with its record", () => {
  const { report, status } = logs("python-default.log");
  assert.equal(status, 1);
  assert.deepEqual(
    { warnings: report.warnings, errors: report.errors, lines: report.lines, records: report.records },
    { warnings: 4, errors: 3, lines: 21, records: 12 },
  );
  assert.equal(report.unrecognised, 1); // the print: "epoch 1/3 done"
  assert.deepEqual(report.groups.map(shape), [
    {
      level: "error",
      template: "checkpoint upload to <url> failed (attempt <num>/<num>)",
      count: 2,
      origin: "project",
      source: { file: "project/trainer/train.py", line: 16 },
    },
    {
      level: "error",
      template: "evaluation failed for fold <num>",
      count: 1,
      origin: "project",
      source: { file: "project/trainer/train.py", line: 29 },
    },
    {
      level: "warning",
      template: "dropped <num> rows with missing labels from <path>",
      count: 2,
      origin: "project",
      source: { file: "project/trainer/data.py", line: 14 },
    },
    {
      level: "warning",
      template: "learning rate <num> is above the recommended maximum",
      count: 1,
      origin: "project",
      source: { file: "project/trainer/train.py", line: 34 },
    },
    {
      level: "warning",
      template:
        "Retrying (Retry(total=<num>, connect=None, read=None, redirect=None, status=None)) after connection broken by <str><urllib3.connection.HTTPSConnection object at <hex>>: Failed to establish a new connection: [Errno <num>] Connection refused')': <path>",
      count: 1,
      origin: "third-party",
      module: "urllib3.connectionpool",
    },
  ]);
  const evaluation = report.groups[1]!;
  assert.equal(
    evaluation.example,
    [
      "ERROR:trainer.train:evaluation failed for fold 2",
      "Traceback (most recent call last):",
      '  File "/home/ml/churn/trainer/train.py", line 27, in evaluate',
      "    model.score(fold)",
      '  File "/usr/lib/python3/dist-packages/sklearn/base.py", line 668, in score',
      "    return accuracy_score(y, self.predict(X), sample_weight=sample_weight)",
      '  File "/usr/lib/python3/dist-packages/sklearn/utils/validation.py", line 146, in _assert_all_finite',
      "    raise ValueError(msg_err)",
      "ValueError: Input contains NaN, infinity or a value too large for dtype('float32').",
    ].join("\n"),
  );
  assert.equal(
    report.groups[2]!.advice,
    "fix the cause, or, if it needs no action, downgrade it to INFO at project/trainer/data.py:14 (`logger.info`)",
  );
  assert.equal(
    report.groups[0]!.advice,
    "fix the cause: a run that logs an error should fail there; if it can go on, lower the level at project/trainer/train.py:16",
  );
  assert.equal(report.groups[4]!.suppress, 'logging.getLogger("urllib3.connectionpool").setLevel(logging.ERROR)');
});

test("asctime - name - levelname - message: f-string calls match, captured warnings map to their package, CRITICAL counts as an error", () => {
  const { report } = logs("python-asctime.log");
  assert.deepEqual([report.warnings, report.errors, report.unrecognised], [4, 1, 0]);
  assert.deepEqual(report.groups.map(shape), [
    { level: "error", template: "cannot write model to <path>: disk full", count: 1, origin: "unknown" },
    {
      level: "warning",
      template: "positive class is only <num>% of the data",
      count: 2,
      origin: "project",
      source: { file: "project/trainer/data.py", line: 23 },
    },
    {
      level: "warning",
      template:
        "UserWarning: X does not have valid feature names, but LogisticRegression was fitted with feature names",
      count: 1,
      origin: "third-party",
      module: "sklearn",
    },
    {
      level: "warning",
      template: "learning rate <num> is above the recommended maximum",
      count: 1,
      origin: "project",
      source: { file: "project/trainer/train.py", line: 34 },
    },
  ]);
  const positive = report.groups[1]!;
  assert.deepEqual([positive.first, positive.last], ["2024-06-03 09:12:07,892", "2024-06-03 09:31:40,208"]);
  assert.equal(
    report.groups[2]!.suppress,
    'warnings.filterwarnings("ignore", message="X does not have valid feature names, but LogisticRegression was fitted with feature names", category=UserWarning, module="sklearn")',
  );
});

test("pino JSON lines: numeric levels, the message after a merging object, an error's stack kept with its record", () => {
  const { report } = logs("pino.jsonl");
  assert.deepEqual([report.warnings, report.errors], [2, 2]);
  assert.deepEqual(report.groups.map(shape), [
    {
      level: "error",
      template: "prediction failed for request <uuid>",
      count: 1,
      origin: "project",
      source: { file: "project/serve/server.js", line: 11 },
    },
    { level: "error", template: "model registry unreachable at <url>", count: 1, origin: "unknown" },
    {
      level: "warning",
      template: "slow prediction: <num> ms for model churn-v7",
      count: 2,
      origin: "project",
      source: { file: "project/serve/server.js", line: 8 },
    },
  ]);
  assert.deepEqual(report.groups[0]!.example.split("\n").slice(1), [
    "TypeError: Cannot read properties of undefined (reading 'map')",
    "    at predict (/srv/app/serve/server.js:6:52)",
    "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
  ]);
  assert.deepEqual(
    [report.groups[2]!.first, report.groups[2]!.last],
    ["2024-06-03T09:13:32.017Z", "2024-06-03T09:13:33.250Z"],
  );
  assert.equal(
    report.groups[2]!.advice,
    "fix the cause, or, if it needs no action, downgrade it to INFO at project/serve/server.js:8 (`logger.info`)",
  );
});

test("winston JSON lines: template literals and splat placeholders match their calls", () => {
  const { report } = logs("winston.jsonl");
  assert.deepEqual(report.groups.map(shape), [
    {
      level: "error",
      template: "failed to load model from <path>",
      count: 1,
      origin: "project",
      source: { file: "project/serve/worker.js", line: 14 },
    },
    {
      level: "warning",
      template: "queue backlog at <num> jobs",
      count: 2,
      origin: "project",
      source: { file: "project/serve/worker.js", line: 10 },
    },
    { level: "warning", template: "ONNX Runtime falling back to CPU execution provider", count: 1, origin: "unknown" },
  ]);
  assert.deepEqual(
    [report.groups[1]!.first, report.groups[1]!.last],
    ["2024-06-03T12:04:41.502Z", "2024-06-03T12:09:12.771Z"],
  );
});

test("structlog JSON lines: the event is the message; an exception key is the record's traceback", () => {
  const { report } = logs("structlog.jsonl");
  assert.deepEqual([report.warnings, report.errors], [2, 2]);
  assert.deepEqual(report.groups.map(shape), [
    {
      level: "error",
      template: "nan_loss_detected",
      count: 1,
      origin: "project",
      source: { file: "project/trainer/metrics.py", line: 12 },
    },
    { level: "error", template: "checkpoint_restore_failed", count: 1, origin: "unknown" },
    {
      level: "warning",
      template: "gradient_norm_exploded",
      count: 2,
      origin: "project",
      source: { file: "project/trainer/metrics.py", line: 14 },
    },
  ]);
  assert.equal(
    report.groups[1]!.example.split("\n").pop(),
    "FileNotFoundError: [Errno 2] No such file or directory: '/mnt/ckpt/step-1400.pt'",
  );
});

test("python-json-logger: filename and lineno place the record; a library logger is third-party", () => {
  const { report } = logs("python-json-logger.jsonl");
  assert.deepEqual(report.groups.map(shape), [
    {
      level: "error",
      template: "upload of churn-v7.joblib to <url> failed",
      count: 1,
      origin: "project",
      source: { file: "project/trainer/export.py", line: 22 },
    },
    {
      level: "warning",
      template: "model size <num> MB exceeds the serving limit of <num> MB",
      count: 2,
      origin: "project",
      source: { file: "project/trainer/export.py", line: 14 },
    },
    {
      level: "warning",
      template: "Refreshing temporary credentials failed during mandatory refresh period.",
      count: 1,
      origin: "third-party",
      module: "botocore.credentials",
    },
  ]);
});

test("Python warnings lines: library warnings get a targeted filter, the project's own warnings.warn its line", () => {
  const { report } = logs("python-warnings.log");
  assert.deepEqual([report.warnings, report.errors, report.unrecognised], [7, 0, 2]);
  assert.deepEqual(report.groups.map(shape), [
    {
      level: "warning",
      template: "ConvergenceWarning: lbfgs failed to converge (status=<num>):",
      count: 2,
      origin: "third-party",
      module: "sklearn",
    },
    {
      level: "warning",
      template:
        "DtypeWarning: Columns (<num>) have mixed types. Specify dtype option on import or set low_memory=False.",
      count: 1,
      origin: "third-party",
      module: "pandas",
      source: { file: "project/trainer/data.py", line: 11 },
    },
    {
      level: "warning",
      template: "UserWarning: early stopping disabled: no validation set",
      count: 1,
      origin: "project",
      source: { file: "project/trainer/train.py", line: 36 },
    },
    {
      level: "warning",
      template:
        "FutureWarning: `sparse` was renamed to `sparse_output` in version <num> and will be removed in <num>. `sparse_output` is ignored unless you leave `sparse` to its default value.",
      count: 1,
      origin: "third-party",
      module: "sklearn",
    },
    {
      level: "warning",
      template: "RuntimeWarning: Mean of empty slice.",
      count: 1,
      origin: "third-party",
      module: "numpy",
    },
    {
      level: "warning",
      template: "RuntimeWarning: invalid value encountered in double_scalars",
      count: 1,
      origin: "third-party",
      module: "numpy",
    },
  ]);
  const [convergence, dtype, own, future] = report.groups;
  // The message goes on over unindented lines, up to the source line (blank lines are not kept).
  assert.deepEqual(convergence!.example.split("\n"), [
    "/usr/lib/python3/dist-packages/sklearn/linear_model/_logistic.py:458: ConvergenceWarning: lbfgs failed to converge (status=1):",
    "STOP: TOTAL NO. of ITERATIONS REACHED LIMIT.",
    "Increase the number of iterations (max_iter) or scale the data as shown in:",
    "    https://scikit-learn.org/stable/modules/preprocessing.html",
    "Please also refer to the documentation for alternative solver options:",
    "    https://scikit-learn.org/stable/modules/linear_model.html#logistic-regression",
    "  n_iter_i = _check_optimize_result(",
  ]);
  assert.equal(
    future!.suppress,
    'warnings.filterwarnings("ignore", message="`sparse` was renamed to `sparse_output` in version", category=FutureWarning, module="sklearn")',
  );
  // pandas points its warning at the caller: the filter cannot name pandas as the module.
  assert.equal(
    dtype!.advice,
    'change the call at project/trainer/data.py:11 as the warning says, or suppress exactly this warning: warnings.filterwarnings("ignore", message="Columns", category=DtypeWarning)',
  );
  assert.equal(
    own!.advice,
    "fix the cause, or, if it needs no action, log it at INFO instead of `warnings.warn` at project/trainer/train.py:36",
  );
});

test("Node process warnings: codes become --disable-warning flags; a stack names the package", () => {
  const { report } = logs("node-warnings.log");
  assert.deepEqual([report.warnings, report.unrecognised], [5, 1]);
  assert.deepEqual(
    report.groups.map((g) => [g.origin, g.module ?? null, g.suppress]),
    [
      ["unknown", null, "node --disable-warning=DEP0040 (or NODE_OPTIONS=--disable-warning=DEP0040)"],
      [
        "unknown",
        null,
        "node --disable-warning=ExperimentalWarning (or NODE_OPTIONS=--disable-warning=ExperimentalWarning)",
      ],
      [
        "third-party",
        "@tensorflow/tfjs-node",
        "node --disable-warning=DEP0005 (or NODE_OPTIONS=--disable-warning=DEP0005)",
      ],
      [
        "unknown",
        null,
        "node --disable-warning=MaxListenersExceededWarning (or NODE_OPTIONS=--disable-warning=MaxListenersExceededWarning)",
      ],
      ["unknown", null, "node --disable-warning=Warning (or NODE_OPTIONS=--disable-warning=Warning)"],
    ],
  );
  assert.equal(
    report.groups[0]!.template,
    "DeprecationWarning: The `punycode` module is deprecated. Please use a userland alternative instead.",
  );
  assert.match(report.groups[0]!.advice, /^run node with --trace-deprecation to see which module causes it; /);
  assert.equal(
    report.groups[0]!.example,
    "(node:48213) [DEP0040] DeprecationWarning: The `punycode` module is deprecated. Please use a userland alternative instead.\n(Use `node --trace-deprecation ...` to show where the warning was created)",
  );
});

test("absl and TensorFlow C++ lines: the file:line they carry, or the package they name", () => {
  const { report } = logs("absl.log");
  assert.deepEqual([report.warnings, report.errors, report.records, report.unrecognised], [5, 1, 9, 0]);
  assert.deepEqual(report.groups.map(shape), [
    {
      level: "error",
      template: "no GPU found: training on CPU will be slow",
      count: 1,
      origin: "project",
      source: { file: "project/trainer/tf_train.py", line: 12 },
    },
    {
      level: "warning",
      template: "steps_per_epoch is <num>: falling back to <num> steps",
      count: 2,
      origin: "project",
      source: { file: "project/trainer/tf_train.py", line: 11 },
    },
    {
      level: "warning",
      template: "TF-TRT Warning: Could not find TensorRT",
      count: 1,
      origin: "third-party",
      module: "tensorflow",
    },
    {
      level: "warning",
      template:
        "Cannot dlopen some GPU libraries. Please make sure the missing libraries mentioned above are installed properly if you would like to use GPU. Follow the guide at <url> for how to download and setup the required libraries for your platform.",
      count: 1,
      origin: "third-party",
      module: "tensorflow",
    },
    {
      level: "warning",
      template:
        "From <path>:<num>: calling dropout (from tensorflow.python.ops.nn_ops) with keep_prob is deprecated and will be removed in a future version.",
      count: 1,
      origin: "third-party",
      module: "tensorflow",
    },
  ]);
  assert.deepEqual([report.groups[1]!.first, report.groups[1]!.last], ["0603 09:00:03.551209", "0603 09:14:41.861447"]);
});

test("unstructured stderr: progress bars, an uncaught traceback in a thread, CLI-style error and warning lines", () => {
  const { report } = logs("stderr.log");
  // Two download lines, three progress redraws (carriage returns), "Exception in thread", "Killed worker".
  assert.deepEqual([report.warnings, report.errors, report.lines, report.unrecognised], [1, 2, 19, 7]);
  assert.deepEqual(report.groups.map(shape), [
    {
      level: "error",
      template: "FileNotFoundError: [Errno <num>] No such file or directory: <str>",
      count: 1,
      origin: "project",
      source: { file: "project/trainer/data.py", line: 11 },
    },
    {
      level: "error",
      template: "could not write metrics to <path> (read-only file system)",
      count: 1,
      origin: "unknown",
    },
    { level: "warning", template: "the validation split is empty; using <num>% of train", count: 1, origin: "unknown" },
  ]);
});

test("text output: each group with where it comes from, an example and what to do; the budget line last", () => {
  const run = runCli(["logs", "--project", "project", "winston.jsonl"], LOGS);
  assert.equal(run.status, 1);
  assert.equal(
    run.stdout,
    `error   ×1  failed to load model from <path>
  from     project/serve/worker.js:14 (project)
  seen     2024-06-03T12:09:13.020Z
  example  {"level":"error","message":"failed to load model from /models/churn-v8/model.onnx","timestamp":"2024-06-03T12:09:13.020Z"}
  do       fix the cause: a run that logs an error should fail there; if it can go on, lower the level at project/serve/worker.js:14

warning ×2  queue backlog at <num> jobs
  from     project/serve/worker.js:10 (project)
  seen     2024-06-03T12:04:41.502Z … 2024-06-03T12:09:12.771Z
  example  {"level":"warn","message":"queue backlog at 1204 jobs","timestamp":"2024-06-03T12:04:41.502Z"}
  do       fix the cause, or, if it needs no action, downgrade it to INFO at project/serve/worker.js:10 (\`logger.info\`)

warning ×1  ONNX Runtime falling back to CPU execution provider
  from     unknown
  seen     2024-06-03T12:22:00.007Z
  example  {"level":"warn","message":"ONNX Runtime falling back to CPU execution provider","timestamp":"2024-06-03T12:22:00.007Z"}
  do       no log call in the project writes this message: find what does (is --project the right directory?)

6 lines read, 6 records, 0 lines not recognised
3 warnings, 1 error (budget 0 warnings, 0 errors): over budget
`,
  );
});

test("markdown and github formats", () => {
  const md = runCli(["logs", "--project", "project", "--format", "markdown", "winston.jsonl"], LOGS);
  assert.equal(
    md.stdout,
    `## logical logs

3 warnings, 1 error (budget 0 warnings, 0 errors): over budget.

| level | count | message | from | what to do |
| --- | ---: | --- | --- | --- |
| error | 1 | \`failed to load model from <path>\` | project/serve/worker.js:14 (project) | fix the cause: a run that logs an error should fail there; if it can go on, lower the level at project/serve/worker.js:14 |
| warning | 2 | \`queue backlog at <num> jobs\` | project/serve/worker.js:10 (project) | fix the cause, or, if it needs no action, downgrade it to INFO at project/serve/worker.js:10 (\`logger.info\`) |
| warning | 1 | \`ONNX Runtime falling back to CPU execution provider\` | unknown | no log call in the project writes this message: find what does (is --project the right directory?) |
`,
  );
  const gh = runCli(["logs", "--project", "project", "--format", "github", "structlog.jsonl"], LOGS, {
    GITHUB_STEP_SUMMARY: "",
  });
  assert.equal(
    gh.stdout.split("\n")[0],
    "::error file=project/trainer/metrics.py,line=12,title=logical logs%3A 1× error::nan_loss_detected%0Afix the cause: a run that logs an error should fail there; if it can go on, lower the level at project/trainer/metrics.py:12",
  );
  assert.equal(gh.status, 1);
});
