/**
 * Questions several rules ask of a file's model — what follows a call, whether
 * a loop walks data, which argument is a log's message — answered once here
 * so no rule re-implements AST matching. Every index is built in one pass over
 * the model on first use and cached per model, so a rule asking about each of
 * its sites stays linear in the file.
 */
import { dottedHead, firstAtOrAfter, startOfRange, textOf } from "./source.js";
import type {
  Arg,
  Block,
  Call,
  Expr,
  FileModel,
  Handler,
  Loop,
  LogSite,
  ProjectModel,
  Range,
  Statement,
} from "./types.js";

// ---- failing: what stops the code from carrying on --------------------------

/** Calls that end the process; a missing or literal-0 argument is a success exit. */
const EXIT_CALLS = new Set(["sys.exit", "builtins.exit", "builtins.quit", "exit", "quit", "os._exit", "process.exit"]);
const ABORT_CALLS = new Set(["os.abort", "process.abort"]);
/** Node callbacks and promise rejectors that hand an error on (`next(err)`, `reject(err)`). */
const ERROR_CALLBACKS = new Set(["next", "done", "cb", "callback", "reject"]);
/** HTTP error responses: `res.status(500)`, `res.sendStatus(400)`, `reply.code(503)`, `abort(404)`. */
const RESPONSE_STATUS_METHODS = new Set(["status", "sendStatus", "code", "writeHead", "abort"]);
/** Helpers that fail by name: `self.fail(…)`, `die(…)`, `parser.error(…)` (argparse exits with 2). */
const FAILING_HELPER = /(?:^|\.)(?:fail|die|panic|bail|fatal_error|abort)[A-Za-z_]*$|(?:^|\.)(?:[a-z_]*parser)\.error$/;
const FAILING_TARGETS = new Set(["process.exitCode"]);

const SCOPE_BLOCKS = new Set<Block["kind"]>(["module", "function", "class"]);

function positional(call: Call, index: number): Arg | undefined {
  let i = 0;
  for (const a of call.args) {
    if (a.kind !== "positional") continue;
    if (i === index) return a;
    i++;
  }
  return undefined;
}

function isSuccessValue(expr: Expr | undefined): boolean {
  if (expr === undefined) return true;
  if (expr.type === "num") return expr.value === 0;
  if (expr.type === "none") return true;
  if (expr.type === "bool") return !expr.value;
  return false;
}

/** A call that ends the process with a failure, answers with an HTTP error, or hands an error on. */
export function isFailingCall(call: Call): boolean {
  const first = positional(call, 0);
  const callee = call.callee ?? call.calleeText;
  if (callee !== null && ABORT_CALLS.has(callee)) return true;
  if (callee !== null && EXIT_CALLS.has(callee)) return !isSuccessValue(first?.value);
  if (call.method !== null && RESPONSE_STATUS_METHODS.has(call.method) && first?.value.type === "num") {
    return first.value.value >= 400;
  }
  if (call.calleeText !== null && ERROR_CALLBACKS.has(call.calleeText)) return !isSuccessValue(first?.value);
  if (call.method === "emit" && first?.value.type === "str") return first.value.value === "error";
  return call.calleeText !== null && FAILING_HELPER.test(call.calleeText);
}

/** `return None`, `return False`, `return -1`, `return null`, `return err`, `return jsonify(…), 500`. */
function isFailureValue(model: FileModel, expr: Expr | null): boolean {
  if (expr === null) return true;
  switch (expr.type) {
    case "none":
      return true;
    case "bool":
      return !expr.value;
    case "num":
      return expr.value < 0;
    case "unary":
      return expr.op === "-" && expr.operand.type === "num";
    case "name":
      return /err|fail|invalid/i.test(expr.name);
    case "call": {
      const call = model.calls[expr.call];
      return call !== undefined && /(?:Error|Exception|Err|err|fail)\w*$/.test(call.calleeText ?? "");
    }
    default:
      return /,\s*[45]\d\d\s*\)?$/.test(textOf(model, expr.range));
  }
}

interface FlowIndex {
  /** Statements whose own header makes a failing call (`sys.exit(1)`, `res.status(500).json(…)`). */
  failingCalls: Set<number>;
  fails: Map<number, boolean>;
}

const flowIndexes = new WeakMap<FileModel, FlowIndex>();

