/**
 * Recursive-descent Python parser that emits the FileModel directly: no
 * syntax tree is built. Statements and expressions are fully parsed (so
 * syntax errors are found where CPython finds them), but expressions are
 * only kept as `Expr` summaries.
 *
 * Choices where the model leaves room:
 * - Comprehension loops (`kind: "comprehension"`, one per `for` clause) have
 *   `body: -1`: they own no block. Their `range` is the whole comprehension
 *   (brackets included; for a bare generator argument, without the call's
 *   parentheses). Calls in the element and in later clauses list the
 *   comprehension's loops in `loops`; calls in the first iterable do not
 *   (it is evaluated once, outside).
 * - `loops` and `handler` of a call, and a loop's `depth`/`parent`, restart at
 *   every def, class and lambda: a function defined in a loop does not run
 *   per iteration.
 * - A lambda gets a scope (kind "lambda") whose `body` is an empty block of
 *   kind "other" covering the lambda's expression, owned by the statement the
 *   lambda is in.
 * - `Statement.expr` is also set for expression statements (the expression)
 *   and for `match` (the subject). `Statement.targets` lists what the
 *   statement binds: assignment targets (dotted for attributes, subscripts
 *   left out), for/with targets, imported names, def/class names, deleted
 *   names, the `type` alias name.
 * - A def/class statement's range starts at its first decorator; its scope's
 *   range starts at `def`/`async`/`class`.
 * - `Call.scope` is the innermost scope of any kind (a call in a class body
 *   has the class scope; decorators, defaults and annotations run in the
 *   enclosing scope and get that).
 * - `callee` resolution: the innermost scope that binds the head name decides
 *   (class scopes only for code directly in the class body; `global` and
 *   `nonlocal` are followed; comprehension targets count inside the
 *   comprehension). If that scope imports the name, the import wins even when
 *   the scope also assigns it (`try: import simplejson as json / except
 *   ImportError: json = None`); the import used is the last one before the
 *   call, or the first one when the call comes before all of them. Otherwise a
 *   binding makes the callee null; an unbound builtin name gives
 *   `builtins.<name>`. Decorators resolve through imports only (per the
 *   model's doc), so `@property` has `resolved: null`.
 * - Calls are numbered in the order of their opening parenthesis (`f()()`:
 *   the inner `f()` first); loops in the order their clause is parsed.
 * - A `while` test is not inside its own loop (only the body is).
 * - `assignedTo` is set for `=`, chained `=`, augmented and annotated
 *   assignments and walrus, also through `await` (`df = await load()`); not
 *   for `with … as f`.
 * - Expr: `and`/`or` are `binop`s; a chained comparison nests to the left;
 *   `-1` is a `unary`; tuples, sets, comprehensions, subscripts, slices,
 *   lambdas, conditional expressions, `await`, complex numbers, bytes and `...`
 *   are `other`. A parenthesised expression has the range of its content.
 *   String values are decoded (escapes, implicit concatenation) except
 *   `\N{NAME}`, kept as written. An f-string `{x=}` becomes the text `x=` and
 *   `x` with conversion `r` (as CPython does); `spec` is the spec's source
 *   text (`>{width}`); an expression part's `range` includes the braces.
 * - Empty array fields (a call's assignedTo/callbackScopes, a statement's
 *   blocks/names/targets) may be one shared frozen array: the model is
 *   read-only for its readers.
 */
import type {
  Arg,
  Block,
  BlockKind,
  Call,
  Decorator,
  Expr,
  FormatPart,
  Handler,
  ImportBinding,
  Loop,
  Range,
  Scope,
  ScopeKind,
  Statement,
  StatementKind,
} from "../../model/types.js";
import { PYTHON_BUILTINS } from "./builtins.js";
import { lineColAt } from "../../model/source.js";
import { syntaxError } from "./errors.js";
import { decodeBody } from "./strings.js";
import { AUG_FIRST, AUG_LAST, Tok, type TokenizerError, type Tokens } from "./tokenizer.js";

const EMPTY: number[] = [];
/**
 * Shared, frozen empty arrays for model fields that are usually empty (a
 * call's assignedTo/callbackScopes, a statement's blocks/names/targets): a
 * third fewer allocations per call. The model is read-only for its readers.
 */
const NONE_NUM = Object.freeze([]) as unknown as number[];
const NONE_STR = Object.freeze([]) as unknown as string[];
/** Placeholder range of a record whose end is not known yet (always replaced). */
const PENDING: Range = Object.freeze([0, 0] as const);

// Binding flags per scope and name.
const B_LOCAL = 1;
const B_IMPORT = 2;
const B_GLOBAL = 4;
const B_NONLOCAL = 8;

// Kinds of `other` expressions the parser needs to recognise later.
const K_SUB = 1;
const K_STAR = 2;
const K_TUPLE = 3;
const K_AWAIT = 4;

// Target contexts.
const CTX_ASSIGN = 0;
const CTX_DEL = 1;
const CTX_COMP = 2;

interface Info {
  k: number;
  sub: Expr[];
}

interface ScopeInfo {
  kind: ScopeKind;
  parent: number | null;
  bindings: Map<string, number>;
  imports: Map<string, number[]> | null;
}

interface CompBinding {
  start: number;
  end: number;
  names: string[];
  scope: number;
}

interface PendingDecorator {
  dec: Decorator;
  head: string | null;
  rest: string;
  scope: number;
  pos: number;
}

/** Binary operator precedence (0: not a binary operator). */
const PREC = new Uint8Array(256);
const OPS: string[] = [];
function op(k: Tok, prec: number, s: string): void {
  PREC[k] = prec;
  OPS[k] = s;
}
op(Tok.VBAR, 1, "|");
op(Tok.CIRCUMFLEX, 2, "^");
op(Tok.AMPER, 3, "&");
op(Tok.LEFTSHIFT, 4, "<<");
op(Tok.RIGHTSHIFT, 4, ">>");
op(Tok.PLUS, 5, "+");
op(Tok.MINUS, 5, "-");
op(Tok.STAR, 6, "*");
op(Tok.SLASH, 6, "/");
op(Tok.DOUBLESLASH, 6, "//");
op(Tok.PERCENT, 6, "%");
op(Tok.AT, 6, "@");

/** Tokens that can start an expression (for optional expressions and trailing commas). */
const CAN_START = new Uint8Array(256);
for (const k of [
  Tok.NAME,
  Tok.NUMBER,
  Tok.STRING,
  Tok.FSTART,
  Tok.LPAR,
  Tok.LSQB,
  Tok.LBRACE,
  Tok.MINUS,
  Tok.PLUS,
  Tok.TILDE,
  Tok.NOT,
  Tok.LAMBDA,
  Tok.AWAIT,
  Tok.STAR,
  Tok.ELLIPSIS,
  Tok.TRUE,
  Tok.FALSE,
  Tok.NONE,
]) {
  CAN_START[k] = 1;
}

function other(s: number, e: number): Expr {
  return { type: "other", range: [s, e] };
}

/** Dotted text of a Name/Attribute chain, else null. */
export function dottedText(e: Expr): string | null {
  if (e.type === "name") return e.name;
  if (e.type === "attr") {
    const o = dottedText(e.object);
    return o === null ? null : o + "." + e.name;
  }
  return null;
}

function headName(e: Expr): string | null {
  while (e.type === "attr") e = e.object;
  return e.type === "name" ? e.name : null;
}

export class Parser {
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly nonAscii: Set<number> | null;
  private readonly tokError: TokenizerError | null;
  p = 0;
  /** Current token kind. Typed so that TypeScript does not keep narrowing it across `next()`. */
  tk: Tok | (number & {});

  imports: ImportBinding[] = [];
  scopes: Scope[] = [];
  blocks: Block[] = [];
  statements: Statement[] = [];
  calls: Call[] = [];
  loops: Loop[] = [];
  handlers: Handler[] = [];
  mainBlock: number | null = null;

  scope = 0;
  block = 0;
  stmt = -1;
  loopStack: number[] = EMPTY;
  handler: number | null = null;
  lastStmtEnd = 0;

  private sinfo: ScopeInfo[] = [];
  private info = new Map<Expr, Info>();
  private nNames: string[] = [];
  private nPos: number[] = [];
  private nTop = 0;
  private callHead: (string | null)[] = [];
  private callRest: string[] = [];
  private decs: PendingDecorator[] = [];
  private comps: CompBinding[] = [];
  private compNames = new Set<string>();
  private lastLambda: Expr | null = null;
  private lastLambdaScope = -1;

  constructor(
    readonly text: string,
    readonly lineStarts: readonly number[],
    tokens: Tokens,
  ) {
    this.kinds = tokens.kinds;
    this.starts = tokens.starts;
    this.ends = tokens.ends;
    this.nonAscii = tokens.nonAsciiNames;
    this.tokError = tokens.error;
    this.tk = this.kinds[0]!;
  }

  // ---------------------------------------------------------------- helpers

  fail(message: string, offset: number): never {
    const te = this.tokError;
    if (te !== null) {
      // The parser got to where the tokenizer failed: that error comes first.
      if (this.tk === Tok.ERRORTOKEN) throw te.error;
      // A bracket left open on an earlier line explains a later error better.
      if (te.openedAt >= 0 && this.lineOf(offset) > this.lineOf(te.openedAt)) throw te.error;
    }
    throw syntaxError(this.lineStarts, message, offset);
  }

  private readonly failFn = (message: string, offset: number): never => this.fail(message, offset);

