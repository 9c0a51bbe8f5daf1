/**
 * The stage catalog: the critical points of a training job and of an
 * inference service (steps 2–4 of the post), and the markers that find them
 * in code. Data only, in one place; ./detect.ts applies it to a FileModel.
 *
 * Markers match callees *resolved through imports* (`pd.read_csv` is
 * `pandas.read_csv`, `import { PutObjectCommand } from "@aws-sdk/client-s3"`
 * makes `new PutObjectCommand(…)` `@aws-sdk/client-s3.PutObjectCommand`).
 * A trailing `*` matches any rest of a segment (`pandas.read_*`). Method
 * markers match calls on receivers the model cannot resolve (`model.fit(…)`),
 * only where the method name and the file's imports make them unambiguous.
 */

export const TRAINING_STAGES = [
  "read-data",
  "feature-engineering",
  "training-start",
  "hyperparameter-search",
  "epoch",
  "holdout-evaluation",
  "save-artifact",
  "persist-artifact",
] as const;

export const INFERENCE_STAGES = ["startup", "model-loading", "ready-for-serving", "request", "shutdown"] as const;

export type TrainingStage = (typeof TRAINING_STAGES)[number];
export type InferenceStage = (typeof INFERENCE_STAGES)[number];
export type StageId = TrainingStage | InferenceStage;
export type Pipeline = "training" | "inference";

export const STAGE_IDS: readonly StageId[] = [...TRAINING_STAGES, ...INFERENCE_STAGES];

/** The `stages` section of the configuration: markers added to a stage, or `false` to turn it off. */
export interface StageMarkers {
  /** Resolved callees (`myco.data.load_training_set`, `pandas.read_*`). */
  calls?: string[];
  /** Method names on any receiver (`load_partition`). */
  methods?: string[];
  /** Functions whose whole body is the stage (`prepare_inputs`). */
  functions?: string[];
}
export type StageConfig = Partial<Record<StageId, false | StageMarkers>>;

/** What a stage's INFO log must carry beyond one dynamic value (step 4). */
export type DetailKind = "size" | "metric" | "destination";

export interface StageInfo {
  id: StageId;
  pipeline: Pipeline;
  /** What to log there, for messages: "how many rows were loaded and from where". */
  what: string;
  detail: DetailKind | null;
  /** Words of a log message (or its field names) that say it is about this stage. */
  about: RegExp;
}

export const STAGES: Readonly<Record<StageId, StageInfo>> = {
  "read-data": {
    id: "read-data",
    pipeline: "training",
    what: "how many rows were loaded and from where",
    detail: "size",
    about: /\b(?:read|reading|load|loading|loaded|rows?|records|samples|dataset|data)\b/i,
  },
  "feature-engineering": {
    id: "feature-engineering",
    pipeline: "training",
    what: "the features built and the rows they cover",
    detail: null,
    about: /\b(?:features?|feature matrix|encod\w*|scal\w*|imput\w*|split|preprocess\w*|transform\w*)\b/i,
  },
  "training-start": {
    id: "training-start",
    pipeline: "training",
    what: "the model, its hyper-parameters and the training set size",
    detail: null,
    about: /\b(?:train\w*|fit\w*|params?|hyper-?param\w*)\b/i,
  },
  "hyperparameter-search": {
    id: "hyperparameter-search",
    pipeline: "training",
    what: "the search space and the best parameters with their score",
    detail: null,
    about: /\b(?:search\w*|grid|best|params?|hyper-?param\w*|trials?|tun\w*|candidates?)\b/i,
  },
  epoch: {
    id: "epoch",
    pipeline: "training",
    what: "the epoch number and its loss/metrics",
    detail: null,
    about: /\b(?:epochs?|loss|acc\w*)\b/i,
  },
  "holdout-evaluation": {
    id: "holdout-evaluation",
    pipeline: "training",
    what: "the hold-out metrics (accuracy, log loss, AUC, …)",
    detail: "metric",
    about: /\b(?:hold-?out|test|evaluat\w*|validation|metrics?|accuracy|auc|loss|score|f1|precision|recall)\b/i,
  },
  "save-artifact": {
    id: "save-artifact",
    pipeline: "training",
    what: "where the model was saved",
    detail: "destination",
    about: /\b(?:sav\w*|wr[io]te\w*|dump\w*|export\w*|checkpoint\w*|artifacts?|artefacts?|model)\b/i,
  },
  "persist-artifact": {
    id: "persist-artifact",
    pipeline: "training",
    what: "where the artifact was uploaded",
    detail: "destination",
    about: /\b(?:persist\w*|upload\w*|push\w*|publish\w*|cop(?:y|ied)|s3|gcs|bucket|registry|artifacts?)\b/i,
  },
  startup: {
    id: "startup",
    pipeline: "inference",
    what: "the service starting, with its version and configuration",
    detail: null,
    about: /\b(?:start\w*|boot\w*|launch\w*|initiali[sz]\w*|config\w*)\b/i,
  },
  "model-loading": {
    id: "model-loading",
    pipeline: "inference",
    what: "which model was loaded, from where",
    detail: null,
    about: /\b(?:load\w*|model|restor\w*|weights|checkpoint)\b/i,
  },
  "ready-for-serving": {
    id: "ready-for-serving",
    pipeline: "inference",
    what: "that the service is ready, and its address",
    detail: null,
    about: /\b(?:ready|listen\w*|serving|running|started|up)\b/i,
  },
  request: {
    id: "request",
    pipeline: "inference",
    what: "each request with its outcome",
    detail: null,
    about: /./,
  },
  shutdown: {
    id: "shutdown",
    pipeline: "inference",
    what: "that the service is shutting down, and why",
    detail: null,
    about: /\b(?:shut\w*|stop\w*|exit\w*|clos\w*|terminat\w*|signal|sigterm|sigint|bye)\b/i,
  },
};