function flowIndex(model: FileModel): FlowIndex {
  let index = flowIndexes.get(model);
  if (index) return index;
  index = { failingCalls: new Set(), fails: new Map() };
  for (const call of model.calls) if (isFailingCall(call)) index.failingCalls.add(call.statement);
  flowIndexes.set(model, index);
  return index;
}

/**
 * The statement fails at some point: `raise`/`throw`, a failing call, a
 * failure value returned, `process.exitCode = …`, in itself or in a nested
 * block (not in nested functions or classes, which do not run here).
 */
export function statementFails(model: FileModel, statementId: number): boolean {
  const index = flowIndex(model);
  const known = index.fails.get(statementId);
  if (known !== undefined) return known;
  const stmt = model.statements[statementId]!;
  let fails =
    stmt.kind === "raise" ||
    stmt.kind === "throw" ||
    (stmt.kind === "return" && isFailureValue(model, stmt.expr)) ||
    index.failingCalls.has(statementId) ||
    stmt.targets.some((t) => FAILING_TARGETS.has(t));
  if (!fails && stmt.kind !== "function" && stmt.kind !== "class") {
    fails = stmt.blocks.some((b) => {
      const block = model.blocks[b]!;
      return !SCOPE_BLOCKS.has(block.kind) && block.statements.some((s) => statementFails(model, s));
    });
  }
  index.fails.set(statementId, fails);
  return fails;
}

/**
 * Whether the code after `statementId` fails instead of carrying on: a later
 * statement of its own block returns (an early return, whatever its value)
 * or fails, or a later statement of an enclosing block, up to the function
 * body, fails. Walking out of loops and `except` blocks is deliberate:
 * counting bad items and raising after the loop is failing too.
 */
export function failsAfter(model: FileModel, statementId: number): boolean {
  let stmt: Statement = model.statements[statementId]!;
  let ownBlock = true;
  // `if n_errors: log.error(…)` … `return 1 if n_errors else 0`: the return reports what the `if` tested.
  const tested = new Set<string>();
  for (;;) {
    const block = model.blocks[stmt.block]!;
    for (let i = stmt.index + 1; i < block.statements.length; i++) {
      const next = model.statements[block.statements[i]!]!;
      if (next.kind === "return" && (ownBlock || returnsTested(next, tested))) return true;
      if (statementFails(model, next.id)) return true;
    }
    if (SCOPE_BLOCKS.has(block.kind) || block.owner === null) return false;
    stmt = model.statements[block.owner]!;
    if (stmt.kind === "if") for (const n of stmt.names) tested.add(n);
    ownBlock = false;
  }
}

/** `return 1 if n_errors else 0`, `return not failed`: a value computed from what the `if` tested, not the data itself. */
function returnsTested(stmt: Statement, tested: Set<string>): boolean {
  const computed =
    stmt.expr !== null && stmt.expr.type !== "name" && stmt.expr.type !== "attr" && stmt.expr.type !== "call";
  return computed && stmt.names.some((n) => tested.has(n));
}

/** Statement kinds that leave a loop's body for good. */
const LEAVES_LOOP = new Set<Statement["kind"]>(["break", "return", "raise", "throw"]);

/** After `statementId`, the loop whose body is `loopBody` is left (`break`, `return`, `raise`): the code runs once. */
export function leavesLoopAfter(model: FileModel, statementId: number, loopBody: number): boolean {
  let stmt: Statement = model.statements[statementId]!;
  for (;;) {
    const block = model.blocks[stmt.block]!;
    for (let i = stmt.index + 1; i < block.statements.length; i++) {
      const next = model.statements[block.statements[i]!]!;
      if (LEAVES_LOOP.has(next.kind) || flowIndex(model).failingCalls.has(next.id)) return true;
    }
    if (block.id === loopBody || SCOPE_BLOCKS.has(block.kind) || block.owner === null) return false;
    stmt = model.statements[block.owner]!;
  }
}

/** The `if` statements between a statement and the block `stopBlock` (exclusive), innermost first. */
export function enclosingIfs(model: FileModel, statementId: number, stopBlock: number): Statement[] {
  const out: Statement[] = [];
  let block = model.blocks[model.statements[statementId]!.block]!;
  while (block.id !== stopBlock && block.owner !== null && !SCOPE_BLOCKS.has(block.kind)) {
    const owner = model.statements[block.owner]!;
    if (owner.kind === "if") out.push(owner);
    block = model.blocks[owner.block]!;
  }
  return out;
}