  next(): void {
    this.tk = this.kinds[++this.p]!;
  }

  get start(): number {
    return this.starts[this.p]!;
  }

  get prevEnd(): number {
    return this.ends[this.p - 1]!;
  }

  describe(i: number): string {
    switch (this.kinds[i] as Tok) {
      case Tok.NEWLINE:
        return "newline";
      case Tok.INDENT:
        return "indent";
      case Tok.DEDENT:
        return "dedent";
      case Tok.EOF:
        return "end of file";
      default: {
        const s = this.starts[i]!;
        const e = Math.min(this.ends[i]!, s + 40);
        return `token '${this.text.slice(s, e)}'`;
      }
    }
  }

  unexpected(): never {
    if (this.tk === Tok.INDENT) this.fail("unexpected indent", this.start);
    this.fail(`unexpected ${this.describe(this.p)}`, this.start);
  }

  expect(k: Tok, what: string): void {
    if (this.tk !== k) {
      if (this.tk === Tok.INDENT) this.fail("unexpected indent", this.start);
      this.fail(`expected ${what}, found ${this.describe(this.p)}`, this.start);
    }
  }

  nameText(i: number): string {
    const s = this.starts[i]!;
    const t = this.text.slice(s, this.ends[i]);
    return this.nonAscii !== null && this.nonAscii.has(s) ? t.normalize("NFKC") : t;
  }

  isName(text: string): boolean {
    const s = this.starts[this.p]!;
    return this.tk === Tok.NAME && this.ends[this.p]! - s === text.length && this.text.startsWith(text, s);
  }

  lineOf(offset: number): number {
    return lineColAt(this.lineStarts, offset).line;
  }

  // ------------------------------------------------------- names collector

  private pushName(name: string, pos: number): void {
    this.nNames[this.nTop] = name;
    this.nPos[this.nTop] = pos;
    this.nTop++;
  }

  private takeNames(mark: number): string[] {
    const top = this.nTop;
    if (top === mark) return NONE_STR;
    const out: string[] = [];
    if (top - mark > 24) {
      const seen = new Set<string>();
      for (let i = mark; i < top; i++) {
        const n = this.nNames[i]!;
        if (!seen.has(n)) {
          seen.add(n);
          out.push(n);
        }
      }
    } else {
      for (let i = mark; i < top; i++) {
        const n = this.nNames[i]!;
        if (!out.includes(n)) out.push(n);
      }
    }
    this.nTop = mark;
    return out;
  }

  private removeNameAt(pos: number): void {
    for (let i = this.nTop - 1; i >= 0; i--) {
      if (this.nPos[i] === pos) {
        for (let j = i + 1; j < this.nTop; j++) {
          this.nNames[j - 1] = this.nNames[j]!;
          this.nPos[j - 1] = this.nPos[j]!;
        }
        this.nTop--;
        return;
      }
    }
  }

  private removeNamesIn(mark: number, names: readonly string[]): void {
    if (names.length === 0) return;
    let w = mark;
    for (let i = mark; i < this.nTop; i++) {
      if (!names.includes(this.nNames[i]!)) {
        this.nNames[w] = this.nNames[i]!;
        this.nPos[w] = this.nPos[i]!;
        w++;
      }
    }
    this.nTop = w;
  }

  // ------------------------------------------------------ model builders

  private newScope(kind: ScopeKind, name: string): Scope {
    const id = this.scopes.length;
    const parent = this.scopes.length === 0 ? null : this.scope;
    const sc: Scope = {
      id,
      kind,
      name,
      range: PENDING,
      parent,
      decorators: [],
      params: [],
      isAsync: false,
      body: -1,
    };
    this.scopes.push(sc);
    this.sinfo.push({ kind, parent, bindings: new Map(), imports: null });
    return sc;
  }

  private newBlock(kind: BlockKind, owner: number | null): number {
    const id = this.blocks.length;
    this.blocks.push({ id, kind, owner, statements: [], scope: this.scope, range: PENDING });
    if (owner !== null) {
      const st = this.statements[owner]!;
      if (st.blocks === NONE_NUM) st.blocks = [id];
      else st.blocks.push(id);
    }
    return id;
  }

  private begin(kind: StatementKind): Statement {
    const id = this.statements.length;
    const b = this.blocks[this.block]!;
    const st: Statement = {
      id,
      kind,
      range: PENDING,
      block: this.block,
      index: b.statements.length,
      blocks: NONE_NUM,
      expr: null,
      names: NONE_STR,
      targets: NONE_STR,
    };
    this.statements.push(st);
    b.statements.push(id);
    this.stmt = id;
    // Expression kinds are only looked up within the statement that made them.
    if (this.info.size > 0) this.info.clear();
    return st;
  }

  private bind(name: string, flag = B_LOCAL): void {
    const m = this.sinfo[this.scope]!.bindings;
    m.set(name, (m.get(name) ?? 0) | flag);
  }

  private tuple(s: number, elts: Expr[]): Expr {
    const e = other(s, this.prevEnd);
    this.info.set(e, { k: K_TUPLE, sub: elts });
    return e;
  }

  private kindOf(e: Expr): number {
    if (e.type !== "other") return 0;
    const i = this.info.get(e);
    return i === undefined ? 0 : i.k;
  }

  // ------------------------------------------------------------ statements

  parseModule(): void {
    const n = this.text.length;
    const sc = this.newScope("module", "");
    sc.range = [0, n];
    this.newBlock("module", null);
    sc.body = 0;
    this.blocks[0]!.range = [0, n];
    while (this.tk !== Tok.EOF) this.statement();
    this.resolve();
  }

  private statement(): void {
    const start = this.start;
    switch (this.tk) {
      case Tok.IF:
        this.ifStmt(start);
        return;
      case Tok.WHILE:
        this.whileStmt(start);
        return;
      case Tok.FOR:
        this.forStmt(start);
        return;
      case Tok.TRY:
        this.tryStmt(start);
        return;
      case Tok.WITH:
        this.withStmt(start);
        return;
      case Tok.DEF:
      case Tok.CLASS:
      case Tok.AT:
        this.decorated(start);
        return;
      case Tok.ASYNC: {
        const k = this.kinds[this.p + 1];
        if (k === Tok.DEF) this.decorated(start);
        else if (k === Tok.FOR) this.forStmt(start);
        else if (k === Tok.WITH) this.withStmt(start);
        else this.unexpected();
        return;
      }
      case Tok.NAME:
        if (this.isName("match") && this.isMatchStatement()) {
          this.matchStmt(start);
          return;
        }
        break;
      case Tok.INDENT:
        this.fail("unexpected indent", start);
    }
    this.simpleStatements();
  }

  private simpleStatements(): void {
    for (;;) {
      this.simpleStatement();
      if (this.tk === Tok.SEMI) {
        this.next();
        if (this.tk === Tok.NEWLINE) break;
        continue;
      }
      break;
    }
    if (this.tk !== Tok.NEWLINE) {
      this.unexpected();
    }
    this.next();
  }

  private simpleStatement(): void {
    const start = this.start;
    const mark = this.nTop;
    let st: Statement;
    switch (this.tk) {
      case Tok.PASS:
        st = this.begin("pass");
        this.next();
        break;
      case Tok.BREAK:
        st = this.begin("break");
        this.next();
        break;
      case Tok.CONTINUE:
        st = this.begin("continue");
        this.next();
        break;
      case Tok.RETURN:
        st = this.begin("return");
        this.next();
        if (CAN_START[this.tk]) st.expr = this.starExpressions();
        break;
      case Tok.RAISE:
        st = this.begin("raise");
        this.next();
        if (CAN_START[this.tk]) {
          st.expr = this.expression();
          if (this.tk === Tok.FROM) {
            this.next();
            this.expression();
          }
        }
        break;
      case Tok.GLOBAL:
      case Tok.NONLOCAL: {
        st = this.begin("global");
        const flag = this.tk === Tok.GLOBAL ? B_GLOBAL : B_NONLOCAL;
        this.next();
        for (;;) {
          this.expect(Tok.NAME, "a name");
          this.bind(this.nameText(this.p), flag);
          this.next();
          if (this.tk !== Tok.COMMA) break;
          this.next();
        }
        break;
      }
      case Tok.DEL: {
        st = this.begin("delete");
        this.next();
        const targets: string[] = [];
        for (;;) {
          const e = this.binary(1);
          this.checkTarget(e, CTX_DEL, targets);
          if (this.tk !== Tok.COMMA) break;
          this.next();
          if (!CAN_START[this.tk]) break;
        }
        st.targets = targets;
        break;
      }
      case Tok.ASSERT:
        st = this.begin("assert");
        this.next();
        st.expr = this.expression();
        if (this.tk === Tok.COMMA) {
          this.next();
          this.expression();
        }
        break;
      case Tok.IMPORT:
        st = this.begin("import");
        this.importStmt(st);
        break;
      case Tok.FROM:
        st = this.begin("import");
        this.fromImport(st);
        break;
      case Tok.NAME:
        if (this.kinds[this.p + 1] === Tok.NAME && this.isName("type")) {
          st = this.begin("other");
          this.typeAlias(st);
          break;
        }
        st = this.exprStatement();
        break;
      default:
        st = this.exprStatement();
    }
    const end = this.prevEnd;
    st.range = [start, end];
    st.names = this.takeNames(mark);
    this.lastStmtEnd = end;
  }