export type LanguageMarkers = { python: readonly string[]; javascript: readonly string[] };

/** Calls whose resolved callee marks a stage. */
export const CALL_MARKERS: Readonly<Partial<Record<StageId, LanguageMarkers>>> = {
  "read-data": {
    python: [
      "pandas.read_*",
      "numpy.load",
      "numpy.loadtxt",
      "numpy.genfromtxt",
      "numpy.fromfile",
      "polars.read_*",
      "polars.scan_*",
      "datasets.load_dataset",
      "datasets.load_from_disk",
      "torch.utils.data.DataLoader",
      "torchvision.datasets.*",
      "tensorflow.data.experimental.make_csv_dataset",
      "tensorflow.data.TFRecordDataset",
      "tensorflow.data.TextLineDataset",
      "tensorflow.keras.utils.image_dataset_from_directory",
      "tensorflow.keras.preprocessing.image_dataset_from_directory",
      "keras.utils.image_dataset_from_directory",
      "sklearn.datasets.load_*",
      "sklearn.datasets.fetch_*",
      "pyarrow.parquet.read_table",
    ],
    javascript: [
      "@tensorflow/tfjs.data.csv",
      "@tensorflow/tfjs-node.data.csv",
      "@tensorflow/tfjs-node-gpu.data.csv",
      "danfojs.readCSV",
      "danfojs.readJSON",
      "danfojs.readExcel",
      "danfojs-node.readCSV",
      "danfojs-node.readJSON",
      "danfojs-node.readExcel",
      "papaparse.parse",
      "csv-parse.parse",
      "csv-parse/sync.parse",
    ],
  },
  "feature-engineering": {
    python: [
      "sklearn.model_selection.train_test_split",
      "pandas.get_dummies",
      "sklearn.compose.ColumnTransformer",
      "sklearn.compose.make_column_transformer",
    ],
    javascript: [],
  },
  "training-start": {
    python: ["xgboost.train", "lightgbm.train", "lightgbm.cv", "xgboost.cv"],
    javascript: [],
  },
  "hyperparameter-search": {
    python: [
      "sklearn.model_selection.GridSearchCV",
      "sklearn.model_selection.RandomizedSearchCV",
      "sklearn.model_selection.HalvingGridSearchCV",
      "sklearn.model_selection.HalvingRandomSearchCV",
      "optuna.create_study",
      "ray.tune.run",
      "ray.tune.Tuner",
      "keras_tuner.*",
    ],
    javascript: [],
  },
  "holdout-evaluation": {
    python: [
      "sklearn.metrics.*_score",
      "sklearn.metrics.*_error",
      "sklearn.metrics.*_loss",
      "sklearn.metrics.classification_report",
      "sklearn.metrics.confusion_matrix",
      "sklearn.metrics.*_curve",
      "sklearn.metrics.auc",
      "sklearn.metrics.*Display.from_*",
      "sklearn.model_selection.cross_val_score",
      "sklearn.model_selection.cross_validate",
    ],
    javascript: [],
  },
  "save-artifact": {
    python: [
      "joblib.dump",
      "pickle.dump",
      "torch.save",
      "torch.onnx.export",
      "torch.jit.save",
      "tensorflow.saved_model.save",
      "tensorflow.keras.models.save_model",
      "keras.models.save_model",
      "skops.io.dump",
      "cloudpickle.dump",
    ],
    javascript: [],
  },
  "persist-artifact": {
    python: [
      "mlflow.log_artifact",
      "mlflow.log_artifacts",
      "mlflow.*.log_model",
      "wandb.log_artifact",
      "huggingface_hub.upload_file",
      "huggingface_hub.upload_folder",
    ],
    javascript: [
      "@aws-sdk/client-s3.PutObjectCommand",
      "@aws-sdk/client-s3.UploadPartCommand",
      "@aws-sdk/lib-storage.Upload",
      "@huggingface/hub.uploadFile",
      "@huggingface/hub.uploadFiles",
    ],
  },
  "model-loading": {
    python: [
      "joblib.load",
      "pickle.load",
      "torch.load",
      "torch.jit.load",
      "tensorflow.keras.models.load_model",
      "tensorflow.saved_model.load",
      "keras.models.load_model",
      "keras.saving.load_model",
      "onnxruntime.InferenceSession",
      "mlflow.*.load_model",
      "mlflow.pyfunc.load_model",
      "transformers.pipeline",
      "transformers.*.from_pretrained",
      "skops.io.load",
      "cloudpickle.load",
    ],
    javascript: [
      "@tensorflow/tfjs.loadLayersModel",
      "@tensorflow/tfjs.loadGraphModel",
      "@tensorflow/tfjs-node.loadLayersModel",
      "@tensorflow/tfjs-node.loadGraphModel",
      "@tensorflow/tfjs-node-gpu.loadLayersModel",
      "@tensorflow/tfjs-node-gpu.loadGraphModel",
      "onnxruntime-node.InferenceSession.create",
      "onnxruntime-web.InferenceSession.create",
      "@huggingface/transformers.pipeline",
      "@huggingface/transformers.*.from_pretrained",
      "@xenova/transformers.pipeline",
    ],
  },
  "ready-for-serving": {
    python: ["uvicorn.run", "waitress.serve", "aiohttp.web.run_app", "gunicorn.app.base.BaseApplication"],
    javascript: ["@hono/node-server.serve"],
  },
};