/** `step % 100 == 0`, `i % N === 0`: the test of an every-N-steps guard. */
export function hasModulo(expr: Expr | null): boolean {
  if (expr === null) return false;
  switch (expr.type) {
    case "binop":
      return expr.op === "%" || hasModulo(expr.left) || hasModulo(expr.right);
    case "compare":
      return hasModulo(expr.left) || hasModulo(expr.right);
    case "unary":
      return hasModulo(expr.operand);
    default:
      return false;
  }
}

// ---- loops: data or a handful of fixed items ---------------------------------

/** Module constants by convention (`COLUMNS`, `CONTRACTS`): fixed collections written in the code. */
const CONSTANT_NAME = /^_?[A-Z][A-Z0-9_]*$/;
/** Calls that keep an iterable's size: `enumerate(X)`, `sorted(X)`, `X.items()`, `Object.entries(X)`. */
const SIZE_KEEPING_FUNCTIONS = new Set([
  "builtins.enumerate",
  "builtins.sorted",
  "builtins.reversed",
  "builtins.list",
  "builtins.tuple",
  "builtins.set",
  "builtins.zip",
  "enumerate",
  "sorted",
  "reversed",
  "zip",
  "Object.entries",
  "Object.keys",
  "Object.values",
  "Array.from",
]);
const SIZE_KEEPING_METHODS = new Set(["items", "keys", "values", "entries"]);

/**
 * A loop over a handful of items written in the code: a literal list, tuple
 * or string, `range(3)`, a module constant (`CONTRACTS`), or one of those
 * through `enumerate`/`sorted`/`.items()`.
 */
export function isFixedIterable(model: FileModel, expr: Expr | null): boolean {
  if (expr === null) return false;
  switch (expr.type) {
    case "list":
    case "str":
    case "dict":
      return true;
    case "name":
      return CONSTANT_NAME.test(expr.name);
    case "attr":
      return CONSTANT_NAME.test(expr.name);
    case "other":
      return isCollectionDisplay(textOf(model, expr.range));
    case "call": {
      const call = model.calls[expr.call];
      if (!call) return false;
      const callee = call.callee ?? call.calleeText;
      if (callee === "builtins.range" || callee === "range") {
        return call.args.length > 0 && call.args.every((a) => a.value.type === "num");
      }
      if (callee !== null && SIZE_KEEPING_FUNCTIONS.has(callee)) {
        const args = call.args.filter((a) => a.kind === "positional");
        return args.length > 0 && args.every((a) => isFixedIterable(model, a.value));
      }
      if (call.method !== null && SIZE_KEEPING_METHODS.has(call.method) && call.receiverText !== null) {
        const head = call.receiverText.split(".").pop()!;
        return CONSTANT_NAME.test(head);
      }
      return false;
    }
    default:
      return false;
  }
}

/**
 * A tuple or set display, `(3, 5, 8)` / `{"a", "b"}`: the Python model
 * summarises them as `other`, so the text decides (not a generator).
 */
function isCollectionDisplay(source: string): boolean {
  return /^[({][\s\S]*,[\s\S]*[)}]$/.test(source) && !/\bfor\b/.test(source);
}

/** Iterables and loop variables that are per-item streams: loaders, batches, rows, samples (matched on snake_cased text). */
const PER_ITEM =
  /(?<![a-z])(?:loader|dataloader|batch|batches|minibatch|minibatches|row|rows|iterrows|itertuples|record|records|sample|samples|example|examples|instance|instances|line|lines|dataset|token|tokens|chunk|chunks|step|steps)(?![a-z])/;
const EPOCH = /(?<![a-z])epochs?(?![a-z])/;

