// The stage catalog on the example projects (every site listed by hand), `logical stages`, and the
// four stage rules: reporting on the unlogged projects, silent on the logged ones, and their edges.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { check } from "../src/engine/check.js";
import { loadConfig } from "../src/engine/config.js";
import { project, ROOT, runCli } from "./helpers.js";

const STAGE_RULES = [
  "stage-needs-info-log",
  "stage-log-has-details",
  "data-load-needs-check",
  "request-input-needs-check",
];

function sitesOf(dir: string): string[] {
  const run = runCli(["stages", "--format", "json"], path.join(ROOT, "fixtures/projects", dir));
  assert.equal(run.status, 0, run.stderr);
  const sites = JSON.parse(run.stdout) as {
    file: string;
    line: number;
    column: number;
    stage: string;
    marker: string;
    logged: boolean;
  }[];
  return sites.map((s) => `${s.file}:${s.line}:${s.column} ${s.stage} [${s.marker}]${s.logged ? "" : " not logged"}`);
}

test("stages: py-train, every site a reader names, none logged but the save", () => {
  assert.deepEqual(sitesOf("py-train"), [
    "data.py:23:10 read-data [pandas.read_csv] not logged",
    "features.py:8:1 feature-engineering [function build_features] not logged",
    "model.py:17:40 feature-engineering [sklearn.model_selection.train_test_split] not logged",
    "model.py:24:1 hyperparameter-search [function search_hyperparameters] not logged",
    "model.py:47:5 epoch [loop] not logged",
    "model.py:47:5 training-start [training loop] not logged",
    "model.py:65:21 holdout-evaluation [sklearn.metrics.accuracy_score] not logged",
    "storage.py:13:5 save-artifact [joblib.dump]",
    "storage.py:36:13 persist-artifact [s3.upload_file] not logged",
  ]);
});

test("stages: py-train-logged, the same stages, all logged", () => {
  assert.deepEqual(sitesOf("py-train-logged"), [
    "data.py:30:10 read-data [pandas.read_csv]",
    "features.py:12:1 feature-engineering [function build_features]",
    "model.py:20:40 feature-engineering [sklearn.model_selection.train_test_split]",
    "model.py:30:1 hyperparameter-search [function search_hyperparameters]",
    "model.py:56:5 epoch [loop]",
    "model.py:56:5 training-start [training loop]",
    "model.py:76:21 holdout-evaluation [sklearn.metrics.accuracy_score]",
    "storage.py:13:5 save-artifact [joblib.dump]",
    "storage.py:40:13 persist-artifact [s3.upload_file]",
  ]);
});

test("stages: py-serve and py-serve-logged (Flask's dev server logs requests and readiness itself)", () => {
  assert.deepEqual(sitesOf("py-serve"), [
    "app.py:26:18 model-loading [joblib.load] not logged",
    "app.py:31:1 request [route]",
    "app.py:36:1 request [route]",
    "app.py:63:1 startup [before flask.Flask.run] not logged",
    "app.py:66:5 ready-for-serving [flask.Flask.run]",
  ]);
  assert.deepEqual(sitesOf("py-serve-logged"), [
    "app.py:44:14 model-loading [joblib.load]",
    "app.py:64:1 request [route]",
    "app.py:71:1 request [route]",
    "app.py:112:1 startup [before flask.Flask.run]",
    "app.py:117:5 shutdown [signal.signal]",
    "app.py:121:9 ready-for-serving [flask.Flask.run]",
  ]);
});

test("stages: js-train and js-train-logged (TF.js, papaparse, S3)", () => {
  const expected = (logged: boolean, lines: number[]): string[] =>
    [
      "src/data.ts:%:18 read-data [papaparse.parse]",
      "src/model.ts:%:8 hyperparameter-search [function searchHyperParams]",
      "src/model.ts:%:10 training-start [model.fit]",
      "src/model.ts:%:19 epoch [callback onEpochEnd]",
      "src/model.ts:%:23 holdout-evaluation [model.evaluate]",
      "src/storage.ts:%:24 save-artifact [model.save]",
      "src/storage.ts:%:19 persist-artifact [@aws-sdk/client-s3.PutObjectCommand]",
    ].map((s, i) => s.replace("%", String(lines[i])) + (logged ? "" : " not logged"));
  assert.deepEqual(sitesOf("js-train"), expected(false, [28, 17, 39, 49, 58, 8, 20]));
  assert.deepEqual(sitesOf("js-train-logged"), expected(true, [32, 20, 44, 52, 64, 11, 30]));
});

test("stages: js-serve and js-serve-logged (express, onnxruntime, pino-http, SIGTERM)", () => {
  assert.deepEqual(sitesOf("js-serve"), [
    "src/model.js:13:19 model-loading [onnxruntime-node.InferenceSession.create] not logged",
    "src/server.js:10:20 request [route] not logged",
    "src/server.js:14:22 request [route] not logged",
    "src/server.js:30:1 startup [before express.listen] not logged",
    "src/server.js:38:3 ready-for-serving [express.listen] not logged",
  ]);
  assert.deepEqual(sitesOf("js-serve-logged"), [
    "src/model.js:17:19 model-loading [onnxruntime-node.InferenceSession.create]",
    "src/server.js:27:20 request [route]",
    "src/server.js:31:22 request [route]",
    "src/server.js:53:1 startup [before express.listen]",
    "src/server.js:56:18 ready-for-serving [express.listen]",
    'src/server.js:65:3 shutdown [process.on("SIGTERM")]',
  ]);
});

