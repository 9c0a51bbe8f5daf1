/**
 * The language-neutral model every rule reads. Frontends (Python, JS/TS) build
 * it; rules never see a syntax tree. Positions are UTF-16 offsets into `text`
 * (what JavaScript strings index by); `lineCol` in ./source.ts turns them into
 * 1-based lines and columns.
 */

import type { StageConfig } from "../stages/catalog.js";

export type Language = "python" | "javascript";

/** [start, end) as UTF-16 offsets into the file's text. */
export type Range = readonly [number, number];

export type FileRole = "entry" | "library" | "test" | "script";

/** A name bound by an import: `import pandas as pd` binds `pd` to module `pandas`. */
export interface ImportBinding {
  /** The local name in this file (`pd`, `torch_save`, `express`). */
  local: string;
  /** Fully qualified target: `pandas`, `torch.save`, `@aws-sdk/client-s3.S3Client`. */
  target: string;
  /** The module part alone: `pandas`, `torch`, `./logger`. Relative imports keep their dots. */
  module: string;
  range: Range;
  /** The import statement's index in `statements`. */
  statement: number;
}

export type ScopeKind = "module" | "function" | "class" | "lambda";

export interface Scope {
  id: number;
  kind: ScopeKind;
  /** Function or class name; "" for the module, lambdas and anonymous functions. */
  name: string;
  range: Range;
  parent: number | null;
  /** Resolved dotted names of decorators (`fastapi.FastAPI().get` is reported as written: `app.get`). */
  decorators: Decorator[];
  params: string[];
  isAsync: boolean;
  /** The block that is this scope's body. */
  body: number;
}

export interface Decorator {
  /** Dotted callee as written (`app.get`, `router.post`, `pytest.fixture`). */
  text: string;
  /** Resolved through imports when the head is imported (`functools.lru_cache`), else null. */
  resolved: string | null;
  /** The call's arguments when the decorator is called (`@app.get("/x")`). */
  args: Arg[];
  range: Range;
}

export type ExprType =
  | "str"
  | "fstring"
  | "num"
  | "name"
  | "attr"
  | "call"
  | "binop"
  | "compare"
  | "unary"
  | "bool"
  | "none"
  | "list"
  | "dict"
  | "other";

/**
 * A summary of an expression, detailed where rules need detail (strings,
 * names, attribute chains, calls) and opaque elsewhere (`other`).
 */
export type Expr =
  | { type: "str"; range: Range; value: string }
  | { type: "fstring"; range: Range; parts: FormatPart[] }
  | { type: "num"; range: Range; value: number }
  | { type: "name"; range: Range; name: string }
  | { type: "attr"; range: Range; object: Expr; name: string }
  | { type: "call"; range: Range; call: number }
  | { type: "binop"; range: Range; op: string; left: Expr; right: Expr }
  | { type: "compare"; range: Range; op: string; left: Expr; right: Expr }
  | { type: "unary"; range: Range; op: string; operand: Expr }
  | { type: "bool"; range: Range; value: boolean }
  | { type: "none"; range: Range }
  | { type: "list"; range: Range; elements: Expr[] }
  | { type: "dict"; range: Range }
  | { type: "other"; range: Range };

/**
 * One piece of an f-string or template literal: literal text, or an
 * interpolated expression with its conversion (`!r`) and format spec (`.4f`).
 */
export type FormatPart =
  | { kind: "text"; value: string }
  | { kind: "expr"; expr: Expr; conversion: string | null; spec: string | null; range: Range };

export interface Arg {
  kind: "positional" | "keyword" | "spread" | "kwspread";
  /** Keyword name for `kind === "keyword"`. */
  name: string | null;
  value: Expr;
  range: Range;
}

export interface Call {
  id: number;
  range: Range;
  calleeRange: Range;
  /** Dotted callee as written when it is a name/attribute chain (`pd.read_csv`, `self.log.info`), else null. */
  calleeText: string | null;
  /**
   * Callee resolved through imports and builtins: `pandas.read_csv`,
   * `builtins.print`, `console.log` (the global console only). Null when the
   * head is a local or unknown name (`model.fit`).
   */
  callee: string | null;
  /** The last segment of the callee (`fit` in `model.fit(...)`), or null. */
  method: string | null;
  /** Dotted text of the receiver of a method call (`model` in `model.fit`), or null. */
  receiverText: string | null;
  args: Arg[];
  /** Innermost enclosing function/module scope. */
  scope: number;
  /** Enclosing loops, outermost first (ids into `loops`). */
  loops: number[];
  /** Innermost enclosing except/catch handler, or null. */
  handler: number | null;
  /** The statement that contains this call. */
  statement: number;
  /** Names the call's result is assigned to (`df = pd.read_csv(...)` → ["df"]). */
  assignedTo: string[];
  /** Callback functions passed as arguments (JS `app.get("/", (req, res) => …)`): scope ids. */
  callbackScopes: number[];
}

export type LogKind = "print" | "console" | "logger" | "warnings";

export type LogLevel = "debug" | "info" | "warning" | "error" | "critical";