/** `trainLoader` → `train_loader`: camelCase split into snake_case words, lower-cased. */
export function snake(text: string): string {
  return text.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

/** The loop walks data (rows, batches, files, requests), not a handful of fixed items. `while` loops are unknown: no. */
export function loopsOverData(model: FileModel, loop: Loop): boolean {
  if (loop.kind === "while" || isRetryLoop(model, loop)) return false;
  return !isFixedIterable(model, loop.iter);
}

const RETRY = /retr(?:y|ies)|attempt|tries|backoff/i;

/** `for attempt in range(max_retries)`: a few tries of one thing, not a walk over data. */
export function isRetryLoop(model: FileModel, loop: Loop): boolean {
  return loop.targets.some((t) => RETRY.test(t)) || RETRY.test(iterText(model, loop));
}

/** The source text of a loop's iterable (`train_loader`, `df.iterrows()`), or "". */
export function iterText(model: FileModel, loop: Loop): string {
  return loop.iter === null ? "" : textOf(model, loop.iter.range);
}

/** A loop over a per-batch or per-row source (`loader`, `batches`, `df.iterrows()`, `for row in …`). */
export function looksLikeBatches(model: FileModel, loop: Loop): boolean {
  return PER_ITEM.test(snake(iterText(model, loop))) || loop.targets.some((t) => PER_ITEM.test(snake(t)));
}

/** `for epoch in range(epochs)`: a loop whose inner loops run per batch or step. */
export function isEpochLoop(model: FileModel, loop: Loop): boolean {
  return EPOCH.test(snake(iterText(model, loop))) || loop.targets.some((t) => EPOCH.test(snake(t)));
}

// ---- handlers ----------------------------------------------------------------

const BROAD_EXCEPTIONS = new Set(["Exception", "BaseException", "builtins.Exception", "builtins.BaseException"]);

/** `except:`, `except Exception`, `except BaseException`, and every JS `catch` (untyped). */
export function isBroadHandler(model: FileModel, handler: Handler): boolean {
  if (model.language === "javascript") return true;
  return handler.types.length === 0 || handler.types.some((t) => BROAD_EXCEPTIONS.has(t));
}

/** The handler's body, as a block. */
export function handlerBody(model: FileModel, handler: Handler): Block {
  return model.blocks[handler.body]!;
}

/** The handler's body is nothing but `pass`, `...`, `continue` or nothing at all (`catch {}`). */
export function isEmptyHandler(model: FileModel, handler: Handler): boolean {
  const body = handlerBody(model, handler);
  return body.statements.every((id) => {
    const s = model.statements[id]!;
    return s.kind === "pass" || s.kind === "continue" || (s.kind === "expr" && isEllipsis(model, s));
  });
}

function isEllipsis(model: FileModel, stmt: Statement): boolean {
  return textOf(model, stmt.range).trim() === "...";
}

function wordPattern(name: string): RegExp {
  return new RegExp(`(?<![\\w$.])${name.replace(/[$]/g, "\\$")}(?![\\w$])`);
}

/**
 * The handler's body reads the bound exception (`errors.append(e)`, `raise X from e`).
 * Statements keep only the names of their headers, so the body's text is
 * searched for the name as a word; string contents can only make this answer yes.
 */
export function handlerUsesException(model: FileModel, handler: Handler): boolean {
  if (handler.name === null) return false;
  const body = handlerBody(model, handler);
  if (body.statements.length === 0) return false;
  const first = model.statements[body.statements[0]!]!;
  const last = model.statements[body.statements[body.statements.length - 1]!]!;
  return wordPattern(handler.name).test(model.text.slice(first.range[0], last.range[1]));
}

/** The handler's own statements (not nested functions') raise, throw, exit or answer with an error. */
export function handlerFails(model: FileModel, handler: Handler): boolean {
  return handlerBody(model, handler).statements.some((s) => statementFails(model, s));
}

/** The handler raises or throws (re-raise, wrap, or a new error, which chains the original). */
export function handlerRaises(model: FileModel, handler: Handler): boolean {
  const visit = (blockId: number): boolean =>
    model.blocks[blockId]!.statements.some((id) => {
      const s = model.statements[id]!;
      if (s.kind === "raise" || s.kind === "throw") return true;
      if (s.kind === "function" || s.kind === "class") return false;
      return s.blocks.some((b) => !SCOPE_BLOCKS.has(model.blocks[b]!.kind) && visit(b));
    });
  return visit(handler.body);
}

// ---- expressions ---------------------------------------------------------------

/** Whether `expr` reads the variable `name` (`e`, `str(e)`, `f"{e}"`, `err.message`, `"x: " + e`). */
export function exprReads(model: FileModel, expr: Expr, name: string): boolean {
  switch (expr.type) {
    case "name":
      return expr.name === name;
    case "attr":
      return exprReads(model, expr.object, name);
    case "fstring":
      return expr.parts.some((p) => p.kind === "expr" && exprReads(model, p.expr, name));
    case "binop":
    case "compare":
      return exprReads(model, expr.left, name) || exprReads(model, expr.right, name);
    case "unary":
      return exprReads(model, expr.operand, name);
    case "list":
      return expr.elements.some((e) => exprReads(model, e, name));
    case "call": {
      const call = model.calls[expr.call];
      if (!call) return wordPattern(name).test(textOf(model, expr.range));
      if (call.receiverText !== null && dottedHead(call.receiverText) === name) return true;
      return call.args.some((a) => exprReads(model, a.value, name));
    }
    case "dict":
    case "other":
      return wordPattern(name).test(textOf(model, expr.range));
    default:
      return false;
  }
}

// ---- log messages ----------------------------------------------------------------

/**
 * The argument holding a log call's message: the first positional argument
 * (`msg=`/`message=` by keyword), the second of `logger.log(level, msg)`, and
 * in JS the first string after a leading object (pino's `log.info({ n }, "msg")`).
 */
export function messageArg(model: FileModel, site: LogSite): Arg | null {
  if (site.call === null) return null;
  const call = model.calls[site.call]!;
  const keyword = call.args.find((a) => a.kind === "keyword" && (a.name === "msg" || a.name === "message"));
  if (keyword) return keyword;
  const index = site.kind === "logger" && site.method === "log" ? 1 : 0;
  const first = positional(call, index);
  if (!first) return null;
  if (model.language === "javascript" && site.kind === "logger" && isObjectLike(first.value)) {
    const second = positional(call, index + 1);
    if (second && isStringLike(second.value)) return second;
  }
  return first;
}

function isObjectLike(expr: Expr): boolean {
  return expr.type === "dict" || expr.type === "name" || expr.type === "attr";
}

/** A string literal, f-string/template literal, or a `+` concatenation holding one. */
export function isStringLike(expr: Expr): boolean {
  if (expr.type === "str" || expr.type === "fstring") return true;
  if (expr.type === "binop" && expr.op === "+") return isStringLike(expr.left) || isStringLike(expr.right);
  return false;
}

// ---- calls ------------------------------------------------------------------------

const callsByStart = new WeakMap<FileModel, Map<number, Call[]>>();

/**
 * The call a method is called on, when the receiver is itself a call:
 * `logging.getLogger()` in `logging.getLogger().setLevel(…)`.
 */
export function receiverCall(model: FileModel, call: Call): Call | null {
  let byStart = callsByStart.get(model);
  if (!byStart) {
    byStart = new Map();
    for (let at = 0; at < model.calls.length; at++) {
      const c = model.calls[at]!;
      const list = byStart.get(c.range[0]);
      if (list) list.push(c);
      else byStart.set(c.range[0], [c]);
    }
    callsByStart.set(model, byStart);
  }
  let best: Call | null = null;
  for (const c of byStart.get(call.calleeRange[0]) ?? []) {
    if (c === call || c.range[1] >= call.calleeRange[1]) continue;
    if (best === null || c.range[1] > best.range[1]) best = c;
  }
  return best;
}

/** The n-th positional argument of a call. */
export function positionalArg(call: Call, index: number): Arg | undefined {
  return positional(call, index);
}

/** A keyword argument by name (Python). */
export function keywordArg(call: Call, name: string): Arg | undefined {
  return call.args.find((a) => a.kind === "keyword" && a.name === name);
}

// ---- request handlers ----------------------------------------------------------------

export const ROUTE_METHODS = new Set([
  "get",
  "post",
  "put",
  "patch",
  "delete",
  "head",
  "options",
  "all",
  "route",
  "api_route",
  "websocket",
]);
export const NEXT_ROUTE_EXPORTS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);