  private exprStatement(): Statement {
    const st = this.begin("expr");
    const e = this.tk === Tok.YIELD ? this.yieldExpr() : this.starExpressions();
    const tk = this.tk;
    if (tk === Tok.EQUAL) {
      st.kind = "assign";
      const targets = [e];
      let value: Expr;
      for (;;) {
        this.next();
        value = this.tk === Tok.YIELD ? this.yieldExpr() : this.starExpressions();
        if (this.tk !== Tok.EQUAL) break;
        targets.push(value);
      }
      const names: string[] = [];
      for (const t of targets) this.checkTarget(t, CTX_ASSIGN, names);
      st.targets = names;
      this.assignValue(value, names);
    } else if (tk >= AUG_FIRST && tk <= AUG_LAST) {
      st.kind = "assign";
      if (e.type !== "name" && e.type !== "attr" && this.kindOf(e) !== K_SUB) {
        const what =
          e.type === "call"
            ? "function call"
            : this.kindOf(e) === K_TUPLE
              ? "tuple"
              : e.type === "list"
                ? "list"
                : "expression";
        this.fail(`'${what}' is an illegal expression for augmented assignment`, e.range[0]);
      }
      const names: string[] = [];
      this.checkTarget(e, CTX_ASSIGN, names);
      this.next();
      const value = this.tk === Tok.YIELD ? this.yieldExpr() : this.starExpressions();
      st.targets = names;
      this.assignValue(value, names);
    } else if (tk === Tok.COLON) {
      st.kind = "assign";
      if (e.type !== "name" && e.type !== "attr" && this.kindOf(e) !== K_SUB) {
        if (this.kindOf(e) === K_TUPLE) this.fail("only single target (not tuple) can be annotated", e.range[0]);
        if (e.type === "list") this.fail("only single target (not list) can be annotated", e.range[0]);
        this.fail("illegal target for annotation", e.range[0]);
      }
      const names: string[] = [];
      this.checkTarget(e, CTX_ASSIGN, names);
      st.targets = names;
      this.next();
      this.expression();
      if (this.tk === Tok.EQUAL) {
        this.next();
        const value = this.tk === Tok.YIELD ? this.yieldExpr() : this.starExpressions();
        this.assignValue(value, names);
      }
    } else {
      if (e.type === "name" && (e.name === "print" || e.name === "exec") && CAN_START[tk] && tk !== Tok.LPAR) {
        this.fail(`Missing parentheses in call to '${e.name}'. Did you mean ${e.name}(...)?`, e.range[0]);
      }
      st.expr = e;
    }
    return st;
  }

  /** `df = pd.read_csv(p)`: the call learns what it is assigned to. */
  private assignValue(value: Expr, names: string[]): void {
    let v = value;
    if (v.type === "other") {
      const i = this.info.get(v);
      if (i !== undefined && i.k === K_AWAIT) v = i.sub[0]!;
    }
    if (v.type === "call") this.calls[v.call]!.assignedTo = names.slice();
  }

  /** Validates an assignment/for/with/del/comprehension target and binds its names. */
  private checkTarget(e: Expr, ctx: number, out: string[]): void {
    const verb = ctx === CTX_DEL ? "delete" : "assign to";
    switch (e.type) {
      case "name":
        if (e.name === "__debug__") this.fail(`cannot ${verb} __debug__`, e.range[0]);
        if (ctx !== CTX_COMP) this.bind(e.name);
        this.removeNameAt(e.range[0]);
        out.push(e.name);
        return;
      case "attr":
        out.push(dottedText(e) ?? this.text.slice(e.range[0], e.range[1]));
        return;
      case "list":
        for (const el of e.elements) this.checkTarget(el, ctx, out);
        return;
      case "other": {
        const i = this.info.get(e);
        if (i !== undefined) {
          if (i.k === K_SUB) return;
          if (i.k === K_TUPLE) {
            for (const el of i.sub) this.checkTarget(el, ctx, out);
            return;
          }
          if (i.k === K_STAR) {
            if (ctx === CTX_DEL) this.fail("cannot delete starred", e.range[0]);
            this.checkTarget(i.sub[0]!, ctx, out);
            return;
          }
        }
        this.fail(`cannot ${verb} expression`, e.range[0]);
      }
      // falls through (unreachable)
      case "call":
        this.fail(`cannot ${verb} function call`, e.range[0]);
      // falls through (unreachable)
      case "none":
        this.fail(`cannot ${verb} None`, e.range[0]);
      // falls through (unreachable)
      case "bool":
        this.fail(`cannot ${verb} ${e.value ? "True" : "False"}`, e.range[0]);
      // falls through (unreachable)
      case "str":
      case "fstring":
      case "num":
        this.fail(`cannot ${verb} literal`, e.range[0]);
      // falls through (unreachable)
      default:
        this.fail(`cannot ${verb} expression`, e.range[0]);
    }
  }

  private importStmt(st: Statement): void {
    this.next();
    const targets: string[] = [];
    for (;;) {
      const s = this.start;
      const name = this.dottedName();
      let local: string;
      let target: string;
      if (this.tk === Tok.AS) {
        this.next();
        this.expect(Tok.NAME, "a name after 'as'");
        local = this.nameText(this.p);
        this.next();
        target = name;
      } else {
        const dot = name.indexOf(".");
        local = target = dot < 0 ? name : name.slice(0, dot);
      }
      this.addImport(local, target, target, s, st.id);
      targets.push(local);
      if (this.tk !== Tok.COMMA) break;
      this.next();
    }
    st.targets = targets;
  }

  private dottedName(): string {
    this.expect(Tok.NAME, "a module name");
    let s = this.nameText(this.p);
    this.next();
    while (this.tk === Tok.DOT) {
      this.next();
      this.expect(Tok.NAME, "a name after '.'");
      s += "." + this.nameText(this.p);
      this.next();
    }
    return s;
  }

  private fromImport(st: Statement): void {
    this.next();
    let mod = "";
    while (this.tk === Tok.DOT || this.tk === Tok.ELLIPSIS) {
      mod += this.tk === Tok.DOT ? "." : "...";
      this.next();
    }
    if (this.tk === Tok.NAME) mod += this.dottedName();
    else if (mod === "") this.unexpected();
    this.expect(Tok.IMPORT, "'import'");
    this.next();
    if (this.tk === Tok.STAR) {
      this.next();
      return;
    }
    const paren = this.tk === Tok.LPAR;
    if (paren) this.next();
    const targets: string[] = [];
    for (;;) {
      const s = this.start;
      this.expect(Tok.NAME, "a name to import");
      const name = this.nameText(this.p);
      this.next();
      let local = name;
      if (this.tk === Tok.AS) {
        this.next();
        this.expect(Tok.NAME, "a name after 'as'");
        local = this.nameText(this.p);
        this.next();
      }
      const target = mod.endsWith(".") ? mod + name : mod + "." + name;
      this.addImport(local, target, mod, s, st.id);
      targets.push(local);
      if (this.tk !== Tok.COMMA) break;
      this.next();
      if (paren && this.tk === Tok.RPAR) break;
      if (!paren && this.tk !== Tok.NAME) {
        this.fail("trailing comma not allowed without surrounding parentheses", this.start);
      }
    }
    if (paren) {
      this.expect(Tok.RPAR, "')'");
      this.next();
    }
    st.targets = targets;
  }

  private addImport(local: string, target: string, module: string, s: number, stmt: number): void {
    const idx = this.imports.length;
    this.imports.push({ local, target, module, range: [s, this.prevEnd], statement: stmt });
    this.bind(local, B_IMPORT);
    const si = this.sinfo[this.scope]!;
    const m = (si.imports ??= new Map());
    const list = m.get(local);
    if (list === undefined) m.set(local, [idx]);
    else list.push(idx);
  }

  private typeAlias(st: Statement): void {
    this.next(); // 'type'
    const name = this.nameText(this.p);
    this.bind(name);
    this.next();
    if (this.tk === Tok.LSQB) this.typeParams();
    this.expect(Tok.EQUAL, "'='");
    this.next();
    this.expression();
    st.targets = [name];
  }

  private typeParams(): void {
    this.next(); // '['
    for (;;) {
      if (this.tk === Tok.STAR || this.tk === Tok.DOUBLESTAR) this.next();
      this.expect(Tok.NAME, "a type parameter name");
      this.next();
      if (this.tk === Tok.COLON) {
        this.next();
        this.expression();
      }
      if (this.tk === Tok.EQUAL) {
        this.next();
        if (this.tk === Tok.STAR) {
          this.next();
          this.bitOr();
        } else this.expression();
      }
      if (this.tk !== Tok.COMMA) break;
      this.next();
      if (this.tk === Tok.RSQB) break;
    }
    this.expect(Tok.RSQB, "']'");
    this.next();
  }

  /** A block after ':' — an indented suite or simple statements on the same line. */
  private suite(kind: BlockKind, owner: Statement, what: string, headerStart: number): number {
    const id = this.newBlock(kind, owner.id);
    const savedBlock = this.block;
    const savedStmt = this.stmt;
    this.block = id;
    let start: number;
    if (this.tk === Tok.NEWLINE) {
      this.next();
      if (this.tk !== Tok.INDENT) {
        this.fail(`expected an indented block after ${what} on line ${this.lineOf(headerStart)}`, this.start);
      }
      this.next();
      start = this.start;
      while (this.tk !== Tok.DEDENT) this.statement();
      this.next();
    } else {
      start = this.start;
      if (this.tk === Tok.EOF) this.unexpected();
      this.simpleStatements();
    }
    this.blocks[id]!.range = [start, this.lastStmtEnd];
    this.block = savedBlock;
    this.stmt = savedStmt;
    return id;
  }

