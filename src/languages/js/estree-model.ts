/**
 * ESTree → FileModel. One adapter for both JS/TS frontends: the CLI hands it
 * oxc-parser's ESTree, the ESLint plugin hands it ESLint's own AST. Scope
 * analysis is our own and only as deep as the rules need: which names are
 * imported, which are declared locally (and so shadow a global such as
 * `console`), and which are globals.
 */
import { buildLogSites } from "../../model/log-sites.js";
import { computeLineStarts, lineColAt } from "../../model/source.js";
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

/** The slice of an ESTree node the adapter reads; every parser we use fits it. */
export interface EsNode {
  type: string;
  range?: [number, number];
  start?: number;
  end?: number;
  [key: string]: unknown;
}

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
}

const CONSOLE_LEVELS: Record<string, LogLevel> = {
  error: "error",
  warn: "warning",
  info: "info",
  log: "debug",
  debug: "debug",
  trace: "debug",
  dir: "debug",
  dirxml: "debug",
  table: "debug",
};

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
/** Keys never holding child nodes we need (types are skipped: they never call or log). */
const SKIPPED_KEYS = new Set(["typeAnnotation", "returnType", "typeParameters", "typeArguments", "superTypeArguments"]);

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

function isNode(value: unknown): value is EsNode {
  return typeof value === "object" && value !== null && typeof (value as EsNode).type === "string";
}

function child(node: EsNode, key: string): EsNode | null {
  const v = node[key];
  return isNode(v) ? v : null;
}

function children(node: EsNode, key: string): EsNode[] {
  const v = node[key];
  return Array.isArray(v) ? (v.filter(isNode) as EsNode[]) : [];
}

function unwrap(node: EsNode): EsNode {
  let n = node;
  while (TS_WRAPPERS.has(n.type)) {
    const inner = child(n, "expression");
    if (!inner) break;
    n = inner;
  }
  return n;
}

/** Names bound by a pattern (`a`, `{a, b: c}`, `[x, ...rest]`, `a = 1`). */
function patternNames(node: EsNode | null, out: string[] = []): string[] {
  if (!node) return out;
  switch (node.type) {
    case "Identifier":
      out.push(node.name as string);
      break;
    case "ObjectPattern":
      for (const p of children(node, "properties")) {
        if (p.type === "RestElement") patternNames(child(p, "argument"), out);
        else patternNames(child(p, "value"), out);
      }
      break;
    case "ArrayPattern":
      for (const e of children(node, "elements")) patternNames(e, out);
      break;
    case "RestElement":
      patternNames(child(node, "argument"), out);
      break;
    case "AssignmentPattern":
      patternNames(child(node, "left"), out);
      break;
    case "TSParameterProperty":
      patternNames(child(node, "parameter"), out);
      break;
    case "MemberExpression": {
      const text = dottedText(node);
      if (text) out.push(text);
      break;
    }
  }
  return out;
}

/** `a.b.c` for identifier/member chains (`this` included), else null. */
function dottedText(node: EsNode): string | null {
  const n = unwrap(node);
  if (n.type === "Identifier") return n.name as string;
  if (n.type === "ThisExpression") return "this";
  if (n.type === "Super") return "super";
  if (n.type === "MemberExpression") {
    const obj = dottedText(child(n, "object")!);
    if (obj === null) return null;
    const name = memberName(n);
    return name === null ? null : `${obj}.${name}`;
  }
  return null;
}

/** The static property name of a member expression (`a.b`, `a["b"]`), else null. */
function memberName(node: EsNode): string | null {
  const prop = child(node, "property");
  if (!prop) return null;
  if (!node.computed) return (prop.name as string | undefined) ?? null;
  if ((prop.type === "Literal" || prop.type === "StringLiteral") && typeof prop.value === "string") return prop.value;
  if (prop.type === "TemplateLiteral" && children(prop, "expressions").length === 0) {
    const q = children(prop, "quasis")[0];
    return ((q?.value as { cooked?: string } | undefined)?.cooked ?? null) as string | null;
  }
  return null;
}