/**
 * Methods on receivers the model cannot resolve (`model.fit(…)`), and what
 * makes them unambiguous: a receiver created by one of `origins` (followed
 * through `x = Ctor(…)` in the same function or module), or a receiver name
 * matching `receiver`, in a file importing one of `imports`.
 */
export interface MethodMarker {
  stage: StageId;
  methods: readonly string[];
  /** Resolved callee of the call that created the receiver (`sklearn.model_selection.GridSearchCV`). */
  origins?: readonly string[];
  /** The receiver's text, when its origin is unknown (`trainer`, `study`). */
  receiver?: RegExp;
  /** Module prefixes the file must import for a name-only match (`sklearn`, `@tensorflow/tfjs`). */
  imports?: readonly string[];
  /** At least this many arguments (`model.fit(X, y)`, not `parser.fit()`). */
  minArgs?: number;
}

const ML_PY = ["sklearn", "xgboost", "lightgbm", "catboost", "tensorflow", "keras", "torch", "transformers"];
const ML_JS = ["@tensorflow/tfjs", "@tensorflow/tfjs-node", "@tensorflow/tfjs-node-gpu", "brain.js", "ml-"];
const MODEL_NAME =
  /(?:^|[._])(?:\w*_)?(?:model|clf|classifier|regressor|reg|regr|estimator|est|net|network|pipe|pipeline|booster|gbm|learner|lr|mlp|rf|forest|svc|svm|knn|gbr|gbc|ridge|lasso|m)(?:_?\d+)?$/i;