const requestScopes = new WeakMap<FileModel, Set<number>>();

/** Function scopes that handle a web request: `@app.get("/x")`, `app.post("/x", (req, res) => …)`, Next.js `GET`. */
export function requestHandlerScopes(model: FileModel): Set<number> {
  let scopes = requestScopes.get(model);
  if (scopes) return scopes;
  scopes = new Set();
  for (let at = 0; at < model.scopes.length; at++) {
    const scope = model.scopes[at]!;
    const routed = scope.decorators.some((d) => {
      const method = d.text.split(".").pop()!;
      const path = d.args[0]?.value;
      return ROUTE_METHODS.has(method) && path?.type === "str" && path.value.startsWith("/");
    });
    if (routed) scopes.add(scope.id);
    if (model.language === "javascript" && scope.parent === 0 && NEXT_ROUTE_EXPORTS.has(scope.name))
      scopes.add(scope.id);
  }
  for (let at = 0; at < model.calls.length; at++) {
    const call = model.calls[at]!;
    if (call.callbackScopes.length === 0 || call.method === null || !ROUTE_METHODS.has(call.method)) continue;
    const path = positional(call, 0)?.value;
    if (path?.type === "str" && path.value.startsWith("/")) for (const s of call.callbackScopes) scopes.add(s);
  }
  requestScopes.set(model, scopes);
  return scopes;
}