class JsModelBuilder {
  private readonly text: string;
  private readonly keys: Readonly<Record<string, readonly string[]>>;
  readonly model: FileModel;
  private readonly frames: ScopeFrame[] = [];
  private readonly loopStack: number[] = [];
  private handler: number | null = null;
  private statement = -1;
  private block = 0;
  private readonly callIds = new Map<EsNode, number>();
  private readonly pendingArgs: { call: Call; nodes: EsNode[] }[] = [];
  private unclaimedImports = 0;

  constructor(input: JsModelInput) {
    this.text = input.text;
    this.keys = input.visitorKeys;
    const lineStarts = computeLineStarts(input.text);
    this.model = {
      path: input.path,
      language: "javascript",
      text: input.text,
      lineStarts,
      role: input.role,
      imports: [],
      scopes: [],
      blocks: [],
      statements: [],
      calls: [],
      logSites: [],
      loops: [],
      handlers: [],
      comments: input.comments.map((c) => {
        const range = rangeOf(c);
        return { range, value: c.value, line: lineColAt(lineStarts, range[0]).line };
      }),
      mainBlock: null,
      moduleSystem: null,
    };
  }

  build(program: EsNode): FileModel {
    const range = rangeOf(program);
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
    this.declareHoisted(children(program, "body"), true);
    this.statementList(children(program, "body"), body);
    for (const { call, nodes } of this.pendingArgs) call.args = nodes.map((n) => this.arg(n));
    this.model.moduleSystem = this.moduleSystem(program);
    this.model.logSites = buildLogSites(this.model);
    return this.model;
  }