  private colon(): void {
    this.expect(Tok.COLON, "':'");
    this.next();
  }

  private ifStmt(start: number): void {
    const st = this.begin("if");
    const mark = this.nTop;
    this.next();
    const test = this.namedExpr();
    st.expr = test;
    this.colon();
    st.names = this.takeNames(mark);
    const body = this.suite("if", st, "'if' statement", start);
    if (this.mainBlock === null && st.block === 0 && isMainTest(test)) this.mainBlock = body;
    if (this.tk === Tok.ELIF) {
      const s = this.start;
      const eb = this.newBlock("else", st.id);
      const savedBlock = this.block;
      this.block = eb;
      this.ifStmt(s);
      this.blocks[eb]!.range = [s, this.lastStmtEnd];
      this.block = savedBlock;
      this.stmt = st.id;
    } else if (this.tk === Tok.ELSE) {
      const s = this.start;
      this.next();
      this.colon();
      this.suite("else", st, "'else' statement", s);
    }
    st.range = [start, this.lastStmtEnd];
  }

  private newLoop(kind: Loop["kind"], start: number, targets: string[], iter: Expr | null): Loop {
    const id = this.loops.length;
    const ls = this.loopStack;
    const loop: Loop = {
      id,
      kind,
      range: PENDING,
      targets,
      iter,
      parent: ls.length > 0 ? ls[ls.length - 1]! : null,
      depth: ls.length + 1,
      scope: this.scope,
      body: -1,
      statement: this.stmt,
    };
    this.loops.push(loop);
    return loop;
  }

  private whileStmt(start: number): void {
    const st = this.begin("while");
    const mark = this.nTop;
    this.next();
    st.expr = this.namedExpr();
    this.colon();
    st.names = this.takeNames(mark);
    this.loopBody(st, this.newLoop("while", start, [], null), start, "'while' statement");
  }

  private loopBody(st: Statement, loop: Loop, start: number, what: string): void {
    const saved = this.loopStack;
    this.loopStack = saved.concat(loop.id);
    loop.body = this.suite("loop", st, what, start);
    this.loopStack = saved;
    loop.range = [start, this.lastStmtEnd];
    if (this.tk === Tok.ELSE) {
      const s = this.start;
      this.next();
      this.colon();
      this.suite("loop-else", st, "'else' statement", s);
    }
    st.range = [start, this.lastStmtEnd];
  }

  private forStmt(start: number): void {
    const st = this.begin("for");
    const mark = this.nTop;
    if (this.tk === Tok.ASYNC) this.next();
    this.next(); // 'for'
    const target = this.targetList();
    const targets: string[] = [];
    this.checkTarget(target, CTX_ASSIGN, targets);
    st.targets = targets;
    this.expect(Tok.IN, "'in'");
    this.next();
    const iter = this.starExpressions();
    this.colon();
    st.names = this.takeNames(mark);
    this.loopBody(st, this.newLoop("for", start, targets, iter), start, "'for' statement");
  }

  private tryStmt(start: number): void {
    const st = this.begin("try");
    this.next();
    this.colon();
    this.suite("try", st, "'try' statement", start);
    let plain = false;
    let star = false;
    let count = 0;
    while (this.tk === Tok.EXCEPT) {
      const hs = this.start;
      this.next();
      let isStar = false;
      if (this.tk === Tok.STAR) {
        isStar = true;
        this.next();
      }
      if (isStar ? plain : star) this.fail("cannot have both 'except' and 'except*' on the same 'try'", hs);
      if (isStar) star = true;
      else plain = true;
      const mark = this.nTop;
      let types: string[] = [];
      let name: string | null = null;
      if (this.tk !== Tok.COLON) {
        const e = this.expression();
        types = this.typeTexts(e);
        if (this.tk === Tok.COMMA) this.fail("multiple exception types must be parenthesized", e.range[0]);
        if (this.tk === Tok.AS) {
          this.next();
          this.expect(Tok.NAME, "a name after 'as'");
          name = this.nameText(this.p);
          this.bind(name);
          this.next();
        }
      } else if (isStar) this.fail("expected one or more exception types", this.start);
      this.nTop = mark;
      this.colon();
      const id = this.handlers.length;
      const h: Handler = { id, range: PENDING, types, name, body: -1, scope: this.scope, statement: st.id };
      this.handlers.push(h);
      const saved = this.handler;
      this.handler = id;
      h.body = this.suite("except", st, "'except' statement", hs);
      this.handler = saved;
      h.range = [hs, this.lastStmtEnd];
      count++;
    }
    if (count === 0 && this.tk !== Tok.FINALLY) this.fail("expected 'except' or 'finally' block", this.start);
    if (this.tk === Tok.ELSE) {
      const s = this.start;
      this.next();
      this.colon();
      this.suite("try-else", st, "'else' statement", s);
    }
    if (this.tk === Tok.FINALLY) {
      const s = this.start;
      this.next();
      this.colon();
      this.suite("finally", st, "'finally' statement", s);
    }
    st.range = [start, this.lastStmtEnd];
  }

  private typeTexts(e: Expr): string[] {
    const i = e.type === "other" ? this.info.get(e) : undefined;
    const list = i !== undefined && i.k === K_TUPLE ? i.sub : [e];
    return list.map((x) => dottedText(x) ?? this.text.slice(x.range[0], x.range[1]));
  }

  private withStmt(start: number): void {
    const st = this.begin("with");
    const mark = this.nTop;
    if (this.tk === Tok.ASYNC) this.next();
    this.next(); // 'with'
    const targets: string[] = [];
    if (this.tk === Tok.LPAR && this.parenthesizedWithItems()) {
      this.next();
      for (;;) {
        this.withItem(targets);
        if (this.tk !== Tok.COMMA) break;
        this.next();
        if (this.tk === Tok.RPAR) break;
      }
      this.expect(Tok.RPAR, "')'");
      this.next();
    } else {
      for (;;) {
        this.withItem(targets);
        if (this.tk !== Tok.COMMA) break;
        this.next();
      }
    }
    this.colon();
    st.targets = targets;
    st.names = this.takeNames(mark);
    this.suite("with", st, "'with' statement", start);
    st.range = [start, this.lastStmtEnd];
  }

  private withItem(targets: string[]): void {
    this.expression();
    if (this.tk === Tok.AS) {
      this.next();
      const t = this.target();
      this.checkTarget(t, CTX_ASSIGN, targets);
    }
  }

  /** `with (a as b, c):` — the parenthesis closes right before the ':'. */
  private parenthesizedWithItems(): boolean {
    if (this.kinds[this.p + 1] === Tok.YIELD) return false;
    let depth = 0;
    for (let j = this.p; ; j++) {
      const k = this.kinds[j] as Tok;
      if (k === Tok.LPAR || k === Tok.LSQB || k === Tok.LBRACE) depth++;
      else if (k === Tok.RPAR || k === Tok.RSQB || k === Tok.RBRACE) {
        if (--depth === 0) return this.kinds[j + 1] === Tok.COLON;
      } else if (k === Tok.EOF || k === Tok.NEWLINE) return false;
    }
  }

  private decorated(start: number): void {
    const st = this.begin("function");
    const mark = this.nTop;
    const decorators: Decorator[] = [];
    while (this.tk === Tok.AT) {
      this.next();
      const es = this.start;
      const e = this.namedExpr();
      this.expect(Tok.NEWLINE, "a newline after the decorator");
      this.next();
      decorators.push(this.decorator(e, es));
    }
    if (this.tk === Tok.CLASS) {
      st.kind = "class";
      this.classDef(st, decorators, mark);
      st.range = [start, this.lastStmtEnd];
      return;
    }
    let isAsync = false;
    const defStart = this.start;
    if (this.tk === Tok.ASYNC && this.kinds[this.p + 1] === Tok.DEF) {
      isAsync = true;
      this.next();
    }
    this.expect(Tok.DEF, "'def' or 'class' after decorators");
    this.funcDef(st, decorators, isAsync, defStart, mark);
    st.range = [start, this.lastStmtEnd];
  }

  private decorator(e: Expr, es: number): Decorator {
    let text: string;
    let args: Arg[] = [];
    let head: string | null;
    let rest = "";
    if (e.type === "call") {
      const c = this.calls[e.call]!;
      text = c.calleeText ?? this.text.slice(c.calleeRange[0], c.calleeRange[1]);
      args = c.args;
      head = this.callHead[e.call]!;
      rest = this.callRest[e.call]!;
    } else {
      const d = dottedText(e);
      text = d ?? this.text.slice(e.range[0], e.range[1]);
      head = d === null ? null : headName(e);
      if (head !== null) rest = d!.slice(head.length);
    }
    const dec: Decorator = { text, resolved: null, args, range: [es, e.range[1]] };
    this.decs.push({ dec, head, rest, scope: this.scope, pos: es });
    return dec;
  }