test("logical stages: text output and --unlogged", () => {
  const run = runCli(["stages", "--unlogged", "py-serve"], path.join(ROOT, "fixtures/projects"));
  assert.equal(run.status, 0);
  assert.equal(
    run.stdout,
    [
      "py-serve/app.py:26:18  model-loading  joblib.load             not logged",
      "py-serve/app.py:63:1   startup        before flask.Flask.run  not logged",
      "",
      "2 stage sites, 0 logged, 2 not logged.",
      "",
    ].join("\n"),
  );
});

async function stageFindings(dir: string): Promise<string[]> {
  const result = await check([`fixtures/projects/${dir}`], { cwd: ROOT, onlyRules: STAGE_RULES });
  assert.deepEqual(result.errors, []);
  return result.findings.map((f) => `${path.posix.basename(f.file)}:${f.line} ${f.ruleId}`);
}

test("stage rules: silent on every logged project", async () => {
  for (const dir of ["py-train-logged", "py-serve-logged", "js-train-logged", "js-serve-logged"]) {
    assert.deepEqual(await stageFindings(dir), [], dir);
  }
});

test("stage rules: each reports on the unlogged projects", async () => {
  assert.deepEqual(await stageFindings("py-train"), [
    "data.py:23 data-load-needs-check",
    "data.py:23 stage-needs-info-log",
    "features.py:8 stage-needs-info-log",
    "model.py:17 stage-needs-info-log",
    "model.py:24 stage-needs-info-log",
    "model.py:47 stage-needs-info-log",
    "model.py:47 stage-needs-info-log",
    "model.py:65 stage-needs-info-log",
    "storage.py:36 stage-needs-info-log",
  ]);
  assert.deepEqual(await stageFindings("py-serve"), [
    "app.py:26 stage-needs-info-log",
    "app.py:48 request-input-needs-check",
    "app.py:63 stage-needs-info-log",
    "app.py:66 stage-needs-info-log",
  ]);
  assert.deepEqual(await stageFindings("js-serve"), [
    "model.js:13 stage-needs-info-log",
    "server.js:10 stage-needs-info-log",
    "server.js:14 stage-needs-info-log",
    "server.js:30 stage-needs-info-log",
    "server.js:38 stage-needs-info-log",
    "server.js:38 stage-needs-info-log",
  ]);
});