/** The scope is, or is nested in, a request handler. */
export function inRequestHandler(model: FileModel, scopeId: number): boolean {
  const handlers = requestHandlerScopes(model);
  for (let s: number | null = scopeId; s !== null; s = model.scopes[s]!.parent) {
    if (handlers.has(s)) return true;
  }
  return false;
}

// ---- reporting: a handler that tells someone --------------------------------------

/** Calls that report an error without being log sites: `traceback.print_exc()`, `sys.stderr.write(…)`. */
const REPORTING_CALLS = new Set([
  "sys.exc_info",
  "sys.exception",
  "traceback.format_exc",
  "traceback.print_exc",
  "traceback.print_exception",
  "traceback.print_exception_only",
  "traceback.print_tb",
  "sys.stderr.write",
  "sys.excepthook",
  "process.stderr.write",
  "process.emitWarning",
]);

/** Methods that take the error over: `obj.handle_error()`, `this.onError(…)`, `self.report_exception()`. */
const ERROR_HANDLER_METHOD =
  /^_*(?:handle_?(?:error|exception)|on_?error|report_?(?:error|exception)|record_?(?:error|exception)|set_?exception)$/i;

const reportingHandlerSets = new WeakMap<FileModel, Set<number>>();

/** Handlers whose body (nested blocks included) logs, prints or otherwise reports. */
export function reportingHandlers(model: FileModel): Set<number> {
  let set = reportingHandlerSets.get(model);
  if (set) return set;
  set = new Set();
  const starts: number[] = [];
  for (const site of model.logSites) if (site.call !== null) starts.push(model.calls[site.call]!.range[0]);
  for (let at = 0; at < model.calls.length; at++) {
    const call = model.calls[at]!;
    if (call.handler === null) continue;
    const reports =
      (call.callee !== null && REPORTING_CALLS.has(call.callee)) ||
      (call.method !== null && ERROR_HANDLER_METHOD.test(call.method));
    if (reports) starts.push(call.range[0]);
  }
  for (const at of starts) {
    for (const h of model.handlers) if (h.range[0] <= at && at < h.range[1]) set.add(h.id);
  }
  reportingHandlerSets.set(model, set);
  return set;
}

/** The range from `start` to the end of its line (or `end`, if sooner): a one-line anchor for a finding. */
export function firstLine(model: FileModel, range: Range): Range {
  const nl = model.text.indexOf("\n", range[0]);
  const lineEnd = nl === -1 ? model.text.length : nl;
  return [range[0], Math.min(range[1], model.text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd)];
}

/**
 * The statement runs once per loop at most: an enclosing `if` tests a flag
 * that a later statement sets (`if not warned: warn(…); warned = True`).
 */
export function guardedByFlag(model: FileModel, statementId: number, loopBody: number): boolean {
  const ifs = enclosingIfs(model, statementId, loopBody);
  if (ifs.length === 0) return false;
  const tested = new Set(ifs.flatMap((s) => s.names));
  const stmt = model.statements[statementId]!;
  const block = model.blocks[stmt.block]!;
  for (let i = stmt.index + 1; i < block.statements.length; i++) {
    if (model.statements[block.statements[i]!]!.targets.some((t) => tested.has(t))) return true;
  }
  return false;
}