  private funcDef(st: Statement, decorators: Decorator[], isAsync: boolean, defStart: number, mark: number): void {
    this.next(); // 'def'
    this.expect(Tok.NAME, "a function name");
    const name = this.nameText(this.p);
    this.bind(name);
    this.next();
    st.targets = [name];
    const sc = this.newScope("function", name);
    sc.isAsync = isAsync;
    sc.decorators = decorators;
    if (this.tk === Tok.LSQB) this.typeParams();
    this.expect(Tok.LPAR, "'('");
    this.next();
    const params = this.params(Tok.RPAR, true);
    this.expect(Tok.RPAR, "')'");
    this.next();
    if (this.tk === Tok.ARROW) {
      this.next();
      this.expression();
    }
    this.colon();
    st.names = this.takeNames(mark);
    sc.params = params;
    const savedScope = this.scope;
    const savedLoops = this.loopStack;
    const savedHandler = this.handler;
    this.scope = sc.id;
    this.loopStack = EMPTY;
    this.handler = null;
    for (const p of params) this.bind(p);
    sc.body = this.suite("function", st, "function definition", defStart);
    this.scope = savedScope;
    this.loopStack = savedLoops;
    this.handler = savedHandler;
    sc.range = [defStart, this.lastStmtEnd];
  }

  private classDef(st: Statement, decorators: Decorator[], mark: number): void {
    const classStart = this.start;
    this.next(); // 'class'
    this.expect(Tok.NAME, "a class name");
    const name = this.nameText(this.p);
    this.bind(name);
    this.next();
    st.targets = [name];
    const sc = this.newScope("class", name);
    sc.decorators = decorators;
    if (this.tk === Tok.LSQB) this.typeParams();
    if (this.tk === Tok.LPAR) {
      this.next();
      this.args(null, false);
      this.expect(Tok.RPAR, "')'");
      this.next();
    }
    this.colon();
    st.names = this.takeNames(mark);
    const savedScope = this.scope;
    const savedLoops = this.loopStack;
    const savedHandler = this.handler;
    this.scope = sc.id;
    this.loopStack = EMPTY;
    this.handler = null;
    sc.body = this.suite("class", st, "class definition", classStart);
    this.scope = savedScope;
    this.loopStack = savedLoops;
    this.handler = savedHandler;
    sc.range = [classStart, this.lastStmtEnd];
  }

  /** Parameters of a def (closer ')') or a lambda (closer ':'). */
  private params(closer: Tok, annotations: boolean): string[] {
    const names: string[] = [];
    let sawSlash = false;
    let sawStar = false;
    let sawDefault = false;
    let sawKwargs = false;
    let bareStar = -1;
    while (this.tk !== closer) {
      const ps = this.start;
      if (sawKwargs) this.fail("arguments cannot follow var-keyword argument", ps);
      if (this.tk === Tok.SLASH) {
        if (sawSlash) this.fail("/ may appear only once", ps);
        if (sawStar) this.fail("/ must be ahead of *", ps);
        if (names.length === 0) this.fail("at least one argument must precede /", ps);
        sawSlash = true;
        this.next();
      } else if (this.tk === Tok.STAR) {
        if (sawStar) this.fail("* argument may appear only once", ps);
        sawStar = true;
        this.next();
        if (this.tk === Tok.NAME) {
          names.push(this.nameText(this.p));
          this.next();
          if (annotations && this.tk === Tok.COLON) {
            this.next();
            if (this.tk === Tok.STAR) {
              this.next();
              this.bitOr();
            } else this.expression();
          }
        } else {
          if (this.tk !== Tok.COMMA) this.fail("named arguments must follow bare *", ps);
          bareStar = ps;
        }
      } else if (this.tk === Tok.DOUBLESTAR) {
        this.next();
        this.expect(Tok.NAME, "a parameter name");
        names.push(this.nameText(this.p));
        this.next();
        if (annotations && this.tk === Tok.COLON) {
          this.next();
          this.expression();
        }
        if (this.tk === Tok.EQUAL) this.fail("var-keyword argument cannot have default value", this.start);
        sawKwargs = true;
      } else if (this.tk === Tok.NAME) {
        names.push(this.nameText(this.p));
        this.next();
        if (annotations && this.tk === Tok.COLON) {
          this.next();
          this.expression();
        }
        if (this.tk === Tok.EQUAL) {
          this.next();
          this.expression();
          if (!sawStar) sawDefault = true;
        } else if (sawDefault && !sawStar) {
          this.fail("non-default argument follows default argument", ps);
        }
        bareStar = -1;
      } else this.unexpected();
      if (this.tk !== Tok.COMMA) break;
      this.next();
    }
    if (bareStar >= 0) this.fail("named arguments must follow bare *", bareStar);
    return names;
  }

  private isMatchStatement(): boolean {
    // `match <subject>:` NEWLINE INDENT — otherwise `match` is a plain name.
    const k1 = this.kinds[this.p + 1] as Tok;
    if (k1 === Tok.EQUAL || k1 === Tok.DOT || k1 === Tok.NEWLINE || k1 === Tok.COLON || k1 === Tok.RPAR) return false;
    if (k1 >= AUG_FIRST && k1 <= AUG_LAST) return false;
    let j = this.p + 1;
    while (this.kinds[j] !== Tok.NEWLINE && this.kinds[j] !== Tok.EOF) j++;
    return this.kinds[j - 1] === Tok.COLON && this.kinds[j + 1] === Tok.INDENT;
  }

  private matchStmt(start: number): void {
    const st = this.begin("match");
    const mark = this.nTop;
    this.next(); // 'match'
    const s = this.start;
    const first = this.starNamedExpr();
    if (this.tk === Tok.COMMA) {
      const elts = [first];
      while (this.tk === Tok.COMMA) {
        this.next();
        if (this.tk === Tok.COLON) break;
        elts.push(this.starNamedExpr());
      }
      st.expr = this.tuple(s, elts);
    } else {
      if (this.kindOf(first) === K_STAR) this.fail("cannot use starred expression here", first.range[0]);
      st.expr = first;
    }
    this.colon();
    st.names = this.takeNames(mark);
    this.expect(Tok.NEWLINE, "a newline");
    this.next();
    if (this.tk !== Tok.INDENT) {
      this.fail(`expected an indented block after 'match' statement on line ${this.lineOf(start)}`, this.start);
    }
    this.next();
    while (this.tk !== Tok.DEDENT) {
      if (!this.isName("case")) this.fail(`expected 'case', found ${this.describe(this.p)}`, this.start);
      const cs = this.start;
      this.next();
      const cmark = this.nTop;
      this.patterns();
      if (this.tk === Tok.IF) {
        this.next();
        this.namedExpr();
      }
      this.colon();
      this.nTop = cmark;
      this.suite("case", st, "'case' statement", cs);
    }
    this.next();
    st.range = [start, this.lastStmtEnd];
  }

  // -------------------------------------------------------------- patterns

  private patterns(): void {
    this.maybeStarPattern();
    while (this.tk === Tok.COMMA) {
      this.next();
      if (this.tk === Tok.COLON || this.tk === Tok.IF) break;
      this.maybeStarPattern();
    }
  }

  private captureName(): void {
    this.expect(Tok.NAME, "a name");
    const n = this.nameText(this.p);
    if (n !== "_") this.bind(n);
    this.next();
  }

  /** `(p, *rest)` or `[p, *rest]`: comma-separated patterns up to the closing bracket. */
  private sequencePattern(close: Tok, closeText: string): void {
    this.next();
    while (this.tk !== close) {
      this.maybeStarPattern();
      if (this.tk !== Tok.COMMA) break;
      this.next();
    }
    this.expect(close, closeText);
    this.next();
  }

  private maybeStarPattern(): void {
    if (this.tk === Tok.STAR) {
      this.next();
      this.captureName();
    } else this.pattern();
  }

  private pattern(): void {
    this.closedPattern();
    while (this.tk === Tok.VBAR) {
      this.next();
      this.closedPattern();
    }
    if (this.tk === Tok.AS) {
      this.next();
      this.expect(Tok.NAME, "a name after 'as'");
      if (this.isName("_")) this.fail("cannot use '_' as a target", this.start);
      this.captureName();
    }
  }

  private signedNumber(): void {
    if (this.tk === Tok.MINUS) this.next();
    this.expect(Tok.NUMBER, "a number");
    const real = this.p;
    this.next();
    if ((this.tk === Tok.PLUS || this.tk === Tok.MINUS) && this.kinds[this.p + 1] === Tok.NUMBER) {
      if (this.isImaginary(real)) this.fail("real number required in complex literal", this.starts[real]!);
      this.next();
      if (!this.isImaginary(this.p)) this.fail("imaginary number required in complex literal", this.start);
      this.next();
    }
  }

  private isImaginary(i: number): boolean {
    return (this.text.charCodeAt(this.ends[i]! - 1) | 32) === 106;
  }

  private literalPattern(): boolean {
    switch (this.tk) {
      case Tok.MINUS:
      case Tok.NUMBER:
        this.signedNumber();
        return true;
      case Tok.STRING:
      case Tok.FSTART:
        // f-strings are rejected by CPython's compiler, not its parser.
        this.strings();
        return true;
      case Tok.NONE:
      case Tok.TRUE:
      case Tok.FALSE:
        this.next();
        return true;
    }
    return false;
  }

