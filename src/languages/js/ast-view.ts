/**
 * How the model builder (./estree-model.ts) reads a JS/TS syntax tree: node types, children and
 * the few scalar fields it needs, all in ESTree terms. Two trees implement it: ESTree objects
 * (ESLint's AST in the plugin, oxc's JSON result) and oxc's raw-transfer buffer read in place
 * (./raw-view.ts), where a node is a number and nothing is allocated per node.
 */

/** Keys never holding child nodes the model needs (types are skipped: they never call or log). */
export const SKIPPED_KEYS: ReadonlySet<string> = new Set([
  "typeAnnotation",
  "returnType",
  "typeParameters",
  "typeArguments",
  "superTypeArguments",
]);

export interface AstView<N> {
  /** The ESTree node type (`"CallExpression"`, `"Identifier"`, …). */
  type(node: N): string;
  start(node: N): number;
  end(node: N): number;
  /** The node under `key`, or null when absent or not a node. */
  child(node: N, key: string): N | null;
  /** The nodes under `key` (holes left out), or [] when absent. */
  children(node: N, key: string): N[];
  /**
   * Every child node, in visitor-key order, with its key; keys in SKIPPED_KEYS are left out.
   * A single node's walk is what generic traversals need.
   */
  eachChild(node: N, visit: (child: N, key: string) => void): void;
  /** `name` of an Identifier or PrivateIdentifier; undefined otherwise. */
  name(node: N): string | undefined;
  /**
   * A literal's `value`: string, number, boolean, null or bigint; undefined for a regular
   * expression and for anything that is not a literal.
   */
  literal(node: N): unknown;
  /** `kind` (VariableDeclaration), `operator` (unary, binary, logical) or `sourceType` (Program). */
  text(node: N, key: "kind" | "operator" | "sourceType"): string | undefined;
  /** `computed` (members, properties, class elements) or `async` (functions). */
  flag(node: N, key: "computed" | "async"): boolean;
  /** A TemplateElement's cooked text, or null when it has none (an invalid escape). */
  cooked(node: N): string | null;
  /** A TemplateElement's raw text. */
  raw(node: N): string;
}

/** The slice of an ESTree node the ESTree view reads; every parser we use fits it. */
export interface EsNode {
  type: string;
  range?: [number, number];
  start?: number;
  end?: number;
  [key: string]: unknown;
}

const LITERAL_TYPES = new Set(["Literal", "StringLiteral", "NumericLiteral", "BooleanLiteral", "NullLiteral"]);

function isNode(value: unknown): value is EsNode {
  return typeof value === "object" && value !== null && typeof (value as EsNode).type === "string";
}

/** The ESTree view over plain objects, walked with the parser's visitor keys. */
export function estreeView(keys: Readonly<Record<string, readonly string[]>>): AstView<EsNode> {
  return {
    type: (node) => node.type,
    start: (node) => (node.range ? node.range[0] : (node.start ?? 0)),
    end: (node) => (node.range ? node.range[1] : (node.end ?? 0)),
    child(node, key) {
      const v = node[key];
      return isNode(v) ? v : null;
    },
    children(node, key) {
      const v = node[key];
      return Array.isArray(v) ? (v.filter(isNode) as EsNode[]) : [];
    },
    eachChild(node, visit) {
      for (const key of keys[node.type] ?? []) {
        if (SKIPPED_KEYS.has(key)) continue;
        const v = node[key];
        if (Array.isArray(v)) {
          for (const c of v) if (isNode(c)) visit(c, key);
        } else if (isNode(v)) visit(v, key);
      }
    },
    name: (node) => (typeof node.name === "string" ? node.name : undefined),
    literal: (node) => (LITERAL_TYPES.has(node.type) && !node.regex ? node.value : undefined),
    text(node, key) {
      const v = node[key];
      return typeof v === "string" ? v : undefined;
    },
    flag: (node, key) => node[key] === true,
    cooked: (node) => (node.value as { cooked?: string | null }).cooked ?? null,
    raw: (node) => (node.value as { raw: string }).raw,
  };
}