/** Constructors of estimators that train (not transformers, which are feature engineering). */
const ESTIMATORS = [
  "sklearn.linear_model.*",
  "sklearn.svm.*",
  "sklearn.ensemble.*",
  "sklearn.tree.*",
  "sklearn.neighbors.*",
  "sklearn.neural_network.*",
  "sklearn.naive_bayes.*",
  "sklearn.gaussian_process.*",
  "sklearn.kernel_ridge.*",
  "sklearn.discriminant_analysis.*",
  "sklearn.semi_supervised.*",
  "sklearn.calibration.*",
  "sklearn.cluster.*",
  "sklearn.pipeline.Pipeline",
  "sklearn.pipeline.make_pipeline",
  "sklearn.compose.TransformedTargetRegressor",
  "xgboost.XGB*",
  "lightgbm.LGBM*",
  "catboost.*",
];
/** Transformers whose fit builds features (a decomposition's fit is the model in its own examples). */
const FEATURE_TRANSFORMERS = [
  "sklearn.preprocessing.*",
  "sklearn.feature_extraction.*",
  "sklearn.feature_selection.*",
  "sklearn.impute.*",
];
const SEARCH_ORIGINS = [
  "sklearn.model_selection.GridSearchCV",
  "sklearn.model_selection.RandomizedSearchCV",
  "sklearn.model_selection.HalvingGridSearchCV",
  "sklearn.model_selection.HalvingRandomSearchCV",
];

export const METHOD_MARKERS: readonly MethodMarker[] = [
  { stage: "hyperparameter-search", methods: ["fit"], origins: SEARCH_ORIGINS },
  { stage: "hyperparameter-search", methods: ["optimize"], origins: ["optuna.create_study"], receiver: /study$/i },
  { stage: "training-start", methods: ["train"], origins: ["transformers.Trainer", "trl.*"], receiver: /trainer$/i },
  { stage: "training-start", methods: ["fit"], receiver: /trainer$/i, imports: ["lightning", "pytorch_lightning"] },
  { stage: "training-start", methods: ["fit", "partial_fit", "fit_predict"], origins: ESTIMATORS, minArgs: 1 },
  {
    stage: "feature-engineering",
    methods: ["fit_transform"],
    origins: [...FEATURE_TRANSFORMERS, "sklearn.decomposition.*"],
    minArgs: 1,
  },
  // Fitted, then applied: `SelectFromModel(ridge).fit(X, y)`, `PowerTransformer().fit(X_train)`.
  { stage: "feature-engineering", methods: ["fit"], origins: FEATURE_TRANSFORMERS, minArgs: 1 },
  { stage: "holdout-evaluation", methods: ["score"], origins: [...ESTIMATORS, ...SEARCH_ORIGINS], minArgs: 1 },
  {
    stage: "training-start",
    methods: ["fit", "fitDataset", "train", "trainAsync"],
    receiver: MODEL_NAME,
    imports: [...ML_PY, ...ML_JS],
    minArgs: 1,
  },
  { stage: "holdout-evaluation", methods: ["evaluate"], origins: ["transformers.Trainer"], receiver: /trainer$/i },
  {
    stage: "holdout-evaluation",
    methods: ["evaluate", "evaluateDataset", "score"],
    receiver: MODEL_NAME,
    imports: [...ML_PY, ...ML_JS],
    minArgs: 1,
  },
  {
    stage: "save-artifact",
    methods: ["save", "save_model", "save_pretrained", "saveModel", "save_weights"],
    receiver: MODEL_NAME,
    imports: [...ML_PY, ...ML_JS],
  },
  { stage: "save-artifact", methods: ["save_model"], origins: ["xgboost.*", "lightgbm.*", "catboost.*"] },
  { stage: "save-artifact", methods: ["save_pretrained"], imports: ["transformers", "peft", "diffusers"] },
  { stage: "persist-artifact", methods: ["push_to_hub"], imports: ["transformers", "datasets", "huggingface_hub"] },
  {
    stage: "persist-artifact",
    methods: ["upload_file", "upload_fileobj", "put_object"],
    imports: ["boto3", "botocore"],
  },
  {
    stage: "persist-artifact",
    methods: ["upload_from_filename", "upload_from_file", "upload_from_string"],
    imports: ["google.cloud"],
  },
  { stage: "persist-artifact", methods: ["upload_blob"], imports: ["azure"] },
  { stage: "persist-artifact", methods: ["upload"], imports: ["@google-cloud/storage", "@azure/storage-blob"] },
  {
    stage: "model-loading",
    methods: ["from_pretrained"],
    imports: ["transformers", "peft", "diffusers", "sentence_transformers"],
  },
  { stage: "model-loading", methods: ["load_model", "load_weights"], receiver: MODEL_NAME, imports: ML_PY },
  {
    stage: "ready-for-serving",
    methods: ["run"],
    origins: ["flask.Flask", "fastapi.FastAPI", "sanic.Sanic", "quart.Quart"],
  },
  { stage: "ready-for-serving", methods: ["serve_forever"], imports: ["http.server", "socketserver", "wsgiref"] },
  {
    stage: "ready-for-serving",
    methods: ["listen"],
    origins: ["express", "fastify", "koa", "http.createServer", "node:http.createServer", "https.createServer"],
    receiver: /^(?:app|server|fastify|koa)$/,
    imports: ["express", "fastify", "koa", "node:http", "http", "https", "node:https", "hono"],
  },
];