  private moduleSystem(program: EsNode): "esm" | "cjs" {
    if (program.sourceType === "module" && children(program, "body").some((s) => /^(Import|Export)/.test(s.type))) {
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
  private declareHoisted(statements: EsNode[], functionLevel: boolean): void {
    for (const raw of statements) {
      const s = raw.type.startsWith("Export") ? (child(raw, "declaration") ?? raw) : raw;
      switch (s.type) {
        case "ImportDeclaration":
          this.declareImport(s);
          break;
        case "VariableDeclaration":
          if (s.kind !== "var" || functionLevel) this.declareVariables(s);
          break;
        case "FunctionDeclaration":
        case "ClassDeclaration":
        case "TSEnumDeclaration":
        case "TSModuleDeclaration": {
          const id = child(s, "id");
          if (id?.type === "Identifier") this.declare(id.name as string, { kind: "local" });
          break;
        }
        case "TSImportEqualsDeclaration": {
          const id = child(s, "id");
          if (id) this.declare(id.name as string, { kind: "local" });
          break;
        }
      }
      if (functionLevel) this.hoistVars(s);
    }
  }

  /** `var` declarations nested in blocks of the current function. */
  private hoistVars(node: EsNode): void {
    if (FUNCTION_TYPES.has(node.type) || node.type === "ClassDeclaration" || node.type === "ClassExpression") return;
    if (node.type === "VariableDeclaration") {
      if (node.kind === "var") this.declareVariables(node);
      return;
    }
    if (!holdsVars(node.type)) return;
    for (const key of this.keys[node.type] ?? []) {
      const v = node[key];
      if (Array.isArray(v)) {
        for (const c of v) if (isNode(c)) this.hoistVars(c);
      } else if (isNode(v)) this.hoistVars(v);
    }
  }

  private declareVariables(decl: EsNode): void {
    for (const d of children(decl, "declarations")) {
      const id = child(d, "id");
      const init = child(d, "init");
      const required = init ? this.requireTarget(init) : null;
      if (id?.type === "Identifier" && required !== null) {
        this.addImport(id.name as string, required, required, rangeOf(d));
        continue;
      }
      if (id?.type === "ObjectPattern" && required !== null) {
        for (const p of children(id, "properties")) {
          const key = child(p, "key");
          const value = child(p, "value");
          if (p.type === "Property" && key?.type === "Identifier" && value?.type === "Identifier") {
            this.addImport(value.name as string, `${required}.${key.name as string}`, required, rangeOf(p));
          } else {
            for (const n of patternNames(p)) this.declare(n, { kind: "local" });
          }
        }
        continue;
      }
      for (const n of patternNames(id)) this.declare(n, { kind: "local" });
    }
  }

  /** `require("m")`, `require("m").x`, `await import("m")` → "m" / "m.x". */
  private requireTarget(init: EsNode): string | null {
    let n = unwrap(init);
    if (n.type === "AwaitExpression") n = unwrap(child(n, "argument")!);
    const suffix: string[] = [];
    while (n.type === "MemberExpression") {
      const name = memberName(n);
      if (name === null) return null;
      suffix.unshift(name);
      n = unwrap(child(n, "object")!);
    }
    let source: EsNode | null = null;
    if (n.type === "CallExpression") {
      const callee = child(n, "callee");
      if (callee?.type === "Identifier" && callee.name === "require" && !this.lookup("require")) {
        source = children(n, "arguments")[0] ?? null;
      }
    } else if (n.type === "ImportExpression") source = child(n, "source");
    if (!source || typeof source.value !== "string") return null;
    return [source.value, ...suffix.filter((s) => s !== "default")].join(".");
  }

  private declareImport(s: EsNode): void {
    const source = child(s, "source");
    const module = typeof source?.value === "string" ? source.value : "";
    for (const spec of children(s, "specifiers")) {
      const local = child(spec, "local");
      if (!local) continue;
      let target = module;
      if (spec.type === "ImportSpecifier") {
        const imported = child(spec, "imported");
        const name = (imported?.name ?? imported?.value) as string | undefined;
        if (name && name !== "default") target = `${module}.${name}`;
      }
      this.addImport(local.name as string, target, module, rangeOf(spec));
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

  private statementList(list: EsNode[], blockId: number): void {
    const saved = this.block;
    this.block = blockId;
    for (const s of list) this.statementNode(s);
    this.block = saved;
  }

  /** A statement in a position that may or may not be a `{}` block (`if (x) foo();`). */
  private childBlock(node: EsNode | null, kind: BlockKind, owner: number): number {
    const range = node ? rangeOf(node) : ([0, 0] as Range);
    const id = this.newBlock(kind, owner, this.scope, range);
    this.model.statements[owner]!.blocks.push(id);
    if (!node) return id;
    if (node.type === "BlockStatement") {
      this.frames.push({ scope: this.scope, names: new Map() });
      const body = children(node, "body");
      this.declareHoisted(body, false);
      this.statementList(body, id);
      this.frames.pop();
    } else this.statementList([node], id);
    return id;
  }

  private statementNode(raw: EsNode): void {
    let node = raw;
    if (
      (node.type === "ExportNamedDeclaration" || node.type === "ExportDefaultDeclaration") &&
      child(node, "declaration")
    ) {
      const decl = child(node, "declaration")!;
      if (/Declaration$/.test(decl.type)) node = decl;
    }
    const id = this.model.statements.length;
    const block = this.model.blocks[this.block]!;
    const stmt: Statement = {
      id,
      kind: statementKind(node),
      range: rangeOf(raw),
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

  private statementBody(node: EsNode, stmt: Statement): void {
    switch (node.type) {
      case "BlockStatement":
        stmt.kind = "other";
        this.childBlock(node, "other", stmt.id);
        return;
      case "IfStatement": {
        const test = child(node, "test")!;
        this.header(stmt, test);
        this.childBlock(child(node, "consequent"), "if", stmt.id);
        const alt = child(node, "alternate");
        if (alt) this.childBlock(alt, "else", stmt.id);
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
        this.childBlock(child(node, "block"), "try", stmt.id);
        const h = child(node, "handler");
        if (h) this.catchClause(h, stmt);
        const fin = child(node, "finalizer");
        if (fin) this.childBlock(fin, "finally", stmt.id);
        return;
      }
      case "SwitchStatement": {
        this.header(stmt, child(node, "discriminant")!);
        this.frames.push({ scope: this.scope, names: new Map() });
        const cases = children(node, "cases");
        this.declareHoisted(
          cases.flatMap((c) => children(c, "consequent")),
          false,
        );
        for (const c of cases) {
          const t = child(c, "test");
          if (t) this.expression(t);
          const id = this.newBlock("case", stmt.id, this.scope, rangeOf(c));
          stmt.blocks.push(id);
          this.statementList(children(c, "consequent"), id);
        }
        this.frames.pop();
        return;
      }
      case "LabeledStatement":
        this.childBlock(child(node, "body"), "other", stmt.id);
        return;
      case "ReturnStatement":
      case "ThrowStatement": {
        const arg = child(node, "argument");
        if (arg) this.header(stmt, arg);
        return;
      }
      case "VariableDeclaration":
        this.claimImports(stmt);
        for (const d of children(node, "declarations")) {
          const targets = patternNames(child(d, "id"));
          stmt.targets.push(...targets);
          const init = child(d, "init");
          if (init) this.expression(init, targets);
        }
        return;
      case "ExpressionStatement": {
        const expr = unwrap(child(node, "expression")!);
        if (expr.type === "AssignmentExpression") {
          const targets = patternNames(unwrap(child(expr, "left")!));
          stmt.targets.push(...targets);
          this.expression(child(expr, "left")!);
          this.expression(child(expr, "right")!, targets);
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

  private header(stmt: Statement, expr: EsNode): void {
    stmt.expr = this.summarize(expr);
    stmt.names = identifiersIn(expr, this.keys);
    this.expression(expr);
  }

  private loopStatement(node: EsNode, stmt: Statement): void {
    const isForOf = node.type === "ForOfStatement" || node.type === "ForInStatement";
    this.frames.push({ scope: this.scope, names: new Map() });
    let targets: string[] = [];
    let iter: Expr | null = null;
    if (isForOf) {
      const left = child(node, "left")!;
      if (left.type === "VariableDeclaration") {
        targets = children(left, "declarations").flatMap((d) => patternNames(child(d, "id")));
        if (left.kind !== "var") for (const t of targets) this.declare(t, { kind: "local" });
      } else targets = patternNames(left);
      const right = child(node, "right")!;
      iter = this.summarize(right);
      stmt.names = identifiersIn(right, this.keys);
      this.expression(right);
    } else {
      const init = child(node, "init");
      if (init) {
        if (init.type === "VariableDeclaration") {
          if (init.kind !== "var") this.declareVariables(init);
          for (const d of children(init, "declarations")) {
            targets.push(...patternNames(child(d, "id")));
            const v = child(d, "init");
            if (v) this.expression(v);
          }
        } else this.expression(init);
      }
      const test = child(node, "test");
      if (test) {
        stmt.expr = this.summarize(test);
        stmt.names = identifiersIn(test, this.keys);
        this.expression(test);
      }
      const update = child(node, "update");
      if (update) this.expression(update);
    }
    const loop = this.pushLoop(
      node.type === "WhileStatement" || node.type === "DoWhileStatement" ? "while" : "for",
      rangeOf(node),
      targets,
      iter,
    );
    loop.body = this.childBlock(child(node, "body"), "loop", stmt.id);
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

  private catchClause(h: EsNode, stmt: Statement): void {
    const param = child(h, "param");
    const names = patternNames(param);
    this.frames.push({ scope: this.scope, names: new Map() });
    for (const n of names) this.declare(n, { kind: "local" });
    const savedHandler = this.handler;
    const handler: Handler = {
      id: this.model.handlers.length,
      range: rangeOf(h),
      types: [],
      name: param?.type === "Identifier" ? (param.name as string) : null,
      body: -1,
      scope: this.scope,
      statement: stmt.id,
    };
    this.model.handlers.push(handler);
    this.handler = handler.id;
    handler.body = this.childBlock(child(h, "body"), "except", stmt.id);
    this.handler = savedHandler;
    this.frames.pop();
  }

  // ---- functions and classes ----------------------------------------------

  /**
   * A function's scope and body. `keepLoops` is for callbacks that run once
   * per element (`rows.forEach(r => …)`): their body stays inside that loop.
   */
  private functionNode(node: EsNode, stmt: Statement | null, name = "", keepLoops = false): number {
    const id = child(node, "id");
    const params = children(node, "params");
    const scopeId = this.model.scopes.length;
    const range = rangeOf(node);
    const bodyNode = child(node, "body");
    const scope: Scope = {
      id: scopeId,
      kind: node.type === "ArrowFunctionExpression" ? "lambda" : "function",
      name: (id?.name as string | undefined) ?? name,
      range,
      parent: this.scope,
      decorators: this.decorators(node),
      params: params.flatMap((p) => patternNames(p)),
      isAsync: node.async === true,
      body: -1,
    };
    this.model.scopes.push(scope);
    for (const p of params) this.walkDefaults(p);
    this.frames.push({ scope: scopeId, names: new Map() });
    if (node.type === "FunctionExpression" && id) this.declare(id.name as string, { kind: "local" });
    for (const n of scope.params) this.declare(n, { kind: "local" });
    const savedLoops = keepLoops ? [] : this.loopStack.splice(0);
    const savedHandler = this.handler;
    this.handler = null;
    const bodyId = this.newBlock("function", stmt?.id ?? null, scopeId, bodyNode ? rangeOf(bodyNode) : range);
    scope.body = bodyId;
    if (stmt) stmt.blocks.push(bodyId);
    if (bodyNode?.type === "BlockStatement") {
      const body = children(bodyNode, "body");
      this.declareHoisted(body, true);
      this.statementList(body, bodyId);
    } else if (bodyNode) {
      // Arrow function with an expression body: the expression is its one statement.
      const savedBlock = this.block;
      this.block = bodyId;
      const sid = this.model.statements.length;
      const block = this.model.blocks[bodyId]!;
      this.model.statements.push({
        id: sid,
        kind: "return",
        range: rangeOf(bodyNode),
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

  private walkDefaults(p: EsNode): void {
    if (p.type === "AssignmentPattern") this.expression(child(p, "right")!);
    else if (p.type === "TSParameterProperty") {
      const inner = child(p, "parameter");
      if (inner) this.walkDefaults(inner);
    }
  }

  private decorators(node: EsNode): Decorator[] {
    return children(node, "decorators").map((d) => {
      const expr = unwrap(child(d, "expression")!);
      const callee = expr.type === "CallExpression" ? child(expr, "callee")! : expr;
      const text = dottedText(callee) ?? this.text.slice(...rangeOf(callee));
      return {
        text,
        resolved: dottedText(callee) ? this.resolve(text) : null,
        args: expr.type === "CallExpression" ? children(expr, "arguments").map((a) => this.arg(a)) : [],
        range: rangeOf(d),
      };
    });
  }

  private classNode(node: EsNode, stmt: Statement | null): void {
    const id = child(node, "id");
    for (const d of children(node, "decorators")) this.expression(d);
    const superClass = child(node, "superClass");
    if (superClass) this.expression(superClass);
    const scopeId = this.model.scopes.length;
    const range = rangeOf(node);
    const bodyId = this.newBlock("class", stmt?.id ?? null, scopeId, range);
    this.model.scopes.push({
      id: scopeId,
      kind: "class",
      name: (id?.name as string | undefined) ?? "",
      range,
      parent: this.scope,
      decorators: this.decorators(node),
      params: [],
      isAsync: false,
      body: bodyId,
    });
    if (stmt) stmt.blocks.push(bodyId);
    this.frames.push({ scope: scopeId, names: new Map() });
    const body = child(node, "body");
    for (const member of body ? children(body, "body") : []) {
      const key = child(member, "key");
      const name = key ? ((key.name as string | undefined) ?? String(key.value ?? "")) : "";
      if (member.computed && key) this.expression(key);
      const value = child(member, "value");
      if (value && FUNCTION_TYPES.has(value.type)) {
        for (const d of children(member, "decorators")) this.expression(d);
        const fnScope = this.functionNode(value, null, name);
        const fn = this.model.scopes[fnScope]!;
        fn.decorators = this.decorators(member);
      } else if (member.type === "StaticBlock") {
        const savedBlock = this.block;
        this.block = bodyId;
        for (const s of children(member, "body")) this.statementNode(s);
        this.block = savedBlock;
      } else if (value) this.expression(value);
    }
    this.frames.pop();
  }

  // ---- expressions ---------------------------------------------------------

  /** Walks an expression, recording calls, console uses, loops and nested functions. */
  private expression(node: EsNode, assignedTo: string[] = []): void {
    const n = unwrap(node);
    switch (n.type) {
      case "CallExpression":
      case "NewExpression":
        this.callNode(n, assignedTo);
        return;
      case "AwaitExpression":
        this.expression(child(n, "argument")!, assignedTo);
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
        const key = child(n, "key");
        const value = child(n, "value");
        if (value && FUNCTION_TYPES.has(value.type) && n.computed !== true && key?.type === "Identifier") {
          this.functionNode(value, null, key.name as string);
          return;
        }
        this.walkChildren(n);
        return;
      }
      case "ClassExpression":
        this.classNode(n, null);
        return;
      case "AssignmentExpression": {
        const targets = patternNames(unwrap(child(n, "left")!));
        this.expression(child(n, "left")!);
        this.expression(child(n, "right")!, targets);
        return;
      }
      case "Identifier":
        return;
      default:
        this.walkChildren(n);
    }
  }

  private walkChildren(node: EsNode): void {
    for (const key of this.keys[node.type] ?? []) {
      if (SKIPPED_KEYS.has(key)) continue;
      const v = node[key];
      if (Array.isArray(v)) {
        for (const c of v) if (isNode(c)) this.visit(c);
      } else if (isNode(v)) this.visit(v);
    }
  }

  /** Statement or expression, whichever this node is. */
  private visit(node: EsNode): void {
    if (isStatementOrDeclaration(node.type) && node.type !== "ExpressionStatement") {
      if (FUNCTION_TYPES.has(node.type)) this.functionNode(node, null);
      else if (node.type === "ClassDeclaration") this.classNode(node, null);
      else this.walkChildren(node);
      return;
    }
    if (node.type === "ExpressionStatement") {
      this.expression(child(node, "expression")!);
      return;
    }
    this.expression(node);
  }

  private memberNode(node: EsNode, callId: number | null): void {
    const object = unwrap(child(node, "object")!);
    if (object.type === "Identifier" && object.name === "console" && this.lookup("console") === null) {
      const method = memberName(node) ?? "[computed]";
      const site: LogSite = {
        kind: "console",
        level: CONSOLE_LEVELS[method] ?? null,
        method,
        range: rangeOf(node),
        call: callId,
        hasTraceback: false,
        receiverText: "console",
        isRoot: false,
      };
      this.model.logSites.push(site);
    } else this.expression(object);
    if (node.computed) this.expression(child(node, "property")!);
  }

  private callNode(node: EsNode, assignedTo: string[]): void {
    const calleeNode = unwrap(child(node, "callee")!);
    const calleeText = dottedText(calleeNode);
    const dot = calleeText?.lastIndexOf(".") ?? -1;
    const call: Call = {
      id: this.model.calls.length,
      range: rangeOf(node),
      calleeRange: rangeOf(calleeNode),
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
    if (calleeText === null && calleeNode.type === "MemberExpression") {
      call.method = memberName(calleeNode);
    }
    this.model.calls.push(call);
    this.callIds.set(node, call.id);
    const argNodes = children(node, "arguments");
    this.pendingArgs.push({ call, nodes: argNodes });

    if (calleeNode.type === "MemberExpression") this.memberNode(calleeNode, call.id);
    else this.expression(calleeNode);

    const iterating =
      call.method !== null && ITERATING_METHODS.has(call.method) && calleeNode.type === "MemberExpression";
    for (const a of argNodes) {
      const arg = unwrap(a.type === "SpreadElement" ? child(a, "argument")! : a);
      if (FUNCTION_TYPES.has(arg.type)) {
        if (iterating) {
          const params = children(arg, "params").flatMap((p) => patternNames(p));
          const receiver = child(calleeNode, "object");
          this.pushLoop("method", rangeOf(node), params, receiver ? this.summarize(receiver) : null);
          call.callbackScopes.push(this.functionNode(arg, null, "", true));
          this.loopStack.pop();
        } else call.callbackScopes.push(this.functionNode(arg, null));
      } else this.expression(arg);
    }
  }

  private arg(node: EsNode): Arg {
    if (node.type === "SpreadElement") {
      return { kind: "spread", name: null, value: this.summarize(child(node, "argument")!), range: rangeOf(node) };
    }
    return { kind: "positional", name: null, value: this.summarize(node), range: rangeOf(node) };
  }

  /** A summary of an expression for rules (see `Expr`). */
  private summarize(raw: EsNode): Expr {
    const node = unwrap(raw);
    const range = rangeOf(node);
    switch (node.type) {
      case "Literal":
      case "StringLiteral":
      case "NumericLiteral":
      case "BooleanLiteral":
      case "NullLiteral": {
        const v = node.value;
        if (typeof v === "string") return { type: "str", range, value: v };
        if (typeof v === "number") return { type: "num", range, value: v };
        if (typeof v === "boolean") return { type: "bool", range, value: v };
        if (v === null && !node.regex && node.bigint === undefined) return { type: "none", range };
        return { type: "other", range };
      }
      case "TemplateLiteral": {
        const quasis = children(node, "quasis");
        const exprs = children(node, "expressions");
        const parts: FormatPart[] = [];
        quasis.forEach((q, i) => {
          const cooked =
            (q.value as { cooked?: string | null; raw: string }).cooked ?? (q.value as { raw: string }).raw;
          if (cooked) parts.push({ kind: "text", value: cooked });
          const e = exprs[i];
          if (e) parts.push({ kind: "expr", expr: this.summarize(e), conversion: null, spec: null, range: rangeOf(e) });
        });
        return { type: "fstring", range, parts };
      }
      case "Identifier":
        if (node.name === "undefined") return { type: "none", range };
        return { type: "name", range, name: node.name as string };
      case "ThisExpression":
        return { type: "name", range, name: "this" };
      case "MemberExpression": {
        const name = memberName(node);
        if (name === null) return { type: "other", range };
        return { type: "attr", range, object: this.summarize(child(node, "object")!), name };
      }
      case "CallExpression":
      case "NewExpression": {
        const id = this.callIds.get(node);
        return id === undefined ? { type: "other", range } : { type: "call", range, call: id };
      }
      case "AwaitExpression":
        return this.summarize(child(node, "argument")!);
      case "BinaryExpression":
      case "LogicalExpression": {
        const op = node.operator as string;
        const left = this.summarize(child(node, "left")!);
        const right = this.summarize(child(node, "right")!);
        if (/^(?:[=!]==?|[<>]=?|instanceof|in)$/.test(op)) return { type: "compare", range, op, left, right };
        return { type: "binop", range, op, left, right };
      }
      case "UnaryExpression":
        return { type: "unary", range, op: node.operator as string, operand: this.summarize(child(node, "argument")!) };
      case "ArrayExpression":
        return { type: "list", range, elements: children(node, "elements").map((e) => this.summarize(e)) };
      case "ObjectExpression":
        return { type: "dict", range };
      default:
        return { type: "other", range };
    }
  }
}

function statementKind(node: EsNode): StatementKind {
  switch (node.type) {
    case "ExpressionStatement":
      return unwrap(child(node, "expression")!).type === "AssignmentExpression" ? "assign" : "expr";
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
function identifiersIn(node: EsNode, keys: Readonly<Record<string, readonly string[]>>, out: string[] = []): string[] {
  if (node.type === "Identifier") {
    out.push(node.name as string);
    return out;
  }
  if (FUNCTION_TYPES.has(node.type)) return out;
  for (const key of keys[node.type] ?? []) {
    if (SKIPPED_KEYS.has(key)) continue;
    if (node.type === "MemberExpression" && key === "property" && !node.computed) continue;
    if (node.type === "Property" && key === "key" && !node.computed) continue;
    const v = node[key];
    if (Array.isArray(v)) {
      for (const c of v) if (isNode(c)) identifiersIn(c, keys, out);
    } else if (isNode(v)) identifiersIn(v, keys, out);
  }
  return out;
}

export function buildJsModel(input: JsModelInput): FileModel {
  return new JsModelBuilder(input).build(input.program);
}
