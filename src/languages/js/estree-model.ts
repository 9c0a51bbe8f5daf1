/**
 * ESTree → FileModel. One builder for every JS/TS tree: the CLI hands it oxc's tree (read in
 * place from the raw-transfer buffer, or as ESTree objects from the JSON path), the ESLint plugin
 * hands it ESLint's own AST. It reads them all through an AstView (./ast-view.ts), in ESTree
 * terms. Scope analysis is our own and only as deep as the rules need: which names are imported,
 * which are declared locally (and so shadow a global such as `console`), and which are globals.
 */
import { buildLogSites } from "../../model/log-sites.js";
import { computeLineStarts, firstAtOrAfter, lineColAt } from "../../model/source.js";
import type {
  Arg,
  Block,
  BlockKind,
  Call,
  Decorator,
  Expr,
  FileModel,
  FileRole,
  FormatPart,
  Handler,
  ImportBinding,
  LogLevel,
  LogSite,
  Loop,
  Range,
  Scope,
  Statement,
  StatementKind,
} from "../../model/types.js";
import { estreeView, type AstView, type EsNode } from "./ast-view.js";

export type { EsNode } from "./ast-view.js";

export interface EsComment {
  type: string;
  value: string;
  range?: [number, number];
  start?: number;
  end?: number;
}

export interface JsModelInput {
  program: EsNode;
  text: string;
  path: string;
  role: FileRole;
  comments: readonly EsComment[];
  visitorKeys: Readonly<Record<string, readonly string[]>>;
  /** See buildModel. */
  keep?: RegExp | null;
}

/** A comment as the model keeps it, before its line is known. */
export interface CommentInput {
  range: Range;
  value: string;
}

const CONSOLE_LEVELS = new Map<string, LogLevel>([
  ["error", "error"],
  ["warn", "warning"],
  ["info", "info"],
  ["log", "debug"],
  ["debug", "debug"],
  ["trace", "debug"],
  ["dir", "debug"],
  ["dirxml", "debug"],
  ["table", "debug"],
]);

/** Array methods whose callback runs once per element: a loop in all but syntax. */
const ITERATING_METHODS = new Set(["forEach", "map", "flatMap", "filter", "reduce", "some", "every", "find"]);

const FUNCTION_TYPES = new Set(["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"]);
const TS_WRAPPERS = new Set([
  "TSAsExpression",
  "TSSatisfiesExpression",
  "TSNonNullExpression",
  "TSTypeAssertion",
  "TSInstantiationExpression",
  "ParenthesizedExpression",
  "ChainExpression",
]);
const LITERAL_TYPES = new Set(["Literal", "StringLiteral", "NumericLiteral", "BooleanLiteral", "NullLiteral"]);

type Binding = { kind: "import"; target: string } | { kind: "local" };

interface ScopeFrame {
  /** Model scope id when the frame is a function/module, else the enclosing one's. */
  scope: number;
  names: Map<string, Binding>;
}

export function rangeOf(node: { range?: [number, number]; start?: number; end?: number }): Range {
  if (node.range) return node.range;
  return [node.start ?? 0, node.end ?? 0];
}

const identity = (n: number): number => n;

/** A test on a node type, remembered per type: a few dozen types, read once per node. */
function typeTest(pattern: RegExp): (type: string) => boolean {
  const seen = new Map<string, boolean>();
  return (type) => {
    let yes = seen.get(type);
    if (yes === undefined) seen.set(type, (yes = pattern.test(type)));
    return yes;
  };
}

const holdsVars = typeTest(/Statement$|SwitchCase|CatchClause|Declaration$/);
const isStatementOrDeclaration = typeTest(/Statement$|Declaration$/);

class JsModelBuilder<N> {
  private readonly a: AstView<N>;
  private readonly text: string;
  readonly model: FileModel;
  private readonly frames: ScopeFrame[] = [];
  private readonly loopStack: number[] = [];
  private handler: number | null = null;
  private statement = -1;
  private block = 0;
  private readonly callIds = new Map<N, number>();
  private readonly pendingArgs: { call: Call; nodes: N[] }[] = [];
  private unclaimedImports = 0;
  /** See buildModel's `keep`. */
  private readonly keep: RegExp | null;
  private moduleBody = 0;

  constructor(
    view: AstView<N>,
    text: string,
    path: string,
    role: FileRole,
    comments: readonly CommentInput[],
    keep: RegExp | null,
  ) {
    this.a = view;
    this.text = text;
    this.keep = keep;
    const lineStarts = computeLineStarts(text);
    this.model = {
      path,
      language: "javascript",
      text,
      lineStarts,
      role,
      imports: [],
      scopes: [],
      blocks: [],
      statements: [],
      calls: [],
      logSites: [],
      loops: [],
      handlers: [],
      comments: comments.map(({ range, value }) => ({ range, value, line: lineColAt(lineStarts, range[0]).line })),
      mainBlock: null,
      moduleSystem: null,
    };
  }

  private range(node: N): Range {
    return [this.a.start(node), this.a.end(node)];
  }

  // ---- ESTree helpers ------------------------------------------------------

  private unwrap(node: N): N {
    let n = node;
    while (TS_WRAPPERS.has(this.a.type(n))) {
      const inner = this.a.child(n, "expression");
      if (inner === null) break;
      n = inner;
    }
    return n;
  }