/** Function names (snake or camel case, compared in snake case) that name a stage in training code. */
/** Modules whose import makes a file ML or data code, where stage-named functions count. */
export const ML_MODULES = [
  ...ML_PY,
  "pandas",
  "numpy",
  "polars",
  "datasets",
  "optuna",
  ...ML_JS,
  "danfojs",
  "danfojs-node",
];

export const FUNCTION_MARKERS: readonly { stage: StageId; name: RegExp }[] = [
  {
    stage: "feature-engineering",
    name: /^_*(?:(?:build|make|create|compute|engineer|extract|add|prepare|generate)_(?:\w+_)?features?|featuri[sz]e\w*|feature_engineering|preprocess(?:_data|_features)?)$/,
  },
  {
    stage: "hyperparameter-search",
    name: /^_*(?:(?:search|tune|optimi[sz]e)_(?:hyper_?)?(?:param(?:eter)?s|hparams)|hyper_?param(?:eter)?_(?:search|tuning)|grid_search|tune_model)$/,
  },
];

/** Loops over epochs (`for epoch in range(n)`) are found by ./detect.ts; these are per-epoch callbacks. */
export const EPOCH_CALLBACK = /^(?:on_epoch_end|on_train_epoch_end|on_validation_epoch_end|onEpochEnd)$/;

/** Signals whose handler is a shutdown path. */
export const SHUTDOWN_SIGNALS = /^(?:SIGTERM|SIGINT|SIGHUP|SIGQUIT|signal\.SIGTERM|signal\.SIGINT|signal\.SIGHUP)$/;

/**
 * What makes a read of a file (`fs.readFileSync(…)` in JS/TS) a read of data: its path argument
 * holds one of these words (compared in snake case, whole between underscores: `trainingDataPath`,
 * `TRAIN_DATA`, `"data/x.bin"`) or ends in one of these extensions (`"rows.csv"`).
 */
export const DATA_PATH_WORDS = [
  "data",
  "dataset",
  "datasets",
  "train",
  "training",
  "csv",
  "tsv",
  "rows",
  "samples",
  "corpus",
  "records",
  "jsonl",
  "parquet",
] as const;
export const DATA_FILE_EXTENSIONS = ["csv", "tsv", "jsonl", "ndjson", "parquet", "arrow"] as const;

/** `process.on(event, …)` events that mark shutdown handling in Node. */
export const NODE_SHUTDOWN_EVENTS = new Set(["SIGTERM", "SIGINT", "SIGHUP", "beforeExit"]);

/**
 * App and router constructors whose `lifespan=` function is the service's
 * startup (its code before the `yield`) and its shutdown (the code after it).
 * A router's lifespan runs with the app that includes it.
 */
export const LIFESPAN_APPS = new Set([
  "fastapi.FastAPI",
  "fastapi.applications.FastAPI",
  "fastapi.APIRouter",
  "fastapi.routing.APIRouter",
  "starlette.applications.Starlette",
  "starlette.routing.Router",
]);

/** Serving entry calls whose server logs readiness and each request itself (a default access log). */
export const SELF_LOGGING_SERVERS = new Set(["uvicorn.run", "flask.Flask.run"]);

/** Serving entry calls whose server handles SIGTERM and logs its own shutdown. */
export const SELF_STOPPING_SERVERS = new Set(["uvicorn.run", "gunicorn.app.base.BaseApplication"]);

/** Matches a resolved callee against a marker (`pandas.read_*`, `mlflow.*.log_model`). */
export function matchesMarker(callee: string, marker: string): boolean {
  if (!marker.includes("*")) return callee === marker;
  const re = markerPatterns.get(marker) ?? compileMarker(marker);
  return re.test(callee);
}

const markerPatterns = new Map<string, RegExp>();

function compileMarker(marker: string): RegExp {
  const source = marker
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\/-]/g, "\\$&"))
    .join("[^]*");
  const re = new RegExp(`^${source}$`);
  markerPatterns.set(marker, re);
  return re;
}
