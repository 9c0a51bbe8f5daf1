/**
 * Stage sites: where a file reaches a critical stage of training or serving
 * (step 2), and which logs cover them (steps 3–4). Reads only the model and
 * the catalog (./catalog.ts); the four stage rules and `logical stages` share it.
 */
import {
  firstLine,
  isEpochLoop,
  isFailingCall,
  messageArg,
  receiverCall,
  requestHandlerScopes,
  snake,
  statementFails,
} from "../model/queries.js";
import { dottedHead, firstAtOrAfter, startOfRange, textOf } from "../model/source.js";
import type { Call, FileModel, LogSite, ProjectModel, Range, Scope, Statement } from "../model/types.js";
import {
  CALL_MARKERS,
  DATA_FILE_EXTENSIONS,
  DATA_PATH_WORDS,
  EPOCH_CALLBACK,
  FUNCTION_MARKERS,
  LIFESPAN_APPS,
  METHOD_MARKERS,
  ML_MODULES,
  NODE_SHUTDOWN_EVENTS,
  SELF_LOGGING_SERVERS,
  SELF_STOPPING_SERVERS,
  SHUTDOWN_SIGNALS,
  STAGES,
  STAGE_IDS,
  matchesMarker,
  type MethodMarker,
  type StageConfig,
  type StageMarkers,
  type StageId,
} from "./catalog.js";

export type { StageConfig } from "./catalog.js";

export interface StageSite {
  stage: StageId;
  /** What matched: a resolved callee (`pandas.read_csv`), `loop`, `route`, `function build_features`, … */
  marker: string;
  /** Where a finding points: the call, the loop header, the function header. */
  range: Range;
  /** The function (or module) scope the site is in. */
  scope: number;
  statement: number;
  call: number | null;
  loop: number | null;
  /** The site is a whole function (a request handler, an epoch callback, a stage-named function): its body. */
  body: number | null;
  /** For ready-for-serving sites: the server logs readiness and requests itself (uvicorn, Flask's dev server). */
  selfLogging?: boolean;
  /** For ready-for-serving sites: the server handles SIGTERM and logs its own shutdown. */
  selfStopping?: boolean;
  /**
   * For the startup and shutdown sites of a FastAPI/Starlette lifespan (`body` is the lifespan
   * function): its first `yield` statement, or null when it never yields. Startup is logged before
   * the yield, shutdown after it.
   */
  lifespanYield?: number | null;
}

const siteCache = new WeakMap<FileModel, Map<StageConfig | undefined, StageSite[]>>();

/** Every stage site in a file, in source order; one site per stage and function for call markers. */
export function stageSites(model: FileModel, config?: StageConfig): StageSite[] {
  let byConfig = siteCache.get(model);
  if (!byConfig) siteCache.set(model, (byConfig = new Map()));
  const cached = byConfig.get(config);
  if (cached) return cached;
  const sites = detect(model, config ?? {});
  byConfig.set(config, sites);
  return sites;
}

function enabled(config: StageConfig, stage: StageId): boolean {
  return config[stage] !== false;
}

function detect(model: FileModel, config: StageConfig): StageSite[] {
  const sites: StageSite[] = [];
  const add = (site: StageSite): void => {
    if (enabled(config, site.stage)) sites.push(site);
  };
  // Epochs only in ML code: a loop named `epoch` in a file that imports no ML or data library is
  // a library's own machinery (TF.js's fit loop), not a training script's.
  const mlCode = imports(model, ML_MODULES);
  const epochLoops = new Set(mlCode ? model.loops.filter((l) => isEpochLoop(model, l)).map((l) => l.id) : []);

  // Calls: resolved callees, then methods on receivers the model cannot resolve.
  for (let at = 0; at < model.calls.length; at++) {
    const call = model.calls[at]!;
    const hit = callMarker(model, call, config);
    if (hit === null) continue;
    // Metrics computed inside the epoch loop are the epoch's, not a hold-out evaluation.
    if (hit.stage === "holdout-evaluation" && call.loops.some((l) => epochLoops.has(l))) continue;
    // A fit per batch inside the epoch loop: training starts at the loop (below), not at each step.
    if (hit.stage === "training-start" && call.loops.some((l) => epochLoops.has(l))) continue;
    add({
      stage: hit.stage,
      marker: hit.marker,
      range: call.range,
      scope: functionScope(model, call.scope),
      statement: call.statement,
      call: call.id,
      loop: null,
      body: null,
      ...(hit.stage === "ready-for-serving" ? serverTraits(hit.marker) : {}),
    });
  }

  // Epoch loops; the loop that trains is also where training starts when no call marks it.
  for (let at = 0; at < model.loops.length; at++) {
    const loop = model.loops[at]!;
    if (!epochLoops.has(loop.id)) continue;
    // An epoch loop inside another epoch loop's body is not a second stage.
    if (loop.parent !== null && epochLoops.has(loop.parent)) continue;
    const stmt = model.statements[loop.statement]!;
    const loopSite = (stage: StageId, marker: string): StageSite => ({
      stage,
      marker,
      range: firstLine(model, stmt.range),
      scope: functionScope(model, loop.scope),
      statement: stmt.id,
      call: null,
      loop: loop.id,
      body: null,
    });
    add(loopSite("epoch", "loop"));
    const trains = model.calls.some(
      (c) => c.loops.includes(loop.id) && c.method !== null && TRAINING_STEP.test(c.method) && isTrainingStep(c),
    );
    if (trains) add(loopSite("training-start", "training loop"));
  }

  // Whole functions: epoch callbacks, request handlers, stage-named functions, startup/shutdown hooks.
  const handlers = requestHandlerScopes(model);
  for (let at = 0; at < model.scopes.length; at++) {
    const scope = model.scopes[at]!;
    if (scope.kind !== "function" && scope.kind !== "lambda") continue;
    const stage = scopeStage(model, scope, handlers, config);
    if (stage === null) continue;
    add({
      stage: stage.stage,
      marker: stage.marker,
      range: scopeHeader(model, scope),
      scope: scope.id,
      statement: model.blocks[scope.body]?.owner ?? 0,
      call: null,
      loop: null,
      body: scope.id,
    });
  }

  // Lifespans: `FastAPI(lifespan=fn)` runs fn up to its `yield` at startup and the rest at shutdown.
  for (const [id, yielded] of lifespans(model)) {
    const scope = model.scopes[id]!;
    const header = scopeHeader(model, scope);
    const def = model.blocks[scope.body]?.owner ?? 0;
    const part = (stage: StageId, range: Range, statement: number): StageSite => ({
      stage,
      marker: `lifespan ${stage}`,
      range,
      scope: scope.id,
      statement,
      call: null,
      loop: null,
      body: scope.id,
      lifespanYield: yielded?.id ?? null,
    });
    add(part("startup", header, def));
    // Shutdown points at the yield, where the shutdown code goes; at the header when there is none.
    add(part("shutdown", yielded ? firstLine(model, yielded.range) : header, yielded?.id ?? def));
  }

  // Startup: the code that runs before a server starts serving.
  for (const ready of sites.filter((s) => s.stage === "ready-for-serving")) {
    const scope = model.scopes[ready.scope]!;
    const block = scope.kind === "module" ? model.blocks[model.statements[ready.statement]!.block]! : null;
    const range: Range =
      scope.kind === "module"
        ? firstLine(
            model,
            (block!.owner !== null ? model.statements[block!.owner]! : model.statements[ready.statement]!).range,
          )
        : scopeHeader(model, scope);
    if (sites.some((s) => s.stage === "startup" && s.scope === ready.scope)) continue;
    add({
      stage: "startup",
      marker: `before ${ready.marker}`,
      range,
      scope: ready.scope,
      statement: ready.statement,
      call: ready.call,
      loop: null,
      body: null,
    });
  }

  return dedupe(model, sites);
}