  private closedPattern(): void {
    if (this.literalPattern()) return;
    switch (this.tk) {
      case Tok.NAME: {
        const first = this.nameText(this.p);
        this.next();
        let dotted = false;
        while (this.tk === Tok.DOT) {
          this.next();
          this.expect(Tok.NAME, "a name after '.'");
          this.next();
          dotted = true;
        }
        if (this.tk === Tok.LPAR) {
          this.classPatternArgs();
          return;
        }
        if (!dotted && first !== "_") this.bind(first);
        return;
      }
      case Tok.LPAR:
        this.sequencePattern(Tok.RPAR, "')'");
        return;
      case Tok.LSQB:
        this.sequencePattern(Tok.RSQB, "']'");
        return;
      case Tok.LBRACE:
        this.next();
        while (this.tk !== Tok.RBRACE) {
          if (this.tk === Tok.DOUBLESTAR) {
            this.next();
            this.captureName();
            if (this.tk === Tok.COMMA) this.next();
            break;
          }
          if (!this.literalPattern()) {
            // A value pattern: a dotted name with at least one dot.
            this.expect(Tok.NAME, "a mapping pattern key");
            this.next();
            if (this.tk !== Tok.DOT) this.unexpected();
            while (this.tk === Tok.DOT) {
              this.next();
              this.expect(Tok.NAME, "a name after '.'");
              this.next();
            }
          }
          this.colon();
          this.pattern();
          if (this.tk !== Tok.COMMA) break;
          this.next();
        }
        this.expect(Tok.RBRACE, "'}'");
        this.next();
        return;
      default:
        this.unexpected();
    }
  }

  private classPatternArgs(): void {
    this.next(); // '('
    let sawKeyword = false;
    while (this.tk !== Tok.RPAR) {
      if (this.tk === Tok.NAME && this.kinds[this.p + 1] === Tok.EQUAL) {
        this.next();
        this.next();
        this.pattern();
        sawKeyword = true;
      } else {
        if (sawKeyword) this.fail("positional patterns follow keyword patterns", this.start);
        this.pattern();
      }
      if (this.tk !== Tok.COMMA) break;
      this.next();
    }
    this.expect(Tok.RPAR, "')'");
    this.next();
  }

  // ----------------------------------------------------------- expressions

  /** star_expressions: `a`, `a, *b`, `*a,` (a tuple when there is a comma). */
  private starExpressions(): Expr {
    const s = this.start;
    const first = this.starExpr();
    if (this.tk !== Tok.COMMA) return first;
    const elts = [first];
    while (this.tk === Tok.COMMA) {
      this.next();
      if (!CAN_START[this.tk]) break;
      elts.push(this.starExpr());
    }
    return this.tuple(s, elts);
  }

  private starred(s: number, inner: Expr): Expr {
    const e = other(s, this.prevEnd);
    this.info.set(e, { k: K_STAR, sub: [inner] });
    return e;
  }

  private starExpr(): Expr {
    if (this.tk === Tok.STAR) {
      const s = this.start;
      this.next();
      return this.starred(s, this.bitOr());
    }
    return this.expression();
  }

  private starNamedExpr(): Expr {
    if (this.tk === Tok.STAR) {
      const s = this.start;
      this.next();
      return this.starred(s, this.bitOr());
    }
    return this.namedExpr();
  }

  private namedExpr(): Expr {
    if (this.tk === Tok.NAME && this.kinds[this.p + 1] === Tok.COLONEQUAL) {
      const s = this.start;
      const name = this.nameText(this.p);
      this.bind(name);
      this.next();
      this.next();
      const value = this.expression();
      if (value.type === "call") this.calls[value.call]!.assignedTo = [name];
      return other(s, this.prevEnd);
    }
    return this.expression();
  }

  private expression(): Expr {
    if (this.tk === Tok.LAMBDA) return this.lambda();
    const s = this.start;
    const e = this.disjunction();
    if (this.tk !== Tok.IF) return e;
    this.next();
    this.disjunction();
    if (this.tk !== Tok.ELSE) this.fail("expected 'else' after 'if' expression", s);
    this.next();
    this.expression();
    return other(s, this.prevEnd);
  }

  private disjunction(): Expr {
    const s = this.start;
    let e = this.conjunction();
    while (this.tk === Tok.OR) {
      this.next();
      const r = this.conjunction();
      e = { type: "binop", range: [s, this.prevEnd], op: "or", left: e, right: r };
    }
    return e;
  }

  private conjunction(): Expr {
    const s = this.start;
    let e = this.inversion();
    while (this.tk === Tok.AND) {
      this.next();
      const r = this.inversion();
      e = { type: "binop", range: [s, this.prevEnd], op: "and", left: e, right: r };
    }
    return e;
  }

  private inversion(): Expr {
    if (this.tk === Tok.NOT) {
      const s = this.start;
      this.next();
      const operand = this.inversion();
      return { type: "unary", range: [s, this.prevEnd], op: "not", operand };
    }
    return this.comparison();
  }

  private comparison(): Expr {
    const s = this.start;
    let e = this.bitOr();
    for (;;) {
      let op: string;
      switch (this.tk) {
        case Tok.EQEQUAL:
          op = "==";
          break;
        case Tok.NOTEQUAL:
          op = "!=";
          break;
        case Tok.LESS:
          op = "<";
          break;
        case Tok.LESSEQUAL:
          op = "<=";
          break;
        case Tok.GREATER:
          op = ">";
          break;
        case Tok.GREATEREQUAL:
          op = ">=";
          break;
        case Tok.IN:
          op = "in";
          break;
        case Tok.IS:
          if (this.kinds[this.p + 1] === Tok.NOT) {
            this.next();
            op = "is not";
          } else op = "is";
          break;
        case Tok.NOT:
          if (this.kinds[this.p + 1] !== Tok.IN) return e;
          this.next();
          op = "not in";
          break;
        default:
          return e;
      }
      this.next();
      const r = this.bitOr();
      e = { type: "compare", range: [s, this.prevEnd], op, left: e, right: r };
    }
  }

  private bitOr(): Expr {
    return this.binary(1);
  }

  private binary(minPrec: number): Expr {
    const s = this.start;
    let left = this.factor();
    for (;;) {
      const prec = PREC[this.tk]!;
      if (prec === 0 || prec < minPrec) return left;
      const op = OPS[this.tk]!;
      this.next();
      const right = this.binary(prec + 1);
      left = { type: "binop", range: [s, this.prevEnd], op, left, right };
    }
  }

  private factor(): Expr {
    const k = this.tk;
    if (k === Tok.MINUS || k === Tok.PLUS || k === Tok.TILDE) {
      const s = this.start;
      this.next();
      const operand = this.factor();
      return {
        type: "unary",
        range: [s, this.prevEnd],
        op: k === Tok.MINUS ? "-" : k === Tok.PLUS ? "+" : "~",
        operand,
      };
    }
    return this.power();
  }

  private power(): Expr {
    const s = this.start;
    let e: Expr;
    if (this.tk === Tok.AWAIT) {
      this.next();
      const inner = this.primary();
      e = other(s, this.prevEnd);
      this.info.set(e, { k: K_AWAIT, sub: [inner] });
    } else e = this.primary();
    if (this.tk !== Tok.DOUBLESTAR) return e;
    this.next();
    const r = this.factor();
    return { type: "binop", range: [s, this.prevEnd], op: "**", left: e, right: r };
  }

  private primary(): Expr {
    const s = this.start;
    let e = this.atom();
    for (;;) {
      switch (this.tk) {
        case Tok.DOT: {
          this.next();
          if (this.tk !== Tok.NAME) this.unexpected();
          const name = this.nameText(this.p);
          this.next();
          e = { type: "attr", range: [s, this.prevEnd], object: e, name };
          break;
        }
        case Tok.LPAR:
          e = this.call(s, e);
          break;
        case Tok.LSQB: {
          this.next();
          this.slices();
          this.expect(Tok.RSQB, "']'");
          this.next();
          e = other(s, this.prevEnd);
          this.info.set(e, { k: K_SUB, sub: EMPTY as unknown as Expr[] });
          break;
        }
        default:
          return e;
      }
    }
  }

  private slices(): void {
    for (;;) {
      this.slice();
      if (this.tk !== Tok.COMMA) return;
      this.next();
      if (this.tk === Tok.RSQB) return;
    }
  }

  private slice(): void {
    if (this.tk === Tok.STAR) {
      this.next();
      this.bitOr();
      return;
    }
    if (this.tk !== Tok.COLON) {
      this.namedExpr();
      if (this.tk !== Tok.COLON) return;
    }
    this.next();
    if (this.tk !== Tok.COLON && this.tk !== Tok.COMMA && this.tk !== Tok.RSQB) this.expression();
    if (this.tk === Tok.COLON) {
      this.next();
      if (this.tk !== Tok.COMMA && this.tk !== Tok.RSQB) this.expression();
    }
  }

  private call(s: number, callee: Expr): Expr {
    const id = this.calls.length;
    const calleeEnd = this.prevEnd;
    let calleeText: string | null = null;
    let method: string | null = null;
    let receiverText: string | null = null;
    let head: string | null = null;
    let rest = "";
    if (callee.type === "name") {
      calleeText = method = head = callee.name;
    } else if (callee.type === "attr") {
      method = callee.name;
      receiverText = dottedText(callee.object);
      if (receiverText !== null) {
        calleeText = receiverText + "." + method;
        head = headName(callee);
        rest = calleeText.slice(head!.length);
      }
    }
    const c: Call = {
      id,
      range: PENDING,
      calleeRange: [s, calleeEnd],
      calleeText,
      callee: null,
      method,
      receiverText,
      args: [],
      scope: this.scope,
      loops: this.loopStack,
      handler: this.handler,
      statement: this.stmt,
      assignedTo: NONE_STR,
      callbackScopes: NONE_NUM,
    };
    this.calls.push(c);
    this.callHead.push(head);
    this.callRest.push(rest);
    this.next(); // '('
    c.args = this.args(c, true);
    this.expect(Tok.RPAR, "')'");
    this.next();
    const range = [s, this.prevEnd] as const;
    c.range = range;
    return { type: "call", range, call: id };
  }