  /** Names bound by a pattern (`a`, `{a, b: c}`, `[x, ...rest]`, `a = 1`). */
  private patternNames(node: N | null, out: string[] = []): string[] {
    if (node === null) return out;
    const a = this.a;
    switch (a.type(node)) {
      case "Identifier":
        out.push(a.name(node)!);
        break;
      case "ObjectPattern":
        for (const p of a.children(node, "properties")) {
          if (a.type(p) === "RestElement") this.patternNames(a.child(p, "argument"), out);
          else this.patternNames(a.child(p, "value"), out);
        }
        break;
      case "ArrayPattern":
        for (const e of a.children(node, "elements")) this.patternNames(e, out);
        break;
      case "RestElement":
        this.patternNames(a.child(node, "argument"), out);
        break;
      case "AssignmentPattern":
        this.patternNames(a.child(node, "left"), out);
        break;
      case "TSParameterProperty":
        this.patternNames(a.child(node, "parameter"), out);
        break;
      case "MemberExpression": {
        const text = this.dottedText(node);
        if (text) out.push(text);
        break;
      }
    }
    return out;
  }

  /** `a.b.c` for identifier/member chains (`this` included), else null. */
  private dottedText(node: N): string | null {
    const n = this.unwrap(node);
    switch (this.a.type(n)) {
      case "Identifier":
        return this.a.name(n)!;
      case "ThisExpression":
        return "this";
      case "Super":
        return "super";
      case "MemberExpression": {
        const obj = this.dottedText(this.a.child(n, "object")!);
        if (obj === null) return null;
        const name = this.memberName(n);
        return name === null ? null : `${obj}.${name}`;
      }
      default:
        return null;
    }
  }

  /** The static property name of a member expression (`a.b`, `a["b"]`), else null. */
  private memberName(node: N): string | null {
    const a = this.a;
    const prop = a.child(node, "property");
    if (prop === null) return null;
    if (!a.flag(node, "computed")) return a.name(prop) ?? null;
    const type = a.type(prop);
    if (type === "Literal" || type === "StringLiteral") {
      const value = a.literal(prop);
      return typeof value === "string" ? value : null;
    }
    if (type === "TemplateLiteral" && a.children(prop, "expressions").length === 0) {
      const q = a.children(prop, "quasis")[0];
      return q === undefined ? null : a.cooked(q);
    }
    return null;
  }

  /** A literal's string value, else null. */
  private stringValue(node: N | null): string | null {
    if (node === null || !LITERAL_TYPES.has(this.a.type(node))) return null;
    const value = this.a.literal(node);
    return typeof value === "string" ? value : null;
  }

  build(program: N): FileModel {
    const range = this.range(program);
    const body = this.newBlock("module", null, 0, range);
    this.model.scopes.push({
      id: 0,
      kind: "module",
      name: "",
      range,
      parent: null,
      decorators: [],
      params: [],
      isAsync: false,
      body,
    });
    this.frames.push({ scope: 0, names: new Map() });
    this.moduleBody = body;
    const statements = this.a.children(program, "body");
    this.declareHoisted(statements, true);
    this.statementList(statements, body);
    for (const { call, nodes } of this.pendingArgs) call.args = nodes.map((n) => this.arg(n));
    this.model.moduleSystem = this.moduleSystem(program, statements);
    this.model.logSites = buildLogSites(this.model);
    return this.model;
  }

  private moduleSystem(program: N, statements: N[]): "esm" | "cjs" {
    if (
      this.a.text(program, "sourceType") === "module" &&
      statements.some((s) => /^(Import|Export)/.test(this.a.type(s)))
    ) {
      return "esm";
    }
    if (/\.c[jt]s$/.test(this.model.path)) return "cjs";
    if (/\.m[jt]s$/.test(this.model.path)) return "esm";
    const usesRequire = this.model.calls.some((c) => c.callee === "require");
    return usesRequire ? "cjs" : "esm";
  }

  // ---- declarations -------------------------------------------------------

  private declare(name: string, binding: Binding, frame = this.frames[this.frames.length - 1]!): void {
    frame.names.set(name, binding);
  }

  /**
   * Declares what a statement list binds: `let`/`const`/`class` and function
   * declarations for this block, and, when `functionLevel`, `var` from nested
   * blocks (hoisting) too.
   */
  private declareHoisted(statements: N[], functionLevel: boolean): void {
    const a = this.a;
    for (let i = 0; i < statements.length; i++) {
      const raw = statements[i]!;
      const s = a.type(raw).startsWith("Export") ? (a.child(raw, "declaration") ?? raw) : raw;
      switch (a.type(s)) {
        case "ImportDeclaration":
          this.declareImport(s);
          break;
        case "VariableDeclaration":
          if (a.text(s, "kind") !== "var" || functionLevel) this.declareVariables(s);
          break;
        case "FunctionDeclaration":
        case "ClassDeclaration":
        case "TSEnumDeclaration":
        case "TSModuleDeclaration": {
          const id = a.child(s, "id");
          if (id !== null && a.type(id) === "Identifier") this.declare(a.name(id)!, { kind: "local" });
          break;
        }
        case "TSImportEqualsDeclaration": {
          const id = a.child(s, "id");
          if (id !== null) this.declare(a.name(id)!, { kind: "local" });
          break;
        }
      }
      if (functionLevel && this.mayDeclareVar(s)) this.hoistVars(s);
    }
  }