/** `optimizer.step()`, `loss.backward()`, `clf.partial_fit(…)`, `model.train_on_batch(…)`, `model.fit(…)`. */
const TRAINING_STEP = /^(?:step|backward|partial_fit|train_on_batch|fit|trainOnBatch)$/;

function isTrainingStep(call: Call): boolean {
  if (call.method === "step") return /optim|opt$|sgd|adam/i.test(call.receiverText ?? "");
  return true;
}

function serverTraits(marker: string): Pick<StageSite, "selfLogging" | "selfStopping"> {
  return { selfLogging: SELF_LOGGING_SERVERS.has(marker), selfStopping: SELF_STOPPING_SERVERS.has(marker) };
}

interface Hit {
  stage: StageId;
  marker: string;
}

function callMarker(model: FileModel, call: Call, config: StageConfig): Hit | null {
  const lang = model.language;
  const configured = configEntries(config);
  if (call.callee !== null) {
    for (let i = 0; i < configured.length; i++) {
      const [stage, extra] = configured[i]!;
      if (extra.calls?.some((m) => matchesMarker(call.callee!, m))) return { stage, marker: call.callee };
    }
    const stage = catalogStage(lang, call.callee);
    if (stage !== null) return { stage, marker: call.callee };
    if (lang === "javascript") {
      const fsRead = fsDataRead(model, call);
      if (fsRead) return { stage: "read-data", marker: call.callee };
      const shutdown = nodeShutdown(model, call);
      if (shutdown) return { stage: "shutdown", marker: `process.on("${shutdown}")` };
    } else if (call.callee === "signal.signal" && SHUTDOWN_SIGNALS.test(textOf(model, call.args[0]?.range ?? [0, 0]))) {
      return { stage: "shutdown", marker: "signal.signal" };
    } else if (call.callee === "atexit.register") {
      return { stage: "shutdown", marker: "atexit.register" };
    }
  }
  if (call.method === null) return null;
  for (let i = 0; i < configured.length; i++) {
    const [stage, extra] = configured[i]!;
    if (extra.methods?.includes(call.method)) return { stage, marker: `${call.receiverText ?? ""}.${call.method}` };
  }
  const markers = methodMarkers(call.method);
  for (let i = 0; i < markers.length; i++) {
    const marker = markers[i]!;
    const hit = methodMatches(model, call, marker);
    if (hit !== null) return { stage: marker.stage, marker: hit };
  }
  return null;
}

const configEntryLists = new WeakMap<StageConfig, [StageId, StageMarkers][]>();

/** The configured stages with markers, listed once per configuration (callMarker runs for every call). */
function configEntries(config: StageConfig): readonly [StageId, StageMarkers][] {
  let list = configEntryLists.get(config);
  if (!list) {
    list = (Object.entries(config) as [StageId, StageConfig[StageId]][]).filter(
      (e): e is [StageId, StageMarkers] => typeof e[1] === "object" && e[1] !== null,
    );
    configEntryLists.set(config, list);
  }
  return list;
}

interface CompiledMarkers {
  exact: Map<string, StageId>;
  /** Wildcard markers by their first segment (`pandas` for `pandas.read_*`), in catalog order. */
  wildcards: Map<string, { stage: StageId; marker: string }[]>;
}

const compiled = new Map<FileModel["language"], CompiledMarkers>();

/** The catalog's call markers for a language, indexed so a callee is looked up, not matched against every marker. */
function compiledMarkers(lang: FileModel["language"]): CompiledMarkers {
  let c = compiled.get(lang);
  if (c) return c;
  c = { exact: new Map(), wildcards: new Map() };
  for (const stage of STAGE_IDS) {
    for (const marker of CALL_MARKERS[stage]?.[lang] ?? []) {
      if (!marker.includes("*")) {
        if (!c.exact.has(marker)) c.exact.set(marker, stage);
        continue;
      }
      const head = dottedHead(marker);
      const list = c.wildcards.get(head) ?? [];
      list.push({ stage, marker });
      c.wildcards.set(head, list);
    }
  }
  compiled.set(lang, c);
  return c;
}

function catalogStage(lang: FileModel["language"], callee: string): StageId | null {
  const c = compiledMarkers(lang);
  const exact = c.exact.get(callee);
  if (exact !== undefined) return exact;
  const candidates = c.wildcards.get(dottedHead(callee));
  return candidates?.find((m) => matchesMarker(callee, m.marker))?.stage ?? null;
}

let markersByMethod: Map<string, MethodMarker[]> | null = null;

/** The catalog's method markers naming this method, in catalog order. */
function methodMarkers(method: string): readonly MethodMarker[] {
  if (markersByMethod === null) {
    markersByMethod = new Map();
    for (const marker of METHOD_MARKERS) {
      for (const m of marker.methods) {
        const list = markersByMethod.get(m);
        if (list) list.push(marker);
        else markersByMethod.set(m, [marker]);
      }
    }
  }
  return markersByMethod.get(method) ?? NO_MARKERS;
}