/** A place that writes log or console output. */
export interface LogSite {
  kind: LogKind;
  /** Normalised level; print/pprint are null (not yet a log). */
  level: LogLevel | null;
  /** The method or function name as written (`print`, `pprint`, `log`, `exception`, `warn`). */
  method: string;
  /** The range a finding points at (the callee for prints, the member expression for console). */
  range: Range;
  /** Index into `calls` when the site is a call, else null (`console.log.bind(console)`). */
  call: number | null;
  /** Logs the active exception's traceback (`logger.exception`, `exc_info=True`, an Error passed in JS). */
  hasTraceback: boolean;
  /** The receiver's dotted text for logger calls (`logger`, `self.log`, `logging`). */
  receiverText: string | null;
  /** Root-logger call (`logging.info(...)`). */
  isRoot: boolean;
}

export interface Loop {
  id: number;
  kind: "for" | "while" | "comprehension" | "method";
  range: Range;
  /** Loop target names (`epoch` in `for epoch in range(n)`). */
  targets: string[];
  /** What it iterates over (`range(n)`, `loader`, a literal list), when it is a for loop. */
  iter: Expr | null;
  parent: number | null;
  depth: number;
  scope: number;
  body: number;
  statement: number;
}

export interface Handler {
  id: number;
  range: Range;
  /** Exception types as written (`ValueError`, `(KeyError, IndexError)` → both); empty for bare except / catch. */
  types: string[];
  /** Bound name (`e` in `except X as e` / `catch (e)`), or null. */
  name: string | null;
  body: number;
  scope: number;
  statement: number;
}

export type StatementKind =
  | "expr"
  | "assign"
  | "return"
  | "raise"
  | "throw"
  | "if"
  | "for"
  | "while"
  | "try"
  | "with"
  | "function"
  | "class"
  | "import"
  | "pass"
  | "continue"
  | "break"
  | "assert"
  | "delete"
  | "global"
  | "match"
  | "other";

export interface Statement {
  id: number;
  kind: StatementKind;
  range: Range;
  /** The block the statement stands in, and its index there. */
  block: number;
  index: number;
  /** Child blocks (if/else bodies, loop bodies, try/except/finally, with bodies, nested functions' bodies). */
  blocks: number[];
  /** The test of `if`/`while`/`assert`, the value of `return`/`raise`/`throw`, else null. */
  expr: Expr | null;
  /** Names read in the statement's own header (the test, the returned value), not in child blocks. */
  names: string[];
  /** Names bound by assignment (`x = …`, `x, y = …`, `const {a} = …`). */
  targets: string[];
}

export type BlockKind =
  | "module"
  | "function"
  | "class"
  | "if"
  | "else"
  | "loop"
  | "loop-else"
  | "try"
  | "except"
  | "try-else"
  | "finally"
  | "with"
  | "case"
  | "other";

export interface Block {
  id: number;
  kind: BlockKind;
  /** Statement owning the block (null for the module). */
  owner: number | null;
  statements: number[];
  scope: number;
  range: Range;
}

export interface Comment {
  range: Range;
  /** Text without the comment markers (`#`, `//`, or the block-comment delimiters). */
  value: string;
  /** 1-based line the comment starts on. */
  line: number;
}

/** Where a comment is, in UTF-16 offsets, as a parser reports it before any model exists. */
export interface CommentSpan {
  start: number;
  end: number;
}

export interface FileModel {
  /** Path as handed to the frontend. */
  path: string;
  language: Language;
  text: string;
  /** Offsets where each line starts; lineStarts[0] === 0. */
  lineStarts: number[];
  role: FileRole;
  imports: ImportBinding[];
  scopes: Scope[];
  blocks: Block[];
  statements: Statement[];
  calls: Call[];
  logSites: LogSite[];
  loops: Loop[];
  handlers: Handler[];
  comments: Comment[];
  /** The `if __name__ == "__main__":` block (Python), or null. */
  mainBlock: number | null;
  /** JS/TS: module system of the file, for the codemod. */
  moduleSystem: "esm" | "cjs" | null;
}

/** Facts computed once per run across files. */
export interface ProjectModel {
  root: string;
  entryPoints: string[];
  /** Logger module the project already has (`src/logger.ts`, `myapp/log.py`), if any. */
  loggerModules: string[];
  /** Request-logging middleware or access-log configuration was found. */
  hasRequestLogging: boolean;
  /** Logging is configured somewhere (`logging.basicConfig`, `dictConfig`, a pino/winston root). */
  hasLoggingConfig: boolean;
  /** Functions called right next to an INFO log somewhere: stages inside them are logged by the caller. */
  loggedCallees: string[];
  /** Functions whose returned data a caller checks and fails on (step 5). */
  checkedCallees: string[];
  /** Shutdown is handled somewhere (a signal handler, `atexit`, a shutdown hook). */
  handlesShutdown: boolean;
  /** The configuration's `stages` section: markers added to the catalog, stages turned off. */
  stages?: StageConfig;
}

export interface TextEdit {
  range: Range;
  text: string;
}

export interface Fix {
  /** What the fix does ("Replace with `logger.debug`"). */
  title: string;
  edits: TextEdit[];
  /** What a reviewer should know about a choice the fix made (a level other than DEBUG, an eager `format()`). */
  notes?: string[];
}

/** A syntax or read error: the file could not be modelled. */
export class ParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = "ParseError";
  }
}