  /** Where `var` occurs in the text, in order (their own keys for firstAtOrAfter); made at the first question. */
  private varAt: number[] | null = null;

  /** Whether the node's text holds `var` at all: most statements declare none, and need no walk. */
  private mayDeclareVar(node: N): boolean {
    if (this.varAt === null) {
      this.varAt = [];
      for (let at = this.text.indexOf("var"); at !== -1; at = this.text.indexOf("var", at + 3)) this.varAt.push(at);
    }
    const first = this.varAt[firstAtOrAfter(this.varAt, this.a.start(node), identity)];
    return first !== undefined && first + 3 <= this.a.end(node);
  }

  /** `var` declarations nested in blocks of the current function. */
  private hoistVars(node: N): void {
    const type = this.a.type(node);
    if (FUNCTION_TYPES.has(type) || type === "ClassDeclaration" || type === "ClassExpression") return;
    if (type === "VariableDeclaration") {
      if (this.a.text(node, "kind") === "var") this.declareVariables(node);
      return;
    }
    if (!holdsVars(type)) return;
    this.a.eachChild(node, this.hoistVarsIn);
  }

  private readonly hoistVarsIn = (node: N): void => this.hoistVars(node);

  private declareVariables(decl: N): void {
    const a = this.a;
    for (const d of a.children(decl, "declarations")) {
      const id = a.child(d, "id");
      const init = a.child(d, "init");
      const required = init !== null ? this.requireTarget(init) : null;
      const idType = id === null ? null : a.type(id);
      if (idType === "Identifier" && required !== null) {
        this.addImport(a.name(id!)!, required, required, this.range(d));
        continue;
      }
      if (idType === "ObjectPattern" && required !== null) {
        for (const p of a.children(id!, "properties")) {
          const key = a.child(p, "key");
          const value = a.child(p, "value");
          if (
            a.type(p) === "Property" &&
            key !== null &&
            a.type(key) === "Identifier" &&
            value !== null &&
            a.type(value) === "Identifier"
          ) {
            this.addImport(a.name(value)!, `${required}.${a.name(key)!}`, required, this.range(p));
          } else {
            for (const n of this.patternNames(p)) this.declare(n, { kind: "local" });
          }
        }
        continue;
      }
      for (const n of this.patternNames(id)) this.declare(n, { kind: "local" });
    }
  }

  /** `require("m")`, `require("m").x`, `await import("m")` → "m" / "m.x". */
  private requireTarget(init: N): string | null {
    const a = this.a;
    let n = this.unwrap(init);
    if (a.type(n) === "AwaitExpression") n = this.unwrap(a.child(n, "argument")!);
    const suffix: string[] = [];
    while (a.type(n) === "MemberExpression") {
      const name = this.memberName(n);
      if (name === null) return null;
      suffix.unshift(name);
      n = this.unwrap(a.child(n, "object")!);
    }
    let source: N | null = null;
    const type = a.type(n);
    if (type === "CallExpression") {
      const callee = a.child(n, "callee");
      if (
        callee !== null &&
        a.type(callee) === "Identifier" &&
        a.name(callee) === "require" &&
        !this.lookup("require")
      ) {
        source = a.children(n, "arguments")[0] ?? null;
      }
    } else if (type === "ImportExpression") source = a.child(n, "source");
    const module = this.stringValue(source);
    if (module === null) return null;
    return [module, ...suffix.filter((s) => s !== "default")].join(".");
  }

  private declareImport(s: N): void {
    const a = this.a;
    const module = this.stringValue(a.child(s, "source")) ?? "";
    for (const spec of a.children(s, "specifiers")) {
      const local = a.child(spec, "local");
      if (local === null) continue;
      let target = module;
      if (a.type(spec) === "ImportSpecifier") {
        const imported = a.child(spec, "imported");
        const name = imported === null ? undefined : (a.name(imported) ?? a.literal(imported));
        if (typeof name === "string" && name && name !== "default") target = `${module}.${name}`;
      }
      this.addImport(a.name(local)!, target, module, this.range(spec));
    }
  }

  private addImport(local: string, target: string, module: string, range: Range): void {
    const binding: ImportBinding = { local, target, module, range, statement: -1 };
    this.model.imports.push(binding);
    this.unclaimedImports++;
    this.declare(local, { kind: "import", target });
  }