const NO_MARKERS: readonly MethodMarker[] = [];

function methodMatches(model: FileModel, call: Call, marker: MethodMarker): string | null {
  if (marker.minArgs !== undefined && call.args.length < marker.minArgs) return null;
  const receiver = call.receiverText;
  const chained = receiver === null ? receiverCall(model, call) : null;
  if (marker.origins && chained !== null) {
    // `SVC(kernel="linear").fit(X, y)`: the receiver is the constructor call itself.
    const origin = chained.callee;
    if (origin !== null && marker.origins.some((o) => matchesMarker(origin, o))) return `${origin}.${call.method}`;
    return null;
  }
  if (marker.origins && receiver !== null) {
    const origin = originOf(model, receiver, call);
    if (origin !== null && marker.origins.some((o) => matchesMarker(origin, o) || matchesMarker(origin, `${o}.*`)))
      return `${origin}.${call.method}`;
    if (origin !== null && !marker.receiver) return null;
  } else if (marker.origins && !marker.receiver && !marker.imports) return null;
  if (marker.receiver && (receiver === null || !marker.receiver.test(receiver))) return null;
  if (marker.imports && !imports(model, marker.imports)) return null;
  if (!marker.receiver && !marker.imports) return null;
  // A resolved callee is a library function, not a method on a model (`joblib.load` is not `model.load`).
  if (call.callee !== null && marker.receiver) return null;
  return `${receiver ?? ""}.${call.method}`;
}

const importChecks = new WeakMap<FileModel, Map<readonly string[], boolean>>();

/** The file imports one of these modules (or a submodule): `sklearn` covers `sklearn.linear_model`. Cached per list. */
function imports(model: FileModel, modules: readonly string[]): boolean {
  let cache = importChecks.get(model);
  if (!cache) importChecks.set(model, (cache = new Map()));
  let known = cache.get(modules);
  if (known === undefined) cache.set(modules, (known = importsAny(model, modules)));
  return known;
}

function importsAny(model: FileModel, modules: readonly string[]): boolean {
  return model.imports.some((i) =>
    modules.some(
      (m) =>
        i.module === m ||
        i.module.startsWith(`${m}.`) ||
        i.module.startsWith(`${m}/`) ||
        (m.endsWith("-") && i.module.startsWith(m)),
    ),
  );
}

/**
 * What created a receiver: the resolved callee of the call assigned to its
 * name (`search = GridSearchCV(…)` → `sklearn.model_selection.GridSearchCV`),
 * in the same function or an enclosing one, before the use.
 */
export function originOf(model: FileModel, name: string, use: Call): string | null {
  let best: Call | null = null;
  const chain = new Set<number>();
  for (let s: number | null = use.scope; s !== null; s = model.scopes[s]!.parent) chain.add(s);
  for (let at = 0; at < model.calls.length; at++) {
    const call = model.calls[at]!;
    if (call.range[0] >= use.range[0] && call.scope === use.scope) continue;
    if (!chain.has(call.scope) || !call.assignedTo.includes(name)) continue;
    if (call.callee === null && call.receiverText !== null) {
      // `trainer = Trainer(…).to(device)`-style chains keep the head's origin.
      continue;
    }
    if (best === null || call.range[0] > best.range[0]) best = call;
  }
  return best?.callee ?? null;
}

const DATA_WORDS = new RegExp(`(?:^|_)(?:${DATA_PATH_WORDS.join("|")})(?:_|$)`);
const DATA_EXTENSION = new RegExp(`\\.(?:${DATA_FILE_EXTENSIONS.join("|")})\\b`);

/** `fs.readFileSync("data/train.csv")`, `fs.createReadStream(trainingDataPath)`: a read of a data file. */
function fsDataRead(model: FileModel, call: Call): boolean {
  const callee = call.callee!.replace(/^node:/, "");
  if (!/^fs(?:\/promises)?\.(?:readFileSync|readFile|createReadStream)$|^fs\.promises\.readFile$/.test(callee))
    return false;
  const first = call.args[0];
  return first !== undefined && isDataPath(textOf(model, first.range));
}

/** A path argument's text names data: a data word (see DATA_PATH_WORDS) or a data file's extension. */
export function isDataPath(text: string): boolean {
  return DATA_EXTENSION.test(text) || DATA_WORDS.test(snake(text.replace(/[^\w]+/g, "_")));
}

/** `process.on("SIGTERM", …)`: the signal's name, or null. */
function nodeShutdown(model: FileModel, call: Call): string | null {
  if (call.callee !== "process.on" && call.callee !== "process.once") return null;
  const event = call.args[0]?.value;
  return event?.type === "str" && NODE_SHUTDOWN_EVENTS.has(event.value) ? event.value : null;
}

const lifespanIndexes = new WeakMap<FileModel, Map<number, Statement | null>>();

/**
 * The functions passed as `lifespan=` to `FastAPI(…)`/`Starlette(…)` and
 * defined in this file (`lifespan=asynccontextmanager(fn)` names `fn`), or, in
 * a module that builds no app, shaped as one (see isLifespanShaped), by scope
 * id, with their first `yield` (null when they never yield).
 */
function lifespans(model: FileModel): Map<number, Statement | null> {
  let index = lifespanIndexes.get(model);
  if (!index) {
    index = new Map();
    for (const scope of lifespanScopes(model)) index.set(scope.id, firstYield(model, scope.id));
    lifespanIndexes.set(model, index);
  }
  return index;
}

function lifespanScopes(model: FileModel): Scope[] {
  if (model.language !== "python") return [];
  const found: Scope[] = [];
  let constructsApp = false;
  for (let at = 0; at < model.calls.length; at++) {
    const call = model.calls[at]!;
    if (call.callee === null || !LIFESPAN_APPS.has(call.callee)) continue;
    constructsApp = true;
    const arg = call.args.find((a) => a.kind === "keyword" && a.name === "lifespan");
    if (!arg) continue;
    let value = arg.value;
    if (value.type === "call") {
      const wrap = model.calls[value.call]!;
      if (wrap.callee !== "contextlib.asynccontextmanager" || !wrap.args[0]) continue;
      value = wrap.args[0].value;
    }
    if (value.type !== "name") continue;
    const scope = functionBound(model, value.name, call);
    if (scope !== null && !found.includes(scope)) found.push(scope);
  }
  // A module that builds no app but defines one's lifespan (`@asynccontextmanager async def
  // lifespan(app: FastAPI)`): the app that imports it is in another file.
  if (!constructsApp) for (const scope of model.scopes) if (isLifespanShaped(model, scope)) found.push(scope);
  return found;
}