async function findings(files: Record<string, string>, rules = STAGE_RULES): Promise<string[]> {
  const dir = project(files);
  const { config } = await loadConfig(dir);
  const result = await check(["."], { cwd: dir, config, onlyRules: rules });
  assert.deepEqual(result.errors, []);
  return result.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}: ${f.message}`);
}

const LOADER = `import pandas as pd\n\n\ndef load_training_set(path):\n    return pd.read_csv(path)\n`;

test("stage-needs-info-log: the caller's log covers a stage inside the function it calls", async () => {
  const caller = `import logging\n\nfrom data import load_training_set\n\nlogger = logging.getLogger(__name__)\n\n\ndef main():\n    df = load_training_set("train.csv")\n    logger.info("read %d rows", len(df))\n    if df.empty:\n        raise SystemExit("no rows")\n`;
  assert.deepEqual(
    await findings({ "data.py": LOADER, "train.py": caller }, ["stage-needs-info-log", "data-load-needs-check"]),
    [],
  );
  assert.deepEqual(await findings({ "data.py": LOADER }, ["stage-needs-info-log", "data-load-needs-check"]), [
    "data.py:5 data-load-needs-check: read-data: the data `pd.read_csv(…)` returns is used unchecked; if it is empty or out of range, log an error and fail: `if df.empty: logger.error(…); raise …` (step 5).",
    "data.py:5 stage-needs-info-log: read-data (`pd.read_csv`) has no INFO log: log how many rows were loaded and from where (step 3).",
  ]);
});

test("stage-needs-info-log: config adds markers and turns stages off", async () => {
  const code = `from myco import data\n\n\ndef main():\n    rows = data.load_training_set("s3://bucket/train")\n    return rows\n`;
  const config = (stages: unknown): string => JSON.stringify({ stages });
  assert.deepEqual(await findings({ "train.py": code }, ["stage-needs-info-log"]), []);
  assert.deepEqual(
    await findings(
      { "train.py": code, "logical.config.json": config({ "read-data": { calls: ["myco.data.load_training_set"] } }) },
      ["stage-needs-info-log"],
    ),
    [
      "train.py:5 stage-needs-info-log: read-data (`data.load_training_set`) has no INFO log: log how many rows were loaded and from where (step 3).",
    ],
  );
  assert.deepEqual(
    await findings({ "train.py": LOADER, "logical.config.json": config({ "read-data": false }) }, [
      "stage-needs-info-log",
    ]),
    [],
  );
  const bad = runCli(["check"], project({ "train.py": code, "logical.config.json": config({ "read-datas": {} }) }));
  assert.equal(bad.status, 2);
  assert.match(
    bad.stderr,
    /^logical: logical\.config\.json: stages\.read-datas: unknown key; expected one of read-data, /,
  );
});

test("stage-log-has-details: a log with no value, or no size for read-data, is reported at the log", async () => {
  const code = (log: string): string =>
    `import logging\n\nimport pandas as pd\n\nlogger = logging.getLogger(__name__)\n\n\ndef load(path):\n    df = pd.read_csv(path)\n    ${log}\n    if df.empty:\n        raise ValueError(path)\n    return df\n`;
  assert.deepEqual(await findings({ "d.py": code(`logger.info("data loaded")`) }, ["stage-log-has-details"]), [
    "d.py:10 stage-log-has-details: read-data: this log has no value (a format argument, an interpolation or a structured field); log how many rows were loaded and from where (step 4).",
  ]);
  assert.deepEqual(await findings({ "d.py": code(`logger.info("loaded %s", path)`) }, ["stage-log-has-details"]), [
    "d.py:10 stage-log-has-details: read-data: this log has no the size of the data (rows, shape, count); log how many rows were loaded and from where (step 4).",
  ]);
  assert.deepEqual(
    await findings({ "d.py": code(`logger.info("loaded %d rows from %s", len(df), path)`) }, ["stage-log-has-details"]),
    [],
  );
});

test("request-input-needs-check: FastAPI with a constrained pydantic model passes, a plain dict does not", async () => {
  const app = (param: string): string =>
    `import joblib\nfrom fastapi import FastAPI\nfrom pydantic import BaseModel, Field\n\napp = FastAPI()\nmodel = joblib.load("m.joblib")\n\n\nclass Row(BaseModel):\n    age: int = Field(ge=0, le=120)\n\n\n@app.post("/predict")\ndef predict(${param}):\n    return {"y": model.predict([[row.age]]).tolist()}\n`;
  assert.deepEqual(await findings({ "app.py": app("row: Row") }, ["request-input-needs-check"]), []);
  assert.deepEqual(await findings({ "app.py": app("row: dict") }, ["request-input-needs-check"]), [
    "app.py:15 request-input-needs-check: request: `model.predict(…)` gets request data nothing validated; check it against the training range (a pydantic model with `Field(ge=…, le=…)`, or explicit checks) and answer 4xx when it is outside: no answer beats a wrong answer (step 5).",
  ]);
});

test("stage-needs-info-log: express behind morgan logs its requests; uvicorn handles its own shutdown", async () => {
  const server = `const express = require("express");\nconst morgan = require("morgan");\nconst app = express();\napp.use(morgan("combined"));\napp.get("/health", (req, res) => res.json({ ok: true }));\n`;
  assert.deepEqual(await findings({ "server.js": server }, ["stage-needs-info-log"]), []);
  const uvicorn = `import uvicorn\nfrom fastapi import FastAPI\n\napp = FastAPI()\n\nif __name__ == "__main__":\n    uvicorn.run(app)\n`;
  assert.deepEqual(await findings({ "serve.py": uvicorn }, ["stage-needs-info-log"]), [
    "serve.py:6 stage-needs-info-log: startup has no INFO log: log the service starting, with its version and configuration (step 3).",
  ]);
});

test("stages: estimators found by what created them, chained fits, real metrics only, stage-named functions only in ML code", async () => {
  const script = [
    "from sklearn.datasets import load_diabetes",
    "from sklearn.linear_model import LinearRegression",
    "from sklearn.metrics import mean_squared_error, pairwise_distances",
    "from sklearn.svm import SVC",
    "",
    "X, y = load_diabetes(return_X_y=True)",
    "regr = LinearRegression()",
    "regr.fit(X, y)",
    "d = pairwise_distances(X)",
    "print(mean_squared_error(y, regr.predict(X)))",
    "",
    "",
    "def other():",
    "    return SVC(kernel='linear').fit(X, y)",
    "",
  ].join("\n");
  const lexer = `export function preprocess(text: string): string {\n  return text.trim();\n}\n`;
  const dir = project({ "plot_ols.py": script, "lexer.ts": lexer });
  const result = await check(["."], { cwd: dir, stages: true, onlyRules: [] });
  assert.deepEqual(
    result.stages?.map((s) => `${s.file}:${s.line} ${s.stage} [${s.marker}]`),
    [
      "plot_ols.py:6 read-data [sklearn.datasets.load_diabetes]",
      "plot_ols.py:8 training-start [sklearn.linear_model.LinearRegression.fit]",
      "plot_ols.py:10 holdout-evaluation [sklearn.metrics.mean_squared_error]",
      "plot_ols.py:14 training-start [sklearn.svm.SVC.fit]",
    ],
  );
});
