// The stage catalog on the example projects (every site listed by hand), `logical stages`, and the
// four stage rules: reporting on the unlogged projects, silent on the logged ones, and their edges.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { check } from "../src/engine/check.js";
import { loadConfig } from "../src/engine/config.js";
import { parsePython } from "../src/languages/python/index.js";
import { handlesShutdown } from "../src/stages/detect.js";
import { project, ROOT, runCli } from "./helpers.js";

const STAGE_RULES = [
  "stage-needs-info-log",
  "stage-log-has-details",
  "data-load-needs-check",
  "request-input-needs-check",
];

function sitesOf(dir: string): string[] {
  return sitesAt(path.join(ROOT, "fixtures/projects", dir));
}

function sitesAt(dir: string): string[] {
  const run = runCli(["stages", "--format", "json"], dir);
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
    "model.py:40:14 feature-engineering [sklearn.preprocessing.StandardScaler.fit] not logged",
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
    "model.py:45:14 feature-engineering [sklearn.preprocessing.StandardScaler.fit]",
    "model.py:57:5 epoch [loop]",
    "model.py:57:5 training-start [training loop]",
    "model.py:77:21 holdout-evaluation [sklearn.metrics.accuracy_score]",
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
    "model.py:40 stage-needs-info-log",
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

/** The stage sites of a project made of these files, as `file:line stage [marker]`. */
async function sitesWithMarkers(files: Record<string, string>): Promise<string[] | undefined> {
  const result = await check(["."], { cwd: project(files), stages: true, onlyRules: [] });
  return result.stages?.map((s) => `${s.file}:${s.line} ${s.stage} [${s.marker}]`);
}

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
  assert.deepEqual(await sitesWithMarkers({ "plot_ols.py": script, "lexer.ts": lexer }), [
    "plot_ols.py:6 read-data [sklearn.datasets.load_diabetes]",
    "plot_ols.py:8 training-start [sklearn.linear_model.LinearRegression.fit]",
    "plot_ols.py:10 holdout-evaluation [sklearn.metrics.mean_squared_error]",
    "plot_ols.py:14 training-start [sklearn.svm.SVC.fit]",
  ]);
});

test("stages: fitting a feature selector is feature engineering, chained or not", async () => {
  const script = [
    "from sklearn.datasets import load_diabetes",
    "from sklearn.feature_selection import SelectFromModel, SequentialFeatureSelector",
    "from sklearn.linear_model import RidgeCV",
    "",
    "X, y = load_diabetes(return_X_y=True)",
    "ridge = RidgeCV().fit(X, y)",
    "",
    "sfm = SelectFromModel(ridge, threshold=0.1).fit(X, y)",
    "",
    "",
    "def forward():",
    "    sfs = SequentialFeatureSelector(ridge, n_features_to_select=2)",
    "    return sfs.fit(X, y)",
    "",
  ].join("\n");
  assert.deepEqual(await sitesWithMarkers({ "plot_select.py": script }), [
    "plot_select.py:5 read-data [sklearn.datasets.load_diabetes]",
    "plot_select.py:6 training-start [sklearn.linear_model.RidgeCV.fit]",
    "plot_select.py:8 feature-engineering [sklearn.feature_selection.SelectFromModel.fit]",
    "plot_select.py:13 feature-engineering [sklearn.feature_selection.SequentialFeatureSelector.fit]",
  ]);
});

// A FastAPI service whose lifespan loads the model: its code before the `yield` is startup, after it shutdown.
const lifespanApp = (body: string[], app = "FastAPI(lifespan=lifespan)"): string =>
  [
    "import logging",
    "import os",
    "from contextlib import asynccontextmanager",
    "",
    "import joblib",
    "from fastapi import FastAPI",
    "",
    "logger = logging.getLogger(__name__)",
    'MODEL_PATH = os.environ.get("MODEL_PATH", "model.joblib")',
    "state = {}",
    "",
    "",
    "@asynccontextmanager",
    "async def lifespan(app: FastAPI):",
    ...body.map((line) => `    ${line}`),
    "",
    "",
    `app = ${app}`,
    "",
  ].join("\n");