const FIRST_PARAM_TYPE = /\bdef\s+\w+\s*\(\s*\w+\s*:\s*([\w.]+)/;

/** A module-level `@asynccontextmanager` function named `lifespan`, or taking an app (`app: FastAPI`). */
function isLifespanShaped(model: FileModel, scope: Scope): boolean {
  if (scope.kind !== "function" || scope.parent !== 0) return false;
  if (!scope.decorators.some((d) => d.resolved === "contextlib.asynccontextmanager")) return false;
  if (scope.name === "lifespan") return true;
  const type = FIRST_PARAM_TYPE.exec(textOf(model, scope.range))?.[1];
  if (type === undefined) return false;
  const head = dottedHead(type);
  const target = model.imports.findLast((i) => i.local === head)?.target;
  return target !== undefined && LIFESPAN_APPS.has(target + type.slice(head.length));
}

/**
 * The function a name refers to at a call: a `def` of that name in the
 * call's scope or an enclosing one, the innermost first, and there the last
 * one before the call (or, failing that, any).
 */
function functionBound(model: FileModel, name: string, use: Call): Scope | null {
  for (let s: number | null = use.scope; s !== null; s = model.scopes[s]!.parent) {
    const defs = model.scopes.filter((f) => f.kind === "function" && f.name === name && f.parent === s);
    if (defs.length === 0) continue;
    const before = defs.filter((f) => f.range[0] < use.range[0]);
    return (before.length > 0 ? before : defs).reduce((a, b) => (b.range[0] > a.range[0] ? b : a));
  }
  return null;
}

const YIELD_STATEMENT = /^(?:[\w.,()[\]*\s]+=\s*)?yield\b/;

/** The first `yield` of a function, in its own body or nested blocks (not in nested functions). */
function firstYield(model: FileModel, scope: number): Statement | null {
  for (const stmt of functionStatements(model).get(scope) ?? []) {
    if ((stmt.kind === "expr" || stmt.kind === "assign") && YIELD_STATEMENT.test(textOf(model, stmt.range)))
      return stmt;
  }
  return null;
}

const LIFECYCLE_DECORATOR = /\.(?:on_event|before_serving|after_serving|before_first_request)$/;

function scopeStage(model: FileModel, scope: Scope, handlers: Set<number>, config: StageConfig): Hit | null {
  if (handlers.has(scope.id)) return { stage: "request", marker: "route" };
  if (EPOCH_CALLBACK.test(scope.name) && imports(model, ML_MODULES))
    return { stage: "epoch", marker: `callback ${scope.name}` };
  for (const d of scope.decorators) {
    if (!LIFECYCLE_DECORATOR.test(d.text)) continue;
    const event = d.args[0]?.value;
    const name = event?.type === "str" ? event.value : d.text.split(".").pop()!;
    if (/startup|before_serving|before_first_request/.test(name)) return { stage: "startup", marker: d.text };
    if (/shutdown|after_serving/.test(name)) return { stage: "shutdown", marker: d.text };
  }
  if (scope.kind !== "function" || scope.name === "") return null;
  for (const [stage, extra] of configEntries(config)) {
    if (extra.functions?.includes(scope.name)) return { stage, marker: `function ${scope.name}` };
  }
  if (!imports(model, ML_MODULES)) return null;
  const name = snake(scope.name);
  for (const marker of FUNCTION_MARKERS) {
    if (marker.name.test(name)) return { stage: marker.stage, marker: `function ${scope.name}` };
  }
  return null;
}

/**
 * One site per stage and function for call markers: three metrics in
 * `evaluate()` are one hold-out evaluation, a `GridSearchCV(…)` and its
 * `.fit(…)` one search. Training and evaluation inside a hyper-parameter
 * search are the search's trials, not stages of their own.
 */
function dedupe(model: FileModel, sites: StageSite[]): StageSite[] {
  const searchFunctions = sites.filter((s) => s.stage === "hyperparameter-search" && s.body !== null);
  const searchCalls = sites.filter((s) => s.stage === "hyperparameter-search" && s.call !== null);
  const functionSites = sites.filter((s) => s.body !== null && s.marker.startsWith("function "));
  const kept: StageSite[] = [];
  const ordered = [...sites].sort((a, b) => a.range[0] - b.range[0]);
  for (const site of ordered) {
    // A stage-named function is the site; the stage's calls inside it are part of it.
    if (site.call !== null && functionSites.some((f) => f.stage === site.stage && f.scope === site.scope)) continue;
    if (site.stage === "training-start" || site.stage === "holdout-evaluation") {
      // Trials of a search: inside a search function, or in a loop beside a search call (a hand-made grid).
      if (searchFunctions.some((f) => f.scope === site.scope)) continue;
      const inLoop = site.call !== null && model.calls[site.call]!.loops.length > 0;
      if (inLoop && searchCalls.some((f) => f.scope === site.scope)) continue;
    }
    if (
      site.stage === "training-start" &&
      site.loop !== null &&
      ordered.some((s) => s.stage === "training-start" && s.loop === null && s.scope === site.scope)
    )
      continue;
    // Several markers of a stage in one function are one site; at module level (a script),
    // only markers a few statements apart are. Methods called on different receivers are
    // different models (`ridge.fit(…)` then `huber.fit(…)`): each is a site of its own.
    if (site.call !== null && site.stage !== "ready-for-serving") {
      const moduleLevel = model.scopes[site.scope]!.kind === "module";
      const receiver = model.calls[site.call]!.receiverText;
      const same = kept.find(
        (k) =>
          k.stage === site.stage &&
          k.scope === site.scope &&
          k.body === null &&
          (receiver === null || k.call === null || (model.calls[k.call]!.receiverText ?? receiver) === receiver) &&
          (!moduleLevel ||
            (statementDistance(model, k.statement, site.statement) ?? Infinity) <= DEFAULT_COVERAGE.window),
      );
      if (same) continue;
    }
    kept.push(site);
  }
  return kept;
}

/** The function (or module) scope of a scope: lambdas and classes belong to their enclosing function. */
export function functionScope(model: FileModel, scopeId: number): number {
  let s: number = scopeId;
  for (;;) {
    const scope = model.scopes[s]!;
    if (scope.kind === "function" || scope.kind === "module" || scope.parent === null) return s;
    if (scope.kind === "lambda" && scope.name !== "") return s;
    s = scope.parent;
  }
}

function scopeHeader(model: FileModel, scope: Scope): Range {
  let start = scope.decorators[0]?.range[0] ?? scope.range[0];
  if (model.text[start - 1] === "@") start -= 1;
  return firstLine(model, [start, scope.range[1]]);
}

// ---- coverage: the logs about a stage ---------------------------------------------------

export interface CoverageOptions {
  /** Statements between a stage call and its log, in their nearest common block (default 3). */
  window: number;
  /** `console.info`/`console.log` count as a stage's log (default false: step 1 turns them into logger calls). */
  countConsole: boolean;
}

export const DEFAULT_COVERAGE: CoverageOptions = { window: 3, countConsole: false };

/**
 * Log sites that tell an operator a stage happened: INFO. A warning or an
 * error says something went wrong, which is not the stage's own record.
 */
function stageLogs(model: FileModel, options: CoverageOptions): LogSite[] {
  return model.logSites.filter(
    (site) =>
      site.call !== null &&
      site.level === "info" &&
      (site.kind === "logger" || (site.kind === "console" && options.countConsole)),
  );
}

/** The logs that cover a site in its own file, closest first. */
export function coveringLogs(
  model: FileModel,
  site: StageSite,
  options: CoverageOptions = DEFAULT_COVERAGE,
): LogSite[] {
  const logs = stageLogs(model, options);
  const inScope = (log: LogSite, scopeId: number): boolean => within(model, model.calls[log.call!]!.scope, scopeId);
  if (site.lifespanYield !== undefined) {
    // A lifespan: startup is the code before its yield, shutdown the code after it.
    const yielded = site.lifespanYield === null ? null : model.statements[site.lifespanYield]!.range;
    return logs.filter((l) => {
      if (!inScope(l, site.body!)) return false;
      const at = model.calls[l.call!]!.range[0];
      return site.stage === "startup" ? yielded === null || at < yielded[0] : yielded !== null && at >= yielded[1];
    });
  }
  if (site.body !== null) return logs.filter((l) => inScope(l, site.body!));
  if (site.loop !== null && site.stage === "epoch")
    return logs.filter((l) => model.calls[l.call!]!.loops.includes(site.loop!));
  if (site.stage === "startup") {
    const serve = site.call !== null ? model.calls[site.call]!.range[0] : site.range[0];
    return logs.filter((l) => {
      const call = model.calls[l.call!]!;
      return functionScope(model, call.scope) === site.scope && call.range[0] < serve;
    });
  }
  if (site.stage === "shutdown" && site.call !== null) {
    // The handler passed to `signal.signal`/`process.on`/`atexit.register`: its body must log.
    const call = model.calls[site.call]!;
    const handler = call.callbackScopes[0] ?? namedFunction(model, handlerName(model, call));
    if (handler === null) return [];
    return logs.filter((l) => inScope(l, handler));
  }
  // In a lifespan, the yield parts startup from shutdown: a log on the other side is not this stage's.
  const yielded = lifespans(model).get(site.scope)?.range;
  const sameSide = (call: Call): boolean =>
    yielded === undefined || (site.range[0] < yielded[0] ? call.range[0] < yielded[0] : call.range[0] >= yielded[1]);
  const near = logs.filter((l) => {
    const call = model.calls[l.call!]!;
    if (functionScope(model, call.scope) !== site.scope || !sameSide(call)) return false;
    const distance = statementDistance(model, site.statement, call.statement);
    return distance !== null && distance <= options.window;
  });
  const about = STAGES[site.stage].about;
  const aboutStage = logs.filter((l) => {
    const call = model.calls[l.call!]!;
    return (
      functionScope(model, call.scope) === site.scope &&
      sameSide(call) &&
      !near.includes(l) &&
      about.test(argsText(model, call))
    );
  });
  const at = site.range[0];
  return [...near, ...aboutStage].sort((a, b) => Math.abs(a.range[0] - at) - Math.abs(b.range[0] - at));
}

function handlerName(model: FileModel, call: Call): string | null {
  const arg = call.args[call.callee === "atexit.register" ? 0 : 1]?.value;
  return arg?.type === "name" ? arg.name : arg?.type === "attr" ? arg.name : null;
}

function namedFunction(model: FileModel, name: string | null): number | null {
  if (name === null) return null;
  return model.scopes.find((s) => (s.kind === "function" || s.kind === "lambda") && s.name === name)?.id ?? null;
}

/** The shutdown handler of a registration is in this file (else its logging cannot be judged here). */
export function shutdownHandlerKnown(model: FileModel, site: StageSite): boolean {
  if (site.stage !== "shutdown" || site.call === null) return true;
  const call = model.calls[site.call]!;
  return call.callbackScopes.length > 0 || namedFunction(model, handlerName(model, call)) !== null;
}

function within(model: FileModel, scopeId: number, ancestor: number): boolean {
  for (let s: number | null = scopeId; s !== null; s = model.scopes[s]!.parent) if (s === ancestor) return true;
  return false;
}

/** The statement's chain of (block, index) up to its function body, innermost first. */
function chain(model: FileModel, statementId: number): { block: number; index: number }[] {
  const out: { block: number; index: number }[] = [];
  let stmt: Statement = model.statements[statementId]!;
  for (;;) {
    out.push({ block: stmt.block, index: stmt.index });
    const block = model.blocks[stmt.block]!;
    if (block.owner === null || block.kind === "function" || block.kind === "module" || block.kind === "class")
      return out;
    stmt = model.statements[block.owner]!;
  }
}

/** How many statements apart two statements are, in their nearest common block; null in different functions. */
export function statementDistance(model: FileModel, a: number, b: number): number | null {
  const ca = chain(model, a);
  const cb = chain(model, b);
  for (const x of ca) {
    const y = cb.find((e) => e.block === x.block);
    if (y) return Math.abs(x.index - y.index);
  }
  return null;
}

/** The source text of a call's arguments: message, format arguments, field names. */
export function argsText(model: FileModel, call: Call): string {
  if (call.args.length === 0) return "";
  return textOf(model, [call.args[0]!.range[0], call.args[call.args.length - 1]!.range[1]]);
}

// ---- details (step 4) ---------------------------------------------------------------------

const SIZE =
  /\blen\(|\.shape\b|\.size\b|\.length\b|\bcount|\brows?\b|\bn_?rows\b|\bnum_|\bn_\w+|\bsize\b|\.num_rows\b|\bsamples\b|\bshape\b/i;
const METRIC =
  /acc(?:uracy)?|loss|auc|\bf1|precision|recall|rmse|\bmse\b|\bmae\b|\br2\b|score|metric|perplexity|bleu|rouge|logloss|error_rate/i;
const DESTINATION =
  /path|dir\b|directory|uri|url|bucket|\bkey\b|dest|\bout\b|output|file|location|prefix|s3:|gs:|repo|hub|registry/i;

/** The parts of a log call that vary at run time: format arguments, interpolations, structured fields. */
export function dynamicText(model: FileModel, log: LogSite): string | null {
  const call = model.calls[log.call!]!;
  const message = messageArg(model, log);
  const parts: string[] = [];
  for (const arg of call.args) {
    if (arg.kind === "keyword" && (arg.name === "exc_info" || arg.name === "stacklevel" || arg.name === "stack_info"))
      continue;
    if (arg === message) {
      const v = arg.value;
      if (v.type === "fstring") {
        for (const p of v.parts) if (p.kind === "expr") parts.push(textOf(model, p.range));
      } else if (v.type !== "str") {
        if (v.type === "binop") parts.push(textOf(model, v.range));
      }
      continue;
    }
    if (arg.value.type === "str" || arg.value.type === "num" || arg.value.type === "bool" || arg.value.type === "none")
      continue;
    parts.push(textOf(model, arg.range));
  }
  return parts.length > 0 ? parts.join(" ") : null;
}

/** What a stage's log lacks for step 4, or null when it has it. */
export function missingDetail(model: FileModel, stage: StageId, log: LogSite): string | null {
  const dynamic = dynamicText(model, log);
  if (dynamic === null) return "value (a format argument, an interpolation or a structured field)";
  const detail = STAGES[stage].detail;
  if (detail === "size" && !SIZE.test(dynamic)) return "the size of the data (rows, shape, count)";
  if (detail === "metric" && !METRIC.test(dynamic)) return "a metric value (accuracy, loss, AUC, …)";
  if (detail === "destination" && !DESTINATION.test(dynamic)) return "the destination (path, URI, bucket/key)";
  return null;
}

// ---- project facts ----------------------------------------------------------------------

/**
 * Names of functions called right next to an INFO log (`df = load_data(p)`
 * then `logger.info("loaded %d rows", len(df))`): a stage inside such a
 * function is covered by its caller's log.
 */
export function loggedCallees(model: FileModel, options: CoverageOptions = DEFAULT_COVERAGE): string[] {
  const logs = stageLogs(model, options);
  if (logs.length === 0) return [];
  const names = new Set<string>();
  const logCalls = new Set(model.logSites.map((l) => l.call));
  const imported = new Set(model.imports.map((i) => i.local));
  for (let at = 0; at < model.calls.length; at++) {
    const call = model.calls[at]!;
    if (call.calleeText === null || call.method === null || logCalls.has(call.id)) continue;
    // Plain function calls (`load_training_set(p)`, `data.load(p)` on an imported module), not
    // methods: a log next to some `model.fit(…)` says nothing about every method named `fit`.
    const receiver = call.receiverText;
    if (receiver !== null && !imported.has(receiver)) continue;
    const scope = functionScope(model, call.scope);
    const logged = logs.some((l) => {
      const lc = model.calls[l.call!]!;
      if (functionScope(model, lc.scope) !== scope) return false;
      const d = statementDistance(model, call.statement, lc.statement);
      return d !== null && d <= 2;
    });
    if (logged) names.add(call.method);
  }
  return [...names].sort();
}

/** Names of functions whose returned data the caller checks and fails on (`df = load(p)`; `if df.empty: raise`). */
export function checkedCallees(model: FileModel): string[] {
  const names = new Set<string>();
  const imported = new Set(model.imports.map((i) => i.local));
  const checking = new Map<number, boolean>();
  for (let at = 0; at < model.calls.length; at++) {
    const call = model.calls[at]!;
    if (call.method === null || call.assignedTo.length === 0) continue;
    // Plain function calls only, as for loggedCallees.
    const receiver = call.receiverText;
    if (receiver !== null && !imported.has(receiver)) continue;
    if (call.callee !== null && !call.callee.includes(".")) continue;
    const scope = functionScope(model, call.scope);
    let may = checking.get(scope);
    if (may === undefined) checking.set(scope, (may = mayCheck(model, scope)));
    if (!may) continue;
    if (dataChecked(model, call, call.assignedTo)) names.add(call.method);
  }
  return [...names].sort();
}

/** The project handles shutdown somewhere: a signal handler, `atexit`, a shutdown hook, `process.on("SIGTERM")`. */
export function handlesShutdown(model: FileModel, config?: StageConfig): boolean {
  return stageSites(model, config).some((s) => s.stage === "shutdown");
}

/** Requests are logged by the app: an after-request hook or middleware that logs, or a server with an access log. */
export function logsRequests(model: FileModel): boolean {
  for (let at = 0; at < model.scopes.length; at++) {
    const scope = model.scopes[at]!;
    const hook = scope.decorators.some((d) =>
      /\.(?:after_request|before_request|middleware|teardown_request)$/.test(d.text),
    );
    if (
      hook &&
      model.logSites.some(
        (l) =>
          l.kind === "logger" &&
          l.level === "info" &&
          l.call !== null &&
          within(model, model.calls[l.call]!.scope, scope.id),
      )
    )
      return true;
  }
  for (const site of stageSites(model)) {
    if (site.stage !== "ready-for-serving" || !site.selfLogging || site.call === null) continue;
    const call = model.calls[site.call]!;
    const off = call.args.some(
      (a) => a.kind === "keyword" && a.name === "access_log" && a.value.type === "bool" && !a.value.value,
    );
    if (!off) return true;
  }
  // fastify({ logger: true }) logs every request.
  if (model.calls.some((c) => c.callee === "fastify" && /\blogger\s*:\s*(?:true|\{|[a-z])/.test(argsText(model, c))))
    return true;
  // gunicorn.conf.py: `accesslog = "-"`.
  return model.statements.some((s) => s.kind === "assign" && s.targets.includes("accesslog"));
}

// ---- data checks (step 5) ------------------------------------------------------------------

const EMPTINESS =
  /\.empty\b|\blen\(|\.shape\b|\.length\b|\.size\b|\.count\b|\bnot\s+[\w.]+\s*$|^\s*!|\bis\s+None\b|[=!]==?\s*(?:null|undefined|0)\b|\.isna\(|\.isnull\(|\.between\(|\.any\(|\.all\(|\bnum_rows\b|[<>]=?\s*\d/;
const VALIDATE_METHOD =
  /^(?:validate|validate_python|parse|safeParse|parseAsync|safeParseAsync|check|assert_\w+|expect_\w+|validateSync|conform)$/;

/**
 * The data bound to `names` is checked after `load` before the function goes
 * on: an `if` on its emptiness/size/range whose branch fails, an `assert`, or
 * a validation call (`schema.validate(df)`, `Rows.parse(rows)`).
 */
export function dataChecked(model: FileModel, load: Call, names: readonly string[]): boolean {
  const scope = functionScope(model, load.scope);
  const watched = new Set(names);
  const statements = functionStatements(model).get(scope) ?? [];
  for (let i = firstAtOrAfter(statements, load.range[1] + 1, startOfRange); i < statements.length; i++) {
    const stmt = statements[i]!;
    const reads = readsAny(model, stmt, watched);
    if (stmt.kind === "assign" && reads && stmt.expr === null) {
      // `rows = parsed.data`, `X = df[cols]`: an alias of the loaded data.
      const text = textOf(model, stmt.range);
      const rhs = text.slice(text.indexOf("=") + 1).trim();
      if ([...watched].some((n) => rhs.startsWith(n))) for (const t of stmt.targets) watched.add(t);
    }
    if (!reads) continue;
    if (stmt.kind === "assert" || failingCheck(model, stmt)) return true;
  }
  return (validationCalls(model).get(scope) ?? []).some(
    (c) => c.range[0] > load.range[1] && c.args.some((a) => a.value.type === "name" && watched.has(a.value.name)),
  );
}

const validationIndexes = new WeakMap<FileModel, Map<number, Call[]>>();

/** Each function scope's validation calls (`schema.validate(…)`, `Rows.parse(…)`). */
function validationCalls(model: FileModel): Map<number, Call[]> {
  return byFunction(validationIndexes, model, model.calls, (c) =>
    c.method !== null && VALIDATE_METHOD.test(c.method) ? functionScope(model, c.scope) : null,
  );
}

/** `items` grouped by function scope (`scopeOf` null: left out), worked out once per model. */
function byFunction<T>(
  indexes: WeakMap<FileModel, Map<number, T[]>>,
  model: FileModel,
  items: readonly T[],
  scopeOf: (item: T) => number | null,
): Map<number, T[]> {
  let index = indexes.get(model);
  if (index) return index;
  index = new Map();
  for (let at = 0; at < items.length; at++) {
    const item = items[at]!;
    const scope = scopeOf(item);
    if (scope === null) continue;
    const list = index.get(scope);
    if (list) list.push(item);
    else index.set(scope, [item]);
  }
  indexes.set(model, index);
  return index;
}

/**
 * The statement reads one of `names`. JS assignments carry no read names in
 * the model, so their right-hand side is matched word by word.
 */
function readsAny(model: FileModel, stmt: Statement, names: ReadonlySet<string>): boolean {
  // Indexed loops: this runs for every statement after every load, and allocates nothing.
  const read = stmt.names;
  for (let i = 0; i < read.length; i++) if (names.has(read[i]!)) return true;
  if (stmt.kind !== "assign" || read.length > 0) return false;
  const words = rhsWords(model, stmt);
  for (let i = 0; i < words.length; i++) if (names.has(words[i]!)) return true;
  return false;
}

const rhsWordIndexes = new WeakMap<FileModel, Map<number, readonly string[]>>();

/** The words of an assignment's right-hand side, read once per statement. */
function rhsWords(model: FileModel, stmt: Statement): readonly string[] {
  let index = rhsWordIndexes.get(model);
  if (!index) rhsWordIndexes.set(model, (index = new Map()));
  let words = index.get(stmt.id);
  if (!words) {
    const text = textOf(model, stmt.range);
    words = text.slice(text.indexOf("=") + 1).match(/[A-Za-z_$][\w$]*/g) ?? [];
    index.set(stmt.id, words);
  }
  return words;
}

const statementIndexes = new WeakMap<FileModel, Map<number, Statement[]>>();

/** Each function scope's statements (nested blocks included, nested functions not), in source order. */
function functionStatements(model: FileModel): Map<number, Statement[]> {
  const known = statementIndexes.get(model);
  if (known) return known;
  const index = byFunction(statementIndexes, model, model.statements, (stmt) => functionScopeOfStatement(model, stmt));
  // Statements usually come in source order already: sorted only when one is out of place.
  for (const list of index.values()) if (!inSourceOrder(list)) list.sort((a, b) => a.range[0] - b.range[0]);
  return index;
}

function inSourceOrder(list: readonly Statement[]): boolean {
  for (let i = 1; i < list.length; i++) if (list[i - 1]!.range[0] > list[i]!.range[0]) return false;
  return true;
}

/** The function has what dataChecked accepts as a check (an `assert`, a failing emptiness test, a validation call): a cheap first cut. */
function mayCheck(model: FileModel, scope: number): boolean {
  if (validationCalls(model).has(scope)) return true;
  return (functionStatements(model).get(scope) ?? []).some((s) => s.kind === "assert" || failingCheck(model, s));
}

/** `if df.empty: raise …`: an `if` that tests emptiness, size or absence, and fails in its body. */
function failingCheck(model: FileModel, stmt: Statement): boolean {
  if (stmt.kind !== "if" || stmt.expr === null || !EMPTINESS.test(textOf(model, stmt.expr.range))) return false;
  const body = model.blocks[stmt.blocks[0]!];
  return body !== undefined && body.statements.some((s) => statementFails(model, s));
}

function functionScopeOfStatement(model: FileModel, stmt: Statement): number {
  return functionScope(model, model.blocks[stmt.block]!.scope);
}

// ---- request input (step 5, inference) ---------------------------------------------------

const MODEL_METHOD =
  /^(?:predict|predict_proba|predict_log_proba|predictProba|decision_function|classify|infer|inference|generate|forward|executeAsync)$/;
const MODEL_CALLABLE = /^(?:model|clf|classifier|pipe|pipeline|generator|net|predictor|self\.model|this\.model)$/;
const VALIDATION_CALL =
  /^(?:model_validate|model_validate_json|parse_obj|parse_raw|validate|validate_python|parse|safeParse|parseAsync|safeParseAsync|validateSync|is_valid|check_input|validate_input)$/;

/** A call that hands data to a model: `model.predict(X)`, `session.run(feeds)`, `classifier(text)`. */
export function isModelCall(call: Call): boolean {
  if (call.method !== null && MODEL_METHOD.test(call.method)) return true;
  if (call.method === "run" && /(?:^|\.)(?:session|sess|ort_session|inference_session)$/i.test(call.receiverText ?? ""))
    return true;
  if (call.method === "execute" && /model$/i.test(call.receiverText ?? "")) return true;
  return call.calleeText !== null && call.callee === null && MODEL_CALLABLE.test(call.calleeText);
}

/**
 * Validation of request data before `modelCall` in its handler: a schema
 * call, a guard on request-derived names that answers an error, or a handler
 * parameter typed by a constrained schema class (FastAPI + pydantic `Field(ge=…)`).
 */
export function requestValidated(model: FileModel, handler: Scope, modelCall: Call): boolean {
  const before = (r: Range): boolean => r[0] < modelCall.range[0] && r[0] >= handler.range[0];
  const calls = model.calls.filter((c) => before(c.range) && within(model, c.scope, handler.id));
  if (calls.some((c) => c.method !== null && VALIDATION_CALL.test(c.method))) return true;
  if (calls.some((c) => c.callee === "jsonschema.validate")) return true;
  if (typedByConstrainedSchema(model, handler)) return true;
  // Names that carry request data: the handler's parameters and what is computed from them.
  const tainted = new Set(handler.params.length > 0 ? handler.params : ["request"]);
  tainted.add("request");
  const statements = model.statements
    .filter((s) => before(s.range) && within(model, model.blocks[s.block]!.scope, handler.id))
    .sort((a, b) => a.range[0] - b.range[0]);
  for (const stmt of statements) {
    const reads = readsAny(model, stmt, tainted);
    if (stmt.kind === "assign" && reads) for (const t of stmt.targets) tainted.add(t);
    if (!reads) continue;
    if (stmt.kind === "assert") return true;
    if (stmt.kind === "if" && stmt.blocks.length > 0) {
      const body = model.blocks[stmt.blocks[0]!]!;
      if (body.statements.some((s) => answersError(model, s))) return true;
    }
  }
  return false;
}

function answersError(model: FileModel, statementId: number): boolean {
  const stmt = model.statements[statementId]!;
  if (stmt.kind === "raise" || stmt.kind === "throw") return true;
  if (stmt.kind === "return") {
    const text = textOf(model, stmt.range);
    return /\b4\d\d\b|status\(\s*4|abort|HTTPException|BadRequest|error/i.test(text);
  }
  return model.calls.some((c) => c.statement === statementId && isFailingCall(c));
}

const CONSTRAINT =
  /\b(?:ge|le|gt|lt|min_length|max_length|pattern|regex|multiple_of)\s*=|\bcon(?:int|float|list|str)\(|Literal\[|validator\b/;

function typedByConstrainedSchema(model: FileModel, handler: Scope): boolean {
  if (model.language !== "python") return false;
  const header = textOf(model, [handler.range[0], model.blocks[handler.body]?.range[0] ?? handler.range[1]]);
  for (const m of header.matchAll(/\w+\s*:\s*(?:Annotated\[\s*)?([A-Z]\w*)/g)) {
    const type = m[1]!;
    const cls = model.scopes.find((s) => s.kind === "class" && s.name === type);
    if (cls && CONSTRAINT.test(textOf(model, cls.range))) return true;
    if (!cls && model.imports.some((i) => i.local === type && !/^(?:fastapi|starlette|typing)/.test(i.module)))
      return true;
  }
  return false;
}

/** Sites with their coverage and details, for `logical stages` and the report. */
export interface StageSiteStatus {
  site: StageSite;
  logged: boolean;
  detailed: boolean;
}

/** Each site with whether a log covers it (in its file or, through `project`, in a caller) and carries its details. */
export function stageStatuses(
  model: FileModel,
  project: ProjectModel | null,
  config?: StageConfig,
  options: CoverageOptions = DEFAULT_COVERAGE,
): StageSiteStatus[] {
  const callerLogged = new Set(project?.loggedCallees ?? []);
  return stageSites(model, config).map((site) => {
    const logs = coveringLogs(model, site, options);
    const byCaller = logs.length === 0 && coveredByCaller(model, site, callerLogged);
    const bySelf = logs.length === 0 && !byCaller && coveredByServer(model, site, project);
    const logged = logs.length > 0 || byCaller || bySelf || !shutdownHandlerKnown(model, site);
    const detailed = logs.length > 0 ? logs.some((l) => missingDetail(model, site.stage, l) === null) : logged;
    return { site, logged, detailed };
  });
}

/** The function holding the site is called next to an INFO log somewhere in the project. */
export function coveredByCaller(model: FileModel, site: StageSite, callerLogged: ReadonlySet<string>): boolean {
  if (site.body !== null && site.stage !== "hyperparameter-search" && site.stage !== "feature-engineering")
    return false;
  const scope = model.scopes[site.body ?? site.scope]!;
  return scope.kind !== "module" && scope.name !== "" && callerLogged.has(scope.name);
}

/** Requests logged by middleware or an access log; readiness logged by the server itself. */
export function coveredByServer(model: FileModel, site: StageSite, project: ProjectModel | null): boolean {
  if (site.stage === "request") return project?.hasRequestLogging === true || logsRequests(model);
  if (site.stage === "ready-for-serving") return site.selfLogging === true;
  return false;
}