  /** Call arguments (or class bases) up to, not including, ')'. */
  private args(call: Call | null, allowGenexp: boolean): Arg[] {
    const args: Arg[] = [];
    let sawKeyword = false;
    let sawKwSpread = false;
    while (this.tk !== Tok.RPAR) {
      const as = this.start;
      let kind: Arg["kind"];
      let name: string | null = null;
      let value: Expr;
      this.lastLambda = null;
      if (this.tk === Tok.STAR) {
        this.next();
        value = this.expression();
        kind = "spread";
        if (sawKwSpread) this.fail("iterable argument unpacking follows keyword argument unpacking", as);
      } else if (this.tk === Tok.DOUBLESTAR) {
        this.next();
        value = this.expression();
        kind = "kwspread";
        sawKwSpread = true;
      } else if (this.tk === Tok.NAME && this.kinds[this.p + 1] === Tok.EQUAL) {
        name = this.nameText(this.p);
        this.next();
        this.next();
        value = this.expression();
        kind = "keyword";
        sawKeyword = true;
      } else {
        const cm = this.calls.length;
        const lm = this.loops.length;
        const nm = this.nTop;
        value = this.namedExpr();
        if (this.tk === Tok.FOR || (this.tk === Tok.ASYNC && this.kinds[this.p + 1] === Tok.FOR)) {
          if (!allowGenexp) this.unexpected();
          value = this.comprehension(as, cm, lm, nm, null);
          if (args.length > 0 || this.tk !== Tok.RPAR) this.fail("Generator expression must be parenthesized", as);
        }
        kind = "positional";
        if (sawKwSpread) this.fail("positional argument follows keyword argument unpacking", as);
        if (sawKeyword) this.fail("positional argument follows keyword argument", as);
      }
      args.push({ kind, name, value, range: [as, this.prevEnd] });
      if (call !== null && this.lastLambda === value) {
        call.callbackScopes =
          call.callbackScopes === NONE_NUM ? [this.lastLambdaScope] : [...call.callbackScopes, this.lastLambdaScope];
      }
      if (this.tk !== Tok.COMMA) break;
      this.next();
    }
    return args;
  }

  private atom(): Expr {
    const s = this.start;
    switch (this.tk) {
      case Tok.NAME: {
        const name = this.nameText(this.p);
        this.pushName(name, s);
        const e = this.ends[this.p]!;
        this.next();
        return { type: "name", range: [s, e], name };
      }
      case Tok.NUMBER: {
        const e = this.ends[this.p]!;
        this.next();
        return this.number(s, e);
      }
      case Tok.STRING:
      case Tok.FSTART:
        return this.strings();
      case Tok.LPAR:
        return this.parenAtom();
      case Tok.LSQB:
        return this.listAtom();
      case Tok.LBRACE:
        return this.braceAtom();
      case Tok.TRUE:
      case Tok.FALSE: {
        const value = this.tk === Tok.TRUE;
        this.next();
        return { type: "bool", range: [s, this.prevEnd], value };
      }
      case Tok.NONE:
        this.next();
        return { type: "none", range: [s, this.prevEnd] };
      case Tok.ELLIPSIS:
        this.next();
        return other(s, this.prevEnd);
      default:
        this.unexpected();
    }
  }

  private number(s: number, e: number): Expr {
    const text = this.text;
    if (
      (text.charCodeAt(e - 1) | 32) === 106 &&
      !((text.charCodeAt(s + 1) | 32) === 120 && text.charCodeAt(s) === 48)
    ) {
      return other(s, e); // complex
    }
    let t = text.slice(s, e);
    if (t.indexOf("_") >= 0) t = t.replace(/_/g, "");
    return { type: "num", range: [s, e], value: Number(t) };
  }

  private strings(): Expr {
    const s = this.start;
    const text = this.text;
    let value = "";
    let parts: FormatPart[] | null = null;
    let bytes = -1;
    while (this.tk === Tok.STRING || this.tk === Tok.FSTART) {
      const ts = this.start;
      if (this.tk === Tok.STRING) {
        const te = this.ends[this.p]!;
        let q = ts;
        let raw = false;
        let isBytes = false;
        let c = text.charCodeAt(q);
        while (c !== 34 && c !== 39) {
          const l = c | 32;
          if (l === 114) raw = true;
          else if (l === 98) isBytes = true;
          c = text.charCodeAt(++q);
        }
        const triple = te - q >= 6 && text.charCodeAt(q + 1) === c && text.charCodeAt(q + 2) === c;
        const ql = triple ? 3 : 1;
        const b = isBytes ? 1 : 0;
        if (bytes === -1) bytes = b;
        else if (bytes !== b) this.fail("cannot mix bytes and nonbytes literals", ts);
        const v = decodeBody(text, q + ql, te - ql, raw, isBytes, false, this.failFn);
        if (parts !== null) appendText(parts, v);
        else value += v;
        this.next();
      } else {
        if (bytes === 1) this.fail("cannot mix bytes and nonbytes literals", ts);
        bytes = 0;
        if (parts === null) {
          parts = [];
          if (value !== "") parts.push({ kind: "text", value });
        }
        this.fstring(parts);
      }
    }
    const range = [s, this.prevEnd] as const;
    if (bytes === 1) return { type: "other", range };
    if (parts !== null) return { type: "fstring", range, parts };
    return { type: "str", range, value };
  }

  private fstring(parts: FormatPart[]): void {
    const text = this.text;
    let q = this.start;
    let raw = false;
    for (let c = text.charCodeAt(q); c !== 34 && c !== 39; c = text.charCodeAt(++q)) {
      if ((c | 32) === 114) raw = true;
    }
    this.next(); // FSTART
    for (;;) {
      switch (this.tk) {
        case Tok.FMIDDLE:
          appendText(parts, decodeBody(text, this.start, this.ends[this.p]!, raw, false, true, this.failFn));
          this.next();
          break;
        case Tok.LBRACE:
          this.replacementField(parts);
          break;
        case Tok.FEND:
          this.next();
          return;
        default:
          this.unexpected();
      }
    }
  }

  private replacementField(parts: FormatPart[] | null): void {
    const fs = this.start;
    this.next(); // '{'
    if (this.tk === Tok.RBRACE) this.fail("f-string: empty expression not allowed", fs);
    const es = this.start;
    const e = this.tk === Tok.YIELD ? this.yieldExpr() : this.starExpressions();
    if (this.kindOf(e) === K_STAR) this.fail("f-string: cannot use starred expression here", es);
    let debugText: string | null = null;
    if (this.tk === Tok.EQUAL) {
      this.next();
      debugText = this.text.slice(fs + 1, this.start);
    }
    let conversion: string | null = null;
    if (this.tk === Tok.EXCLAMATION) {
      const xs = this.start;
      this.next();
      const cv = this.tk === Tok.NAME && this.start === this.prevEnd ? this.nameText(this.p) : "";
      if (cv !== "s" && cv !== "r" && cv !== "a") {
        this.fail("f-string: invalid conversion character: expected 's', 'r', or 'a'", xs);
      }
      conversion = cv;
      this.next();
    }
    let spec: string | null = null;
    if (this.tk === Tok.COLON) {
      const ss = this.ends[this.p]!;
      this.next();
      while (this.tk === Tok.FMIDDLE || this.tk === Tok.LBRACE) {
        if (this.tk === Tok.FMIDDLE) this.next();
        else this.replacementField(null);
      }
      spec = this.text.slice(ss, this.start);
    }
    if (this.tk !== Tok.RBRACE) this.fail("f-string: expecting '}'", this.start);
    this.next();
    if (parts !== null) {
      if (debugText !== null) {
        appendText(parts, debugText);
        if (conversion === null && spec === null) conversion = "r";
      }
      parts.push({ kind: "expr", expr: e, conversion, spec, range: [fs, this.prevEnd] });
    }
  }

  private parenAtom(): Expr {
    const s = this.start;
    this.next();
    if (this.tk === Tok.RPAR) {
      this.next();
      return this.tuple(s, []);
    }
    if (this.tk === Tok.YIELD) {
      this.yieldExpr();
      this.expect(Tok.RPAR, "')'");
      this.next();
      return other(s, this.prevEnd);
    }
    const cm = this.calls.length;
    const lm = this.loops.length;
    const nm = this.nTop;
    const first = this.starNamedExpr();
    if (this.tk === Tok.FOR || (this.tk === Tok.ASYNC && this.kinds[this.p + 1] === Tok.FOR)) {
      if (this.kindOf(first) === K_STAR)
        this.fail("iterable unpacking cannot be used in comprehension", first.range[0]);
      return this.comprehension(s, cm, lm, nm, Tok.RPAR);
    }
    if (this.tk === Tok.RPAR) {
      if (this.kindOf(first) === K_STAR) this.fail("cannot use starred expression here", first.range[0]);
      this.next();
      return first;
    }
    const elts = [first];
    while (this.tk === Tok.COMMA) {
      this.next();
      if (this.tk === Tok.RPAR) break;
      elts.push(this.starNamedExpr());
    }
    this.expect(Tok.RPAR, "')'");
    this.next();
    return this.tuple(s, elts);
  }