// ---- functions -------------------------------------------------------------------

/**
 * The innermost function's name, or for an anonymous function the name it is
 * assigned to (`const log = (item) => …`), or "".
 */
export function functionName(model: FileModel, scopeId: number): string {
  let scope = model.scopes[scopeId]!;
  while (scope.kind === "class" && scope.parent !== null) scope = model.scopes[scope.parent]!;
  if (scope.name !== "" || scope.kind === "module") return scope.name;
  // Statements are numbered in source order: the last one starting before the function that contains it is its own.
  let owner: Statement | null = null;
  for (let at = 0; at < model.statements.length; at++) {
    const stmt = model.statements[at]!;
    if (stmt.range[0] > scope.range[0]) break;
    if (stmt.range[1] >= scope.range[1]) owner = stmt;
  }
  return owner?.targets[0]?.split(".").pop() ?? "";
}

/** The statement is `return <expr>` written out, not the implicit return of an arrow's expression body. */
export function isWrittenReturn(model: FileModel, statementId: number): boolean {
  const stmt = model.statements[statementId]!;
  return stmt.kind === "return" && model.text.startsWith("return", stmt.range[0]);
}

const CALLBACK_NAME = /^_*(?:callback|cb|fn|func|hook|listener|handler|done|on[A-Z_]\w*)$/;

/**
 * The `try` around this handler calls code handed in from outside (a
 * parameter, `self._callback`, `hook()`): logging its failure and going on is
 * isolating one callback from the rest, by design.
 */
export function isolatesCallback(model: FileModel, handler: Handler): boolean {
  const tryStmt = model.statements[handler.statement]!;
  const tryBody = tryStmt.blocks.map((b) => model.blocks[b]!).find((b) => b.kind === "try");
  if (!tryBody) return false;
  const params = new Set(model.scopes[handler.scope]!.params);
  return model.calls.some((c) => {
    if (c.range[0] < tryBody.range[0] || c.range[1] > tryBody.range[1] || c.calleeText === null) return false;
    const last = c.calleeText.split(".").pop()!;
    return params.has(c.calleeText) || CALLBACK_NAME.test(last);
  });
}

const callbackOwners = new WeakMap<FileModel, Map<number, Call>>();

/** The call a function was passed to as a callback (`emitter.on("error", (err) => …)`), or null. */
export function callbackOwner(model: FileModel, scopeId: number): Call | null {
  let owners = callbackOwners.get(model);
  if (!owners) {
    owners = new Map();
    for (const call of model.calls) for (const s of call.callbackScopes) owners.set(s, call);
    callbackOwners.set(model, owners);
  }
  return owners.get(scopeId) ?? null;
}

const LISTENER_METHODS = new Set(["on", "once", "addListener", "addEventListener", "prependListener"]);

/** The scope is an `error` event listener (`req.on("error", (err) => …)`): reporting the event is its job. */
export function isErrorListener(model: FileModel, scopeId: number): boolean {
  const owner = callbackOwner(model, scopeId);
  if (owner === null || owner.method === null || !LISTENER_METHODS.has(owner.method)) return false;
  const event = positional(owner, 0)?.value;
  return event?.type === "str" && /error|exception|rejection/i.test(event.value);
}

const DEMO_DIR = /(?:^|\/)(?:examples?|demos?|benchmarks?|bench)\//;

/**
 * Example, demo and benchmark code (`examples/`, `benchmarks/`): it shows an
 * API or measures it and never runs in production, so production discipline
 * does not apply. A path-only question: it belongs with `roleFromPath`.
 */
export function isDemoCode(model: FileModel, project: ProjectModel): boolean {
  const known = demoCode.get(model);
  if (known !== undefined && known.root === project.root) return known.demo;
  const demo = demoPath(model, project);
  demoCode.set(model, { root: project.root, demo });
  return demo;
}

/** Asked by several rules of each file: remembered per model (and project root). */
const demoCode = new WeakMap<FileModel, { root: string; demo: boolean }>();