test("stages: a FastAPI lifespan is startup before its yield and shutdown after it", () => {
  const unlogged = lifespanApp(['state["model"] = joblib.load(MODEL_PATH)', "yield", "state.clear()"]);
  assert.deepEqual(sitesAt(project({ "app.py": unlogged })), [
    "app.py:13:1 startup [lifespan startup] not logged",
    "app.py:15:22 model-loading [joblib.load] not logged",
    "app.py:16:5 shutdown [lifespan shutdown] not logged",
  ]);
  const logged = lifespanApp([
    'logger.info("starting churn-serve pid=%d", os.getpid())',
    'state["model"] = joblib.load(MODEL_PATH)',
    'logger.info("model loaded from %s", MODEL_PATH)',
    "try:",
    "    yield",
    "finally:",
    '    logger.info("shutting down, %d models loaded", len(state))',
    "    state.clear()",
  ]);
  assert.deepEqual(sitesAt(project({ "app.py": logged })), [
    "app.py:13:1 startup [lifespan startup]",
    "app.py:16:22 model-loading [joblib.load]",
    "app.py:19:9 shutdown [lifespan shutdown]",
  ]);
});

test("stages: a lifespan's logs count only on their side of the yield", () => {
  // Logged only after the yield: the shutdown is logged, the startup and the model load are not.
  const after = lifespanApp([
    'state["model"] = joblib.load(MODEL_PATH)',
    "yield",
    'logger.info("shutting down after %d requests", state.get("requests", 0))',
  ]);
  assert.deepEqual(sitesAt(project({ "app.py": after })), [
    "app.py:13:1 startup [lifespan startup] not logged",
    "app.py:15:22 model-loading [joblib.load] not logged",
    "app.py:16:5 shutdown [lifespan shutdown]",
  ]);
  // Nothing after the yield: the shutdown is not logged.
  const before = lifespanApp(['logger.info("starting, model %s", MODEL_PATH)', "yield"]);
  assert.deepEqual(sitesAt(project({ "app.py": before })), [
    "app.py:13:1 startup [lifespan startup]",
    "app.py:16:5 shutdown [lifespan shutdown] not logged",
  ]);
  // No yield at all: startup is the whole function, shutdown points at its header and is not logged.
  const never = lifespanApp(['logger.info("starting, model %s", MODEL_PATH)']);
  assert.deepEqual(sitesAt(project({ "app.py": never })), [
    "app.py:13:1 startup [lifespan startup]",
    "app.py:13:1 shutdown [lifespan shutdown] not logged",
  ]);
});

test("stages: lifespans of fastapi.FastAPI, APIRouter and Starlette, wrapped or not; a context manager no app uses is none", () => {
  const viaModule = lifespanApp(["yield"], "fastapi.FastAPI(lifespan=lifespan)").replace(
    "from fastapi import FastAPI",
    "import fastapi\nfrom fastapi import FastAPI",
  );
  assert.deepEqual(sitesAt(project({ "app.py": viaModule })), [
    "app.py:14:1 startup [lifespan startup] not logged",
    "app.py:16:5 shutdown [lifespan shutdown] not logged",
  ]);
  const starlette = [
    "from contextlib import asynccontextmanager",
    "",
    "from starlette.applications import Starlette",
    "",
    "",
    "async def lifespan(app):",
    "    yield",
    "",
    "",
    "app = Starlette(lifespan=asynccontextmanager(lifespan))",
    "",
  ].join("\n");
  assert.deepEqual(sitesAt(project({ "app.py": starlette })), [
    "app.py:6:1 startup [lifespan startup] not logged",
    "app.py:7:5 shutdown [lifespan shutdown] not logged",
  ]);
  // A router's lifespan runs with the app that includes it.
  const router = lifespanApp(["yield"], "APIRouter(lifespan=lifespan)").replace(
    "from fastapi import FastAPI",
    "from fastapi import APIRouter, FastAPI",
  );
  assert.deepEqual(sitesAt(project({ "app.py": router })), [
    "app.py:13:1 startup [lifespan startup] not logged",
    "app.py:15:5 shutdown [lifespan shutdown] not logged",
  ]);
  // Not passed to an app, or passed to something that is not one: not a lifespan.
  const unused = lifespanApp(["yield"], "FastAPI()\nother = dict(lifespan=lifespan)");
  assert.deepEqual(sitesAt(project({ "app.py": unused })), []);
});