  private listAtom(): Expr {
    const s = this.start;
    this.next();
    const elements: Expr[] = [];
    if (this.tk !== Tok.RSQB) {
      const cm = this.calls.length;
      const lm = this.loops.length;
      const nm = this.nTop;
      const first = this.starNamedExpr();
      if (this.tk === Tok.FOR || (this.tk === Tok.ASYNC && this.kinds[this.p + 1] === Tok.FOR)) {
        if (this.kindOf(first) === K_STAR)
          this.fail("iterable unpacking cannot be used in comprehension", first.range[0]);
        return this.comprehension(s, cm, lm, nm, Tok.RSQB);
      }
      elements.push(first);
      while (this.tk === Tok.COMMA) {
        this.next();
        if (this.tk === Tok.RSQB) break;
        elements.push(this.starNamedExpr());
      }
    }
    this.expect(Tok.RSQB, "']'");
    this.next();
    return { type: "list", range: [s, this.prevEnd], elements };
  }

  private braceAtom(): Expr {
    const s = this.start;
    this.next();
    if (this.tk === Tok.RBRACE) {
      this.next();
      return { type: "dict", range: [s, this.prevEnd] };
    }
    const cm = this.calls.length;
    const lm = this.loops.length;
    const nm = this.nTop;
    if (this.tk === Tok.DOUBLESTAR) {
      this.next();
      this.bitOr();
      if (this.tk === Tok.FOR) this.fail("dict unpacking cannot be used in dict comprehension", s + 1);
      return this.dictRest(s);
    }
    const first = this.starNamedExpr();
    const isComp = (): boolean => this.tk === Tok.FOR || (this.tk === Tok.ASYNC && this.kinds[this.p + 1] === Tok.FOR);
    if (this.tk === Tok.COLON) {
      if (this.kindOf(first) === K_STAR)
        this.fail("cannot use a starred expression in a dictionary key", first.range[0]);
      this.next();
      this.expression();
      if (isComp()) return this.comprehension(s, cm, lm, nm, Tok.RBRACE);
      return this.dictRest(s);
    }
    if (isComp()) {
      if (this.kindOf(first) === K_STAR)
        this.fail("iterable unpacking cannot be used in comprehension", first.range[0]);
      return this.comprehension(s, cm, lm, nm, Tok.RBRACE);
    }
    while (this.tk === Tok.COMMA) {
      this.next();
      if (this.tk === Tok.RBRACE) break;
      this.starNamedExpr();
    }
    this.expect(Tok.RBRACE, "'}'");
    this.next();
    return other(s, this.prevEnd);
  }

  private dictRest(s: number): Expr {
    while (this.tk === Tok.COMMA) {
      this.next();
      if (this.tk === Tok.RBRACE) break;
      if (this.tk === Tok.DOUBLESTAR) {
        this.next();
        this.bitOr();
      } else {
        this.expression();
        if (this.tk !== Tok.COLON) this.fail("':' expected after dictionary key", this.start);
        this.next();
        this.expression();
      }
    }
    this.expect(Tok.RBRACE, "'}'");
    this.next();
    return { type: "dict", range: [s, this.prevEnd] };
  }

  /**
   * The `for ... in ... if ...` clauses after an already parsed element.
   * `cm`/`lm`/`nm` are the call, loop and name-collector marks taken before
   * the element, so the element's calls and loops can be moved into the
   * comprehension's loops now that they exist.
   */
  private comprehension(s: number, cm: number, lm: number, nm: number, closer: Tok | null): Expr {
    const outer = this.loopStack;
    const elemCalls = this.calls.length;
    const elemLoops = this.loops.length;
    const created: Loop[] = [];
    const bound: string[] = [];
    while (this.tk === Tok.FOR || (this.tk === Tok.ASYNC && this.kinds[this.p + 1] === Tok.FOR)) {
      const cs = this.start;
      if (this.tk === Tok.ASYNC) this.next();
      this.next(); // 'for'
      const target = this.targetList();
      const targets: string[] = [];
      this.checkTarget(target, CTX_COMP, targets);
      for (const t of targets) if (!bound.includes(t)) bound.push(t);
      this.expect(Tok.IN, "'in'");
      this.next();
      const iter = this.disjunction();
      const loop = this.newLoop("comprehension", cs, targets, iter);
      created.push(loop);
      this.loopStack = this.loopStack.concat(loop.id);
      while (this.tk === Tok.IF) {
        this.next();
        this.disjunction();
      }
    }
    const inner = this.loopStack;
    this.loopStack = outer;
    if (closer !== null) {
      this.expect(closer, closer === Tok.RPAR ? "')'" : closer === Tok.RSQB ? "']'" : "'}'");
      this.next();
    }
    const end = this.prevEnd;
    for (const l of created) {
      l.range = [s, end];
      l.body = -1;
    }
    // The element was parsed before its loops existed: move its calls and loops in.
    const k = created.length;
    const scope = this.scope;
    const innermost = created[k - 1]!.id;
    const outerTop = outer.length > 0 ? outer[outer.length - 1]! : null;
    for (let i = cm; i < elemCalls; i++) {
      const c = this.calls[i]!;
      if (c.scope !== scope) continue;
      c.loops = c.loops.length === outer.length ? inner : inner.concat(c.loops.slice(outer.length));
    }
    for (let i = lm; i < elemLoops; i++) {
      const l = this.loops[i]!;
      if (l.scope !== scope) continue;
      l.depth += k;
      if (l.parent === outerTop) l.parent = innermost;
    }
    this.removeNamesIn(nm, bound);
    if (bound.length > 0) {
      this.comps.push({ start: s, end, names: bound, scope });
      for (const b of bound) this.compNames.add(b);
    }
    return other(s, end);
  }

  /** star_targets of `for` and comprehensions (stops before `in`). */
  private targetList(): Expr {
    const s = this.start;
    const first = this.target();
    if (this.tk !== Tok.COMMA) return first;
    const elts = [first];
    while (this.tk === Tok.COMMA) {
      this.next();
      if (!CAN_START[this.tk]) break;
      elts.push(this.target());
    }
    return this.tuple(s, elts);
  }

  private target(): Expr {
    if (this.tk === Tok.STAR) {
      const s = this.start;
      this.next();
      return this.starred(s, this.target());
    }
    return this.binary(1);
  }

  private yieldExpr(): Expr {
    const s = this.start;
    this.next();
    if (this.tk === Tok.FROM) {
      this.next();
      this.expression();
    } else if (CAN_START[this.tk]) {
      this.starExpressions();
    }
    return other(s, this.prevEnd);
  }

  private lambda(): Expr {
    const s = this.start;
    this.next();
    const sc = this.newScope("lambda", "");
    const params = this.params(Tok.COLON, false);
    sc.params = params;
    this.colon();
    const savedScope = this.scope;
    const savedLoops = this.loopStack;
    const savedHandler = this.handler;
    this.scope = sc.id;
    this.loopStack = EMPTY;
    this.handler = null;
    for (const p of params) this.bind(p);
    const block = this.newBlock("other", this.stmt >= 0 ? this.stmt : null);
    sc.body = block;
    const nm = this.nTop;
    const body = this.expression();
    this.removeNamesIn(nm, params);
    this.blocks[block]!.range = body.range;
    this.scope = savedScope;
    this.loopStack = savedLoops;
    this.handler = savedHandler;
    const end = this.prevEnd;
    sc.range = [s, end];
    const e = other(s, end);
    this.lastLambda = e;
    this.lastLambdaScope = sc.id;
    return e;
  }

  // ------------------------------------------------------------ resolution

  private resolveHead(head: string, scope: number, pos: number, builtins: boolean): string | null {
    let s: number | null = scope;
    let first = true;
    const checkComps = this.compNames.has(head);
    while (s !== null) {
      const si: ScopeInfo = this.sinfo[s]!;
      if (si.kind === "class" && !first) {
        s = si.parent;
        continue;
      }
      if (checkComps) {
        for (const c of this.comps) {
          if (c.scope === s && c.start <= pos && pos < c.end && c.names.includes(head)) return null;
        }
      }
      const f = si.bindings.get(head);
      if (f !== undefined) {
        if (f & B_GLOBAL && s !== 0) {
          s = 0;
          first = false;
          continue;
        }
        if (f & B_NONLOCAL && s !== 0) {
          s = si.parent;
          first = false;
          continue;
        }
        if (f & B_IMPORT) {
          const list = si.imports!.get(head)!;
          let pick = list[0]!;
          for (const i of list) if (this.imports[i]!.range[0] <= pos) pick = i;
          return this.imports[pick]!.target;
        }
        return null;
      }
      s = si.parent;
      first = false;
    }
    return builtins && PYTHON_BUILTINS.has(head) ? "builtins." + head : null;
  }

  private resolve(): void {
    const calls = this.calls;
    for (let i = 0; i < calls.length; i++) {
      const head = this.callHead[i];
      if (head === null || head === undefined) continue;
      const c = calls[i]!;
      const r = this.resolveHead(head, c.scope, c.range[0], true);
      if (r !== null) c.callee = r + this.callRest[i];
    }
    for (const d of this.decs) {
      if (d.head === null) continue;
      const r = this.resolveHead(d.head, d.scope, d.pos, false);
      if (r !== null) d.dec.resolved = r + d.rest;
    }
  }
}

function appendText(parts: FormatPart[], value: string): void {
  if (value === "") return;
  const last = parts[parts.length - 1];
  if (last !== undefined && last.kind === "text") {
    parts[parts.length - 1] = { kind: "text", value: last.value + value };
  } else parts.push({ kind: "text", value });
}

function isMainTest(e: Expr): boolean {
  if (e.type !== "compare" || e.op !== "==") return false;
  const { left, right } = e;
  return (
    (left.type === "name" && left.name === "__name__" && right.type === "str" && right.value === "__main__") ||
    (right.type === "name" && right.name === "__name__" && left.type === "str" && left.value === "__main__")
  );
}