function demoPath(model: FileModel, project: ProjectModel): boolean {
  const path = model.path.split("\\").join("/");
  const root = project.root.split("\\").join("/").replace(/^\.\//, "").replace(/\/?$/, "/");
  // Only the part below the project root counts: a project that lives in `~/bench/` is not a benchmark.
  const at = path.startsWith(root) ? 0 : path.indexOf(`/${root}`) + 1;
  return DEMO_DIR.test(at > 0 || path.startsWith(root) ? path.slice(at + root.length) : path);
}

/** A literal message with no words, only placeholders and punctuation (`"%s %d: %s"`): a formatting pass-through. */
export function isWordlessLiteral(expr: Expr | undefined): boolean {
  if (expr === undefined) return false;
  if (expr.type === "str") return !/\p{L}{2}/u.test(expr.value.replace(/%[-+ #0]*\d*(?:\.\d+)?[a-zA-Z]/g, ""));
  if (expr.type === "fstring") return expr.parts.every((p) => p.kind === "expr" || !/\p{L}{2}/u.test(p.value));
  return false;
}

/** Tool directives and to-do notes are not explanations of a decision. */
const NOT_AN_EXPLANATION =
  /^\s*(?:pragma|noqa|type:|eslint|istanbul|c8|pylint|nosec|fmt:|prettier|ts-|@ts-|TODO|FIXME|XXX)/i;

/** A comment inside `range` that explains something (not a tool directive or a to-do). */
export function hasExplanation(model: FileModel, range: Range): boolean {
  const comments = model.comments;
  for (
    let i = firstAtOrAfter(comments, range[0], startOfRange);
    i < comments.length && comments[i]!.range[0] < range[1];
    i++
  ) {
    const text = comments[i]!.value.replace(/^[\s*/#]+/, "");
    if (text.trim() !== "" && !NOT_AN_EXPLANATION.test(text)) return true;
  }
  return false;
}

/** The handler's own statements assign a value (`x = default`): a fallback, like returning one. */
export function handlerAssignsFallback(model: FileModel, handler: Handler): boolean {
  return handlerBody(model, handler).statements.some((id) => {
    const s = model.statements[id]!;
    return s.kind === "assign" && s.targets.length > 0;
  });
}

/** Test, example, demo or benchmark code: the rules about production behaviour skip it unless asked. */
export function isTestOrDemo(model: FileModel, project: ProjectModel): boolean {
  return model.role === "test" || isDemoCode(model, project);
}

/** Names that record a failure for later: `self.error = True`, `errors += 1`, `ok = False`, `failures.append(…)`. */
const FAILURE_RECORD =
  /(?:^|[._])(?:err|errs|errors?|fail|failed|failures?|bad|invalid|broken|skipped)(?:_?[a-z]+)?$|(?:^|[._])(?:n_failed|errcount|error_count|ok|success|status|exit_?code|rc|retcode|returncode)$/i;

/**
 * Another statement of the same block records the failure for the code to
 * act on later (`self.error = True`, `errors.append(path)`, `self._bad_hosts.add(host)`),
 * or a later one hands the exception on (`result.addError(sys.exc_info())`,
 * `future.set_exception(e)`): the error is not forgotten.
 */
export function recordsFailure(model: FileModel, statementId: number, exceptionName: string | null): boolean {
  const stmt = model.statements[statementId]!;
  // The log's own block, before and after it; then the later statements of each enclosing block.
  const candidates = model.blocks[stmt.block]!.statements.filter((id) => id !== statementId);
  for (let at = stmt; ;) {
    const block = model.blocks[at.block]!;
    if (SCOPE_BLOCKS.has(block.kind) || block.owner === null) break;
    at = model.statements[block.owner]!;
    const outer = model.blocks[at.block]!;
    candidates.push(...outer.statements.slice(at.index + 1));
  }
  const others = candidates.map((id) => model.statements[id]!);
  if (others.some((s) => s.targets.some((t) => FAILURE_RECORD.test(t)))) return true;
  return model.calls.some((c) => {
    if (!others.some((s) => c.range[0] >= s.range[0] && c.range[1] <= s.range[1])) return false;
    if (c.receiverText !== null && FAILURE_RECORD.test(c.receiverText)) return true;
    // Handing the exception on counts after the log only: before it, the log reports an error already handled.
    if (c.range[0] < stmt.range[1]) return false;
    return (
      c.callee === "sys.exc_info" ||
      (exceptionName !== null && c.args.some((a) => exprReads(model, a.value, exceptionName)))
    );
  });
}