test("stages: a lifespan defined in its own module, for an app built in another", () => {
  const lifecycle = [
    "import logging",
    "from contextlib import asynccontextmanager",
    "",
    "from fastapi import FastAPI",
    "",
    "logger = logging.getLogger(__name__)",
    "",
    "",
    "@asynccontextmanager",
    "async def serve_lifespan(app: FastAPI):",
    '    logger.info("starting")',
    "    yield",
    "",
    "",
    "@asynccontextmanager",
    "async def session(db: dict):",
    "    yield db",
    "",
  ].join("\n");
  const main = [
    "import uvicorn",
    "from fastapi import FastAPI",
    "",
    "from lifecycle import serve_lifespan",
    "",
    "app = FastAPI(lifespan=serve_lifespan)",
    "",
    'if __name__ == "__main__":',
    '    uvicorn.run(app, host="0.0.0.0")',
    "",
  ].join("\n");
  const dir = project({ "lifecycle.py": lifecycle, "main.py": main });
  assert.deepEqual(sitesAt(dir), [
    "lifecycle.py:9:1 startup [lifespan startup]",
    "lifecycle.py:12:5 shutdown [lifespan shutdown] not logged",
    "main.py:8:1 startup [before uvicorn.run] not logged",
    "main.py:9:5 ready-for-serving [uvicorn.run]",
  ]);
  // Named `lifespan`, it needs no annotation; a module that builds its app itself says which it uses.
  const bare = lifecycle.replace("async def serve_lifespan(app: FastAPI):", "async def lifespan(app):");
  assert.deepEqual(
    sitesAt(project({ "lifecycle.py": bare })).map((s) => s.split(" [")[0]),
    ["lifecycle.py:9:1 startup", "lifecycle.py:12:5 shutdown"],
  );
  assert.deepEqual(sitesAt(project({ "lifecycle.py": `${bare}\napp = FastAPI()\n` })), []);
});

test("stages: FastAPI on_event hooks are still startup and shutdown sites", () => {
  const hooks = [
    "import logging",
    "",
    "from fastapi import FastAPI",
    "",
    "logger = logging.getLogger(__name__)",
    "app = FastAPI()",
    "",
    "",
    '@app.on_event("startup")',
    "async def start():",
    '    logger.info("starting churn-serve")',
    "",
    "",
    '@app.on_event("shutdown")',
    "async def stop():",
    "    pass",
    "",
  ].join("\n");
  assert.deepEqual(sitesAt(project({ "app.py": hooks })), [
    "app.py:9:1 startup [app.on_event]",
    "app.py:14:1 shutdown [app.on_event] not logged",
  ]);
});

test("handlesShutdown: a lifespan is shutdown handling, an app without one is not", () => {
  const model = (code: string) => parsePython(code, "app.py", "library");
  assert.equal(handlesShutdown(model(lifespanApp(["yield"]))), true);
  assert.equal(handlesShutdown(model(lifespanApp(["yield"], "FastAPI()"))), false);
});

test("stage-needs-info-log: an unlogged lifespan is reported at its header and its yield, a logged one not", async () => {
  const rule = ["stage-needs-info-log"];
  const unlogged = lifespanApp(['state["model"] = joblib.load(MODEL_PATH)', "yield", "state.clear()"]);
  assert.deepEqual(await findings({ "app.py": unlogged }, rule), [
    "app.py:13 stage-needs-info-log: startup (lifespan `lifespan`, before its `yield`) has no INFO log: log the service starting, with its version and configuration (step 3).",
    "app.py:15 stage-needs-info-log: model-loading (`joblib.load`) has no INFO log: log which model was loaded, from where (step 3).",
    "app.py:16 stage-needs-info-log: shutdown (lifespan `lifespan`, after its `yield`) has no INFO log: log that the service is shutting down, and why (step 3).",
  ]);
  const never = lifespanApp(['logger.info("starting, model %s", MODEL_PATH)']);
  assert.deepEqual(await findings({ "app.py": never }, rule), [
    "app.py:13 stage-needs-info-log: shutdown (lifespan `lifespan`, which has no `yield`) has no INFO log: log that the service is shutting down, and why (step 3).",
  ]);
  const logged = lifespanApp([
    'logger.info("starting churn-serve pid=%d", os.getpid())',
    'state["model"] = joblib.load(MODEL_PATH)',
    'logger.info("model loaded from %s", MODEL_PATH)',
    "yield",
    'logger.info("shutting down, %d models loaded", len(state))',
  ]);
  assert.deepEqual(await findings({ "app.py": logged }, STAGE_RULES), []);
});

test("data-load-needs-check: a caller that validates the data (only a schema call, no `if`) counts", async () => {
  const caller = `from data import load_training_set\nfrom schema import rows\n\n\ndef main():\n    df = load_training_set("train.csv")\n    rows.validate(df)\n    return df\n`;
  assert.deepEqual(await findings({ "data.py": LOADER, "train.py": caller }, ["data-load-needs-check"]), []);
  // The same call on something else checks nothing.
  const other = caller.replace("rows.validate(df)", "rows.validate(None)");
  assert.deepEqual(
    (await findings({ "data.py": LOADER, "train.py": other }, ["data-load-needs-check"])).map((f) => f.split(":")[0]),
    ["data.py"],
  );
});