  private lookup(name: string): Binding | null {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const b = this.frames[i]!.names.get(name);
      if (b) return b;
    }
    return null;
  }

  /** Resolves a dotted name's head: imports become their target, globals stay, locals give null. */
  private resolve(dotted: string): string | null {
    const dot = dotted.indexOf(".");
    const head = dot === -1 ? dotted : dotted.slice(0, dot);
    if (head === "this" || head === "super") return null;
    const binding = this.lookup(head);
    if (binding === null) return dotted;
    if (binding.kind === "local") return null;
    return dot === -1 ? binding.target : binding.target + dotted.slice(dot);
  }

  // ---- blocks and statements ----------------------------------------------

  private newBlock(kind: BlockKind, owner: number | null, scope: number, range: Range): number {
    const block: Block = { id: this.model.blocks.length, kind, owner, statements: [], scope, range };
    this.model.blocks.push(block);
    return block.id;
  }

  private get scope(): number {
    return this.frames[this.frames.length - 1]!.scope;
  }

  private statementList(list: N[], blockId: number): void {
    const saved = this.block;
    this.block = blockId;
    for (let i = 0; i < list.length; i++) {
      const s = list[i]!;
      if (this.keep !== null && blockId !== this.moduleBody && !this.keeps(s)) continue;
      this.statementNode(s);
    }
    this.block = saved;
  }

  /** Whether the statement's text holds one of the words `keep` asks for. */
  private keeps(node: N): boolean {
    const keep = this.keep!;
    keep.lastIndex = 0;
    return keep.test(this.text.slice(this.a.start(node), this.a.end(node)));
  }

  /** A statement in a position that may or may not be a `{}` block (`if (x) foo();`). */
  private childBlock(node: N | null, kind: BlockKind, owner: number): number {
    const range = node !== null ? this.range(node) : ([0, 0] as Range);
    const id = this.newBlock(kind, owner, this.scope, range);
    this.model.statements[owner]!.blocks.push(id);
    if (node === null) return id;
    if (this.a.type(node) === "BlockStatement") {
      this.frames.push({ scope: this.scope, names: new Map() });
      const body = this.a.children(node, "body");
      this.declareHoisted(body, false);
      this.statementList(body, id);
      this.frames.pop();
    } else this.statementList([node], id);
    return id;
  }

  private statementNode(raw: N): void {
    const a = this.a;
    let node = raw;
    const rawType = a.type(raw);
    if (rawType === "ExportNamedDeclaration" || rawType === "ExportDefaultDeclaration") {
      const decl = a.child(raw, "declaration");
      if (decl !== null && /Declaration$/.test(a.type(decl))) node = decl;
    }
    const id = this.model.statements.length;
    const block = this.model.blocks[this.block]!;
    const stmt: Statement = {
      id,
      kind: this.statementKind(node),
      range: this.range(raw),
      block: this.block,
      index: block.statements.length,
      blocks: [],
      expr: null,
      names: [],
      targets: [],
    };
    this.model.statements.push(stmt);
    block.statements.push(id);
    const savedStatement = this.statement;
    this.statement = id;
    this.statementBody(node, stmt);
    this.statement = savedStatement;
  }

  private statementBody(node: N, stmt: Statement): void {
    const a = this.a;
    switch (a.type(node)) {
      case "BlockStatement":
        stmt.kind = "other";
        this.childBlock(node, "other", stmt.id);
        return;
      case "IfStatement": {
        this.header(stmt, a.child(node, "test")!);
        this.childBlock(a.child(node, "consequent"), "if", stmt.id);
        const alt = a.child(node, "alternate");
        if (alt !== null) this.childBlock(alt, "else", stmt.id);
        return;
      }
      case "ForStatement":
      case "ForInStatement":
      case "ForOfStatement":
      case "WhileStatement":
      case "DoWhileStatement":
        this.loopStatement(node, stmt);
        return;
      case "TryStatement": {
        this.childBlock(a.child(node, "block"), "try", stmt.id);
        const h = a.child(node, "handler");
        if (h !== null) this.catchClause(h, stmt);
        const fin = a.child(node, "finalizer");
        if (fin !== null) this.childBlock(fin, "finally", stmt.id);
        return;
      }
      case "SwitchStatement": {
        this.header(stmt, a.child(node, "discriminant")!);
        this.frames.push({ scope: this.scope, names: new Map() });
        const cases = a.children(node, "cases");
        this.declareHoisted(
          cases.flatMap((c) => a.children(c, "consequent")),
          false,
        );
        for (const c of cases) {
          const t = a.child(c, "test");
          if (t !== null) this.expression(t);
          const id = this.newBlock("case", stmt.id, this.scope, this.range(c));
          stmt.blocks.push(id);
          this.statementList(a.children(c, "consequent"), id);
        }
        this.frames.pop();
        return;
      }
      case "LabeledStatement":
        this.childBlock(a.child(node, "body"), "other", stmt.id);
        return;
      case "ReturnStatement":
      case "ThrowStatement": {
        const arg = a.child(node, "argument");
        if (arg !== null) this.header(stmt, arg);
        return;
      }
      case "VariableDeclaration":
        this.claimImports(stmt);
        for (const d of a.children(node, "declarations")) {
          const targets = this.patternNames(a.child(d, "id"));
          stmt.targets.push(...targets);
          const init = a.child(d, "init");
          if (init !== null) this.expression(init, targets);
        }
        return;
      case "ExpressionStatement": {
        const expr = this.unwrap(a.child(node, "expression")!);
        if (a.type(expr) === "AssignmentExpression") {
          const targets = this.patternNames(this.unwrap(a.child(expr, "left")!));
          stmt.targets.push(...targets);
          this.expression(a.child(expr, "left")!);
          this.expression(a.child(expr, "right")!, targets);
        } else this.expression(expr);
        return;
      }
      case "FunctionDeclaration":
        this.functionNode(node, stmt);
        return;
      case "ClassDeclaration":
        this.classNode(node, stmt);
        return;
      case "ImportDeclaration":
        this.claimImports(stmt);
        return;
      default:
        this.walkChildren(node);
    }
  }

  /** Imports are declared (hoisted) before their statement exists; link them to it now. */
  private claimImports(stmt: Statement): void {
    if (this.unclaimedImports === 0) return;
    for (const imp of this.model.imports) {
      if (imp.statement === -1 && imp.range[0] >= stmt.range[0] && imp.range[1] <= stmt.range[1]) {
        (imp as { statement: number }).statement = stmt.id;
        this.unclaimedImports--;
      }
    }
  }

  private header(stmt: Statement, expr: N): void {
    stmt.expr = this.summarize(expr);
    stmt.names = this.identifiersIn(expr);
    this.expression(expr);
  }

  private loopStatement(node: N, stmt: Statement): void {
    const a = this.a;
    const type = a.type(node);
    const isForOf = type === "ForOfStatement" || type === "ForInStatement";
    this.frames.push({ scope: this.scope, names: new Map() });
    let targets: string[] = [];
    let iter: Expr | null = null;
    if (isForOf) {
      const left = a.child(node, "left")!;
      if (a.type(left) === "VariableDeclaration") {
        targets = a.children(left, "declarations").flatMap((d) => this.patternNames(a.child(d, "id")));
        if (a.text(left, "kind") !== "var") for (const t of targets) this.declare(t, { kind: "local" });
      } else targets = this.patternNames(left);
      const right = a.child(node, "right")!;
      iter = this.summarize(right);
      stmt.names = this.identifiersIn(right);
      this.expression(right);
    } else {
      const init = a.child(node, "init");
      if (init !== null) {
        if (a.type(init) === "VariableDeclaration") {
          if (a.text(init, "kind") !== "var") this.declareVariables(init);
          for (const d of a.children(init, "declarations")) {
            targets.push(...this.patternNames(a.child(d, "id")));
            const v = a.child(d, "init");
            if (v !== null) this.expression(v);
          }
        } else this.expression(init);
      }
      const test = a.child(node, "test");
      if (test !== null) {
        stmt.expr = this.summarize(test);
        stmt.names = this.identifiersIn(test);
        this.expression(test);
      }
      const update = a.child(node, "update");
      if (update !== null) this.expression(update);
    }
    const loop = this.pushLoop(
      type === "WhileStatement" || type === "DoWhileStatement" ? "while" : "for",
      this.range(node),
      targets,
      iter,
    );
    loop.body = this.childBlock(a.child(node, "body"), "loop", stmt.id);
    this.loopStack.pop();
    this.frames.pop();
  }

  private pushLoop(kind: Loop["kind"], range: Range, targets: string[], iter: Expr | null): Loop {
    const parent = this.loopStack.length > 0 ? this.loopStack[this.loopStack.length - 1]! : null;
    const loop: Loop = {
      id: this.model.loops.length,
      kind,
      range,
      targets,
      iter,
      parent,
      depth: this.loopStack.length + 1,
      scope: this.scope,
      body: -1,
      statement: this.statement,
    };
    this.model.loops.push(loop);
    this.loopStack.push(loop.id);
    return loop;
  }

  private catchClause(h: N, stmt: Statement): void {
    const a = this.a;
    const param = a.child(h, "param");
    const names = this.patternNames(param);
    this.frames.push({ scope: this.scope, names: new Map() });
    for (const n of names) this.declare(n, { kind: "local" });
    const savedHandler = this.handler;
    const handler: Handler = {
      id: this.model.handlers.length,
      range: this.range(h),
      types: [],
      name: param !== null && a.type(param) === "Identifier" ? a.name(param)! : null,
      body: -1,
      scope: this.scope,
      statement: stmt.id,
    };
    this.model.handlers.push(handler);
    this.handler = handler.id;
    handler.body = this.childBlock(a.child(h, "body"), "except", stmt.id);
    this.handler = savedHandler;
    this.frames.pop();
  }

  // ---- functions and classes ----------------------------------------------

  /**
   * A function's scope and body. `keepLoops` is for callbacks that run once
   * per element (`rows.forEach(r => …)`): their body stays inside that loop.
   */
  private functionNode(node: N, stmt: Statement | null, name = "", keepLoops = false): number {
    const a = this.a;
    const id = a.child(node, "id");
    const params = a.children(node, "params");
    const scopeId = this.model.scopes.length;
    const range = this.range(node);
    const bodyNode = a.child(node, "body");
    const type = a.type(node);
    const scope: Scope = {
      id: scopeId,
      kind: type === "ArrowFunctionExpression" ? "lambda" : "function",
      name: (id !== null ? a.name(id) : undefined) ?? name,
      range,
      parent: this.scope,
      decorators: this.decorators(node),
      params: params.flatMap((p) => this.patternNames(p)),
      isAsync: a.flag(node, "async"),
      body: -1,
    };
    this.model.scopes.push(scope);
    for (const p of params) this.walkDefaults(p);
    this.frames.push({ scope: scopeId, names: new Map() });
    if (type === "FunctionExpression" && id !== null) this.declare(a.name(id)!, { kind: "local" });
    for (const n of scope.params) this.declare(n, { kind: "local" });
    const savedLoops = keepLoops ? [] : this.loopStack.splice(0);
    const savedHandler = this.handler;
    this.handler = null;
    const bodyId = this.newBlock(
      "function",
      stmt?.id ?? null,
      scopeId,
      bodyNode !== null ? this.range(bodyNode) : range,
    );
    scope.body = bodyId;
    if (stmt) stmt.blocks.push(bodyId);
    if (bodyNode !== null && a.type(bodyNode) === "BlockStatement") {
      const body = a.children(bodyNode, "body");
      this.declareHoisted(body, true);
      this.statementList(body, bodyId);
    } else if (bodyNode !== null) {
      // Arrow function with an expression body: the expression is its one statement.
      const savedBlock = this.block;
      this.block = bodyId;
      const sid = this.model.statements.length;
      const block = this.model.blocks[bodyId]!;
      this.model.statements.push({
        id: sid,
        kind: "return",
        range: this.range(bodyNode),
        block: bodyId,
        index: 0,
        blocks: [],
        expr: null,
        names: [],
        targets: [],
      });
      block.statements.push(sid);
      const savedStatement = this.statement;
      this.statement = sid;
      this.model.statements[sid]!.expr = this.summarize(bodyNode);
      this.expression(bodyNode);
      this.statement = savedStatement;
      this.block = savedBlock;
    }
    this.loopStack.push(...savedLoops);
    this.handler = savedHandler;
    this.frames.pop();
    return scopeId;
  }

  private walkDefaults(p: N): void {
    const type = this.a.type(p);
    if (type === "AssignmentPattern") this.expression(this.a.child(p, "right")!);
    else if (type === "TSParameterProperty") {
      const inner = this.a.child(p, "parameter");
      if (inner !== null) this.walkDefaults(inner);
    }
  }

  private decorators(node: N): Decorator[] {
    const a = this.a;
    return a.children(node, "decorators").map((d) => {
      const expr = this.unwrap(a.child(d, "expression")!);
      const isCall = a.type(expr) === "CallExpression";
      const callee = isCall ? a.child(expr, "callee")! : expr;
      const dotted = this.dottedText(callee);
      const text = dotted ?? this.text.slice(a.start(callee), a.end(callee));
      return {
        text,
        resolved: dotted ? this.resolve(text) : null,
        args: isCall ? a.children(expr, "arguments").map((arg) => this.arg(arg)) : [],
        range: this.range(d),
      };
    });
  }

  private classNode(node: N, stmt: Statement | null): void {
    const a = this.a;
    const id = a.child(node, "id");
    for (const d of a.children(node, "decorators")) this.expression(d);
    const superClass = a.child(node, "superClass");
    if (superClass !== null) this.expression(superClass);
    const scopeId = this.model.scopes.length;
    const range = this.range(node);
    const bodyId = this.newBlock("class", stmt?.id ?? null, scopeId, range);
    this.model.scopes.push({
      id: scopeId,
      kind: "class",
      name: (id !== null ? a.name(id) : undefined) ?? "",
      range,
      parent: this.scope,
      decorators: this.decorators(node),
      params: [],
      isAsync: false,
      body: bodyId,
    });
    if (stmt) stmt.blocks.push(bodyId);
    this.frames.push({ scope: scopeId, names: new Map() });
    const body = a.child(node, "body");
    for (const member of body !== null ? a.children(body, "body") : []) {
      const key = a.child(member, "key");
      const name = key !== null ? (a.name(key) ?? String(a.literal(key) ?? "")) : "";
      if (a.flag(member, "computed") && key !== null) this.expression(key);
      const value = a.child(member, "value");
      if (value !== null && FUNCTION_TYPES.has(a.type(value))) {
        for (const d of a.children(member, "decorators")) this.expression(d);
        const fnScope = this.functionNode(value, null, name);
        const fn = this.model.scopes[fnScope]!;
        fn.decorators = this.decorators(member);
      } else if (a.type(member) === "StaticBlock") {
        const savedBlock = this.block;
        this.block = bodyId;
        for (const s of a.children(member, "body")) this.statementNode(s);
        this.block = savedBlock;
      } else if (value !== null) this.expression(value);
    }
    this.frames.pop();
  }

  // ---- expressions ---------------------------------------------------------

  /** Walks an expression, recording calls, console uses, loops and nested functions. */
  private expression(node: N, assignedTo: string[] = []): void {
    const a = this.a;
    const n = this.unwrap(node);
    switch (a.type(n)) {
      case "CallExpression":
      case "NewExpression":
        this.callNode(n, assignedTo);
        return;
      case "AwaitExpression":
        this.expression(a.child(n, "argument")!, assignedTo);
        return;
      case "MemberExpression":
        this.memberNode(n, null);
        return;
      case "FunctionExpression":
      case "ArrowFunctionExpression":
        // `const shutdown = () => …` is named `shutdown`, as a declaration would be.
        this.functionNode(n, null, assignedTo?.length === 1 ? assignedTo[0] : "");
        return;
      case "Property": {
        // `{ onEpochEnd: (epoch, logs) => … }`: the callback is named by its key.
        const key = a.child(n, "key");
        const value = a.child(n, "value");
        if (
          value !== null &&
          FUNCTION_TYPES.has(a.type(value)) &&
          !a.flag(n, "computed") &&
          key !== null &&
          a.type(key) === "Identifier"
        ) {
          this.functionNode(value, null, a.name(key)!);
          return;
        }
        this.walkChildren(n);
        return;
      }
      case "ClassExpression":
        this.classNode(n, null);
        return;
      case "AssignmentExpression": {
        const targets = this.patternNames(this.unwrap(a.child(n, "left")!));
        this.expression(a.child(n, "left")!);
        this.expression(a.child(n, "right")!, targets);
        return;
      }
      case "Identifier":
        return;
      default:
        this.walkChildren(n);
    }
  }

  private walkChildren(node: N): void {
    this.a.eachChild(node, this.visitChild);
  }

  private readonly visitChild = (node: N): void => this.visit(node);

  /** Statement or expression, whichever this node is. */
  private visit(node: N): void {
    const type = this.a.type(node);
    if (type === "ExpressionStatement") {
      this.expression(this.a.child(node, "expression")!);
      return;
    }
    if (isStatementOrDeclaration(type)) {
      if (FUNCTION_TYPES.has(type)) this.functionNode(node, null);
      else if (type === "ClassDeclaration") this.classNode(node, null);
      else this.walkChildren(node);
      return;
    }
    this.expression(node);
  }

  private memberNode(node: N, callId: number | null): void {
    const a = this.a;
    const object = this.unwrap(a.child(node, "object")!);
    if (a.type(object) === "Identifier" && a.name(object) === "console" && this.lookup("console") === null) {
      const method = this.memberName(node) ?? "[computed]";
      const site: LogSite = {
        kind: "console",
        level: CONSOLE_LEVELS.get(method) ?? null,
        method,
        range: this.range(node),
        call: callId,
        hasTraceback: false,
        receiverText: "console",
        isRoot: false,
      };
      this.model.logSites.push(site);
    } else this.expression(object);
    if (a.flag(node, "computed")) this.expression(a.child(node, "property")!);
  }

  private callNode(node: N, assignedTo: string[]): void {
    const a = this.a;
    const calleeNode = this.unwrap(a.child(node, "callee")!);
    const calleeIsMember = a.type(calleeNode) === "MemberExpression";
    const calleeText = this.dottedText(calleeNode);
    const dot = calleeText?.lastIndexOf(".") ?? -1;
    const call: Call = {
      id: this.model.calls.length,
      range: this.range(node),
      calleeRange: this.range(calleeNode),
      calleeText,
      callee: calleeText === null ? null : this.resolve(calleeText),
      method: calleeText === null ? null : calleeText.slice(dot + 1),
      receiverText: calleeText !== null && dot !== -1 ? calleeText.slice(0, dot) : null,
      args: [],
      scope: this.scope,
      loops: [...this.loopStack],
      handler: this.handler,
      statement: this.statement,
      assignedTo,
      callbackScopes: [],
    };
    if (calleeText === null && calleeIsMember) {
      call.method = this.memberName(calleeNode);
    }
    this.model.calls.push(call);
    this.callIds.set(node, call.id);
    const argNodes = a.children(node, "arguments");
    this.pendingArgs.push({ call, nodes: argNodes });

    if (calleeIsMember) this.memberNode(calleeNode, call.id);
    else this.expression(calleeNode);

    const iterating = call.method !== null && ITERATING_METHODS.has(call.method) && calleeIsMember;
    for (let i = 0; i < argNodes.length; i++) {
      const arg0 = argNodes[i]!;
      const arg = this.unwrap(a.type(arg0) === "SpreadElement" ? a.child(arg0, "argument")! : arg0);
      if (FUNCTION_TYPES.has(a.type(arg))) {
        if (iterating) {
          const params = a.children(arg, "params").flatMap((p) => this.patternNames(p));
          const receiver = a.child(calleeNode, "object");
          this.pushLoop("method", this.range(node), params, receiver !== null ? this.summarize(receiver) : null);
          call.callbackScopes.push(this.functionNode(arg, null, "", true));
          this.loopStack.pop();
        } else call.callbackScopes.push(this.functionNode(arg, null));
      } else this.expression(arg);
    }
  }

  private arg(node: N): Arg {
    if (this.a.type(node) === "SpreadElement") {
      return {
        kind: "spread",
        name: null,
        value: this.summarize(this.a.child(node, "argument")!),
        range: this.range(node),
      };
    }
    return { kind: "positional", name: null, value: this.summarize(node), range: this.range(node) };
  }

  /** A summary of an expression for rules (see `Expr`). */
  private summarize(raw: N): Expr {
    const a = this.a;
    const node = this.unwrap(raw);
    const range = this.range(node);
    switch (a.type(node)) {
      case "Literal":
      case "StringLiteral":
      case "NumericLiteral":
      case "BooleanLiteral":
      case "NullLiteral": {
        const v = a.literal(node);
        if (typeof v === "string") return { type: "str", range, value: v };
        if (typeof v === "number") return { type: "num", range, value: v };
        if (typeof v === "boolean") return { type: "bool", range, value: v };
        if (v === null) return { type: "none", range };
        return { type: "other", range };
      }
      case "TemplateLiteral": {
        const quasis = a.children(node, "quasis");
        const exprs = a.children(node, "expressions");
        const parts: FormatPart[] = [];
        quasis.forEach((q, i) => {
          const cooked = a.cooked(q) ?? a.raw(q);
          if (cooked) parts.push({ kind: "text", value: cooked });
          const e = exprs[i];
          if (e !== undefined) {
            parts.push({ kind: "expr", expr: this.summarize(e), conversion: null, spec: null, range: this.range(e) });
          }
        });
        return { type: "fstring", range, parts };
      }
      case "Identifier": {
        const name = a.name(node)!;
        if (name === "undefined") return { type: "none", range };
        return { type: "name", range, name };
      }
      case "ThisExpression":
        return { type: "name", range, name: "this" };
      case "MemberExpression": {
        const name = this.memberName(node);
        if (name === null) return { type: "other", range };
        return { type: "attr", range, object: this.summarize(a.child(node, "object")!), name };
      }
      case "CallExpression":
      case "NewExpression": {
        const id = this.callIds.get(node);
        return id === undefined ? { type: "other", range } : { type: "call", range, call: id };
      }
      case "AwaitExpression":
        return this.summarize(a.child(node, "argument")!);
      case "BinaryExpression":
      case "LogicalExpression": {
        const op = a.text(node, "operator")!;
        const left = this.summarize(a.child(node, "left")!);
        const right = this.summarize(a.child(node, "right")!);
        if (/^(?:[=!]==?|[<>]=?|instanceof|in)$/.test(op)) return { type: "compare", range, op, left, right };
        return { type: "binop", range, op, left, right };
      }
      case "UnaryExpression":
        return {
          type: "unary",
          range,
          op: a.text(node, "operator")!,
          operand: this.summarize(a.child(node, "argument")!),
        };
      case "ArrayExpression":
        return { type: "list", range, elements: a.children(node, "elements").map((e) => this.summarize(e)) };
      case "ObjectExpression":
        return { type: "dict", range };
      default:
        return { type: "other", range };
    }
  }

  private statementKind(node: N): StatementKind {
    switch (this.a.type(node)) {
      case "ExpressionStatement":
        return this.a.type(this.unwrap(this.a.child(node, "expression")!)) === "AssignmentExpression"
          ? "assign"
          : "expr";
      case "VariableDeclaration":
        return "assign";
      case "ReturnStatement":
        return "return";
      case "ThrowStatement":
        return "throw";
      case "IfStatement":
        return "if";
      case "ForStatement":
      case "ForInStatement":
      case "ForOfStatement":
        return "for";
      case "WhileStatement":
      case "DoWhileStatement":
        return "while";
      case "TryStatement":
        return "try";
      case "FunctionDeclaration":
        return "function";
      case "ClassDeclaration":
        return "class";
      case "ImportDeclaration":
        return "import";
      case "BreakStatement":
        return "break";
      case "ContinueStatement":
        return "continue";
      case "EmptyStatement":
        return "pass";
      default:
        return "other";
    }
  }

  /** Identifiers read in an expression (not inside nested functions). */
  private identifiersIn(node: N): string[] {
    const saved = this.identifiers;
    this.identifiers = [];
    this.collectIdentifiers(node);
    const out = this.identifiers;
    this.identifiers = saved;
    return out;
  }

  private identifiers: string[] = [];
  /** Whether the node whose children collectIdentifiers walks is a non-computed member or property. */
  private staticNames = false;

  private collectIdentifiers(node: N): void {
    const a = this.a;
    const type = a.type(node);
    if (type === "Identifier") {
      this.identifiers.push(a.name(node)!);
      return;
    }
    if (FUNCTION_TYPES.has(type)) return;
    const saved = this.staticNames;
    this.staticNames = (type === "MemberExpression" || type === "Property") && !a.flag(node, "computed");
    a.eachChild(node, this.collectIdentifiersIn);
    this.staticNames = saved;
  }

  private readonly collectIdentifiersIn = (node: N, key: string): void => {
    // `a.b` reads `a` only; `{ b: a }` reads `a` only.
    if (this.staticNames && (key === "property" || key === "key")) return;
    this.collectIdentifiers(node);
  };
}

/**
 * Builds the model from any tree an AstView reads; `program` is its root. With `keep`, a
 * statement inside a function or block whose text `keep` does not match is left out, with what
 * it holds (module-level statements are always in): a partial model, for rules that need only
 * the statements holding their words (see RuleMeta.statementWords).
 */
export function buildModel<N>(
  view: AstView<N>,
  program: N,
  text: string,
  path: string,
  role: FileRole,
  comments: readonly CommentInput[],
  keep: RegExp | null = null,
): FileModel {
  return new JsModelBuilder(view, text, path, role, comments, keep).build(program);
}

const views = new WeakMap<object, AstView<EsNode>>();

/** Builds the model from ESTree objects. */
export function buildJsModel(input: JsModelInput): FileModel {
  let view = views.get(input.visitorKeys);
  if (view === undefined) views.set(input.visitorKeys, (view = estreeView(input.visitorKeys)));
  const comments = input.comments.map((c) => ({ range: rangeOf(c), value: c.value }));
  return buildModel(view, input.program, input.text, input.path, input.role, comments, input.keep ?? null);
}
