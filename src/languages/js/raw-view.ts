/**
 * oxc's tree read in place: an AstView (./ast-view.ts) over the raw-transfer buffer
 * (./oxc-raw.ts), presenting the ESTree shapes oxc's own deserializer would build
 * (`oxc-parser/src-js/generated/deserialize/{js,ts}.js`, version 0.159: field offsets, enum
 * discriminants, Vec/Box/Option layout), without building them. A node is a number: its distance
 * from the end of the buffer's active region times 32, plus a kind (the Rust struct, or an ESTree
 * node the deserializer makes up, such as the `AssignmentPattern` of a parameter with a default).
 * Nothing is allocated per node but the arrays of children lists, so a file's tree never becomes
 * garbage to collect.
 *
 * Only what the model builder can reach is presented: type annotations are never walked, nor the
 * names of JSX elements and attributes, nor import attributes; nothing under them calls or logs.
 * Ranges are those the builder reads (binding patterns keep their own, without the type
 * annotation the deserializer stretches them over). What the builder would reach but this view
 * does not cover (a destructured parameter with decorators) throws UnsupportedSyntax, and the
 * caller models that file from the ESTree instead. The oracle test and `scripts/raw-view-oracle.ts` hold both paths to the same model.
 */
import type { AstView } from "./ast-view.js";

/** This view does not present the node the builder asked for; use the ESTree path. */
export class UnsupportedSyntax extends Error {}

/** Where the buffer's active region ends (oxc-parser 0.159's ACTIVE_SIZE). */
const ACTIVE = 2147483560;

// ---- kinds ----------------------------------------------------------------

/** The kinds of node the view presents: a Rust struct, or an ESTree node the deserializer makes up. */
const enum K {
  PROGRAM,
  IDENT,
  PRIVATE_IDENT,
  THIS_PARAM, // `this: T` parameter
  GLOBAL_ID, // `declare global`'s id, at the declaration
  META_FIRST, // `import` of import.meta / `new` of new.target
  META_SECOND, // `meta` / `target`
  NEW_TARGET_FIRST,
  NEW_TARGET_SECOND,
  INDEX_SIG_NAME,
  ATPI_VALUE, // the value of `{ a } = …`, a copy of the key
  BOOL_LIT,
  NULL_LIT,
  NUM_LIT,
  BIGINT_LIT,
  REGEXP_LIT,
  STR_LIT,
  TEMPLATE_LIT,
  TEMPLATE_ELEM,
  TAGGED_TEMPLATE,
  SUPER,
  THIS,
  ARRAY_EXPR,
  ARROW,
  ASSIGN_EXPR,
  AWAIT,
  BINARY,
  PRIVATE_IN,
  CALL,
  CHAIN,
  CLASS, // ClassDeclaration / ClassExpression at +136
  CONDITIONAL,
  FUNCTION, // type at +88
  IMPORT_EXPR,
  LOGICAL,
  NEW,
  OBJECT_EXPR,
  PAREN,
  SEQUENCE,
  UNARY,
  UPDATE,
  YIELD,
  IMPORT_META,
  NEW_TARGET,
  V8_INTRINSIC,
  COMPUTED_MEMBER,
  STATIC_MEMBER,
  PRIVATE_MEMBER,
  SPREAD,
  OBJECT_PROP,
  TS_AS,
  TS_SATISFIES,
  TS_TYPE_ASSERTION,
  TS_NON_NULL,
  TS_INSTANTIATION,
  ARRAY_TARGET,
  OBJECT_TARGET,
  TARGET_REST,
  TARGET_WITH_DEFAULT,
  ATPI, // `{ a } = …`, `{ a = 1 } = …`
  ATPI_DEFAULT, // the value of `{ a = 1 } = …`
  ATPP, // `{ a: b } = …`
  OBJECT_PATTERN,
  BINDING_PROP,
  ARRAY_PATTERN,
  BINDING_REST,
  ASSIGN_PATTERN,
  PARAM_WITH_DEFAULT, // a FormalParameter with an initializer
  PARAM_PROPERTY, // a FormalParameter with a modifier
  PARAM_PROPERTY_DEFAULT, // its parameter, with an initializer
  PARAM_REST, // a FormalParameterRest
  FUNCTION_BODY,
  DECORATOR,
  DIRECTIVE,
  BLOCK,
  BREAK,
  CONTINUE,
  DEBUGGER,
  DO_WHILE,
  EMPTY,
  EXPR_STMT,
  FOR_IN,
  FOR_OF,
  FOR,
  IF,
  LABELED,
  RETURN,
  SWITCH,
  SWITCH_CASE,
  THROW,
  TRY,
  CATCH,
  WHILE,
  WITH,
  VAR_DECL,
  DECLARATOR,
  CLASS_BODY,
  STATIC_BLOCK,
  METHOD_DEF, // or TSAbstractMethodDefinition, at +12
  PROP_DEF, // or TSAbstractPropertyDefinition, at +12
  ACCESSOR_PROP, // or TSAbstractAccessorProperty, at +12
  TS_INDEX_SIG,
  IMPORT_DECL,
  IMPORT_SPEC,
  IMPORT_DEFAULT_SPEC,
  IMPORT_NS_SPEC,
  EXPORT_DECL, // `export <declaration>`
  EXPORT_NAMED, // `export { a }`
  EXPORT_FROM, // `export { a } from "m"`
  EXPORT_DEFAULT,
  EXPORT_ALL,
  EXPORT_SPEC,
  JSX_ELEMENT,
  JSX_OPENING,
  JSX_CLOSING,
  JSX_FRAGMENT,
  JSX_ATTR,
  JSX_SPREAD_ATTR,
  JSX_CONTAINER,
  JSX_EMPTY,
  JSX_TEXT,
  JSX_SPREAD_CHILD,
  TS_TYPE_ALIAS,
  TS_INTERFACE,
  TS_HERITAGE,
  TS_INTERFACE_BODY,
  TS_PROP_SIG,
  TS_CALL_SIG,
  TS_CONSTRUCT_SIG,
  TS_METHOD_SIG,
  TS_ENUM,
  TS_ENUM_BODY,
  TS_ENUM_MEMBER,
  TS_EXTERNAL_MODULE,
  TS_NAMESPACE,
  TS_GLOBAL,
  TS_MODULE_BLOCK,
  TS_IMPORT_EQUALS,
  TS_EXTERNAL_REF,
  TS_QUALIFIED,
  QUALIFIED_MEMBER, // a TSQualifiedName in `extends` / `implements`
  TS_CLASS_IMPLEMENTS,
  NAMESPACE_PATH, // the id of `namespace a.b.c {}`: nothing under it is read
  TS_EXPORT_ASSIGN,
  TS_NS_EXPORT,
}

/** The ESTree type of each kind (Function, Class and class elements read theirs from the buffer). */
const TYPE: readonly string[] = [
  "Program", // PROGRAM
  "Identifier", // IDENT
  "PrivateIdentifier", // PRIVATE_IDENT
  "Identifier", // THIS_PARAM
  "Identifier", // GLOBAL_ID
  "Identifier", // META_FIRST
  "Identifier", // META_SECOND
  "Identifier", // NEW_TARGET_FIRST
  "Identifier", // NEW_TARGET_SECOND
  "Identifier", // INDEX_SIG_NAME
  "Identifier", // ATPI_VALUE
  "Literal", // BOOL_LIT
  "Literal", // NULL_LIT
  "Literal", // NUM_LIT
  "Literal", // BIGINT_LIT
  "Literal", // REGEXP_LIT
  "Literal", // STR_LIT
  "TemplateLiteral", // TEMPLATE_LIT
  "TemplateElement", // TEMPLATE_ELEM
  "TaggedTemplateExpression", // TAGGED_TEMPLATE
  "Super", // SUPER
  "ThisExpression", // THIS
  "ArrayExpression", // ARRAY_EXPR
  "ArrowFunctionExpression", // ARROW
  "AssignmentExpression", // ASSIGN_EXPR
  "AwaitExpression", // AWAIT
  "BinaryExpression", // BINARY
  "BinaryExpression", // PRIVATE_IN
  "CallExpression", // CALL
  "ChainExpression", // CHAIN
  "Class", // CLASS
  "ConditionalExpression", // CONDITIONAL
  "Function", // FUNCTION
  "ImportExpression", // IMPORT_EXPR
  "LogicalExpression", // LOGICAL
  "NewExpression", // NEW
  "ObjectExpression", // OBJECT_EXPR
  "ParenthesizedExpression", // PAREN
  "SequenceExpression", // SEQUENCE
  "UnaryExpression", // UNARY
  "UpdateExpression", // UPDATE
  "YieldExpression", // YIELD
  "MetaProperty", // IMPORT_META
  "MetaProperty", // NEW_TARGET
  "V8IntrinsicExpression", // V8_INTRINSIC
  "MemberExpression", // COMPUTED_MEMBER
  "MemberExpression", // STATIC_MEMBER
  "MemberExpression", // PRIVATE_MEMBER
  "SpreadElement", // SPREAD
  "Property", // OBJECT_PROP
  "TSAsExpression", // TS_AS
  "TSSatisfiesExpression", // TS_SATISFIES
  "TSTypeAssertion", // TS_TYPE_ASSERTION
  "TSNonNullExpression", // TS_NON_NULL
  "TSInstantiationExpression", // TS_INSTANTIATION
  "ArrayPattern", // ARRAY_TARGET
  "ObjectPattern", // OBJECT_TARGET
  "RestElement", // TARGET_REST
  "AssignmentPattern", // TARGET_WITH_DEFAULT
  "Property", // ATPI
  "AssignmentPattern", // ATPI_DEFAULT
  "Property", // ATPP
  "ObjectPattern", // OBJECT_PATTERN
  "Property", // BINDING_PROP
  "ArrayPattern", // ARRAY_PATTERN
  "RestElement", // BINDING_REST
  "AssignmentPattern", // ASSIGN_PATTERN
  "AssignmentPattern", // PARAM_WITH_DEFAULT
  "TSParameterProperty", // PARAM_PROPERTY
  "AssignmentPattern", // PARAM_PROPERTY_DEFAULT
  "RestElement", // PARAM_REST
  "BlockStatement", // FUNCTION_BODY
  "Decorator", // DECORATOR
  "ExpressionStatement", // DIRECTIVE
  "BlockStatement", // BLOCK
  "BreakStatement", // BREAK
  "ContinueStatement", // CONTINUE
  "DebuggerStatement", // DEBUGGER
  "DoWhileStatement", // DO_WHILE
  "EmptyStatement", // EMPTY
  "ExpressionStatement", // EXPR_STMT
  "ForInStatement", // FOR_IN
  "ForOfStatement", // FOR_OF
  "ForStatement", // FOR
  "IfStatement", // IF
  "LabeledStatement", // LABELED
  "ReturnStatement", // RETURN
  "SwitchStatement", // SWITCH
  "SwitchCase", // SWITCH_CASE
  "ThrowStatement", // THROW
  "TryStatement", // TRY
  "CatchClause", // CATCH
  "WhileStatement", // WHILE
  "WithStatement", // WITH
  "VariableDeclaration", // VAR_DECL
  "VariableDeclarator", // DECLARATOR
  "ClassBody", // CLASS_BODY
  "StaticBlock", // STATIC_BLOCK
  "MethodDefinition", // METHOD_DEF
  "PropertyDefinition", // PROP_DEF
  "AccessorProperty", // ACCESSOR_PROP
  "TSIndexSignature", // TS_INDEX_SIG
  "ImportDeclaration", // IMPORT_DECL
  "ImportSpecifier", // IMPORT_SPEC
  "ImportDefaultSpecifier", // IMPORT_DEFAULT_SPEC
  "ImportNamespaceSpecifier", // IMPORT_NS_SPEC
  "ExportNamedDeclaration", // EXPORT_DECL
  "ExportNamedDeclaration", // EXPORT_NAMED
  "ExportNamedDeclaration", // EXPORT_FROM
  "ExportDefaultDeclaration", // EXPORT_DEFAULT
  "ExportAllDeclaration", // EXPORT_ALL
  "ExportSpecifier", // EXPORT_SPEC
  "JSXElement", // JSX_ELEMENT
  "JSXOpeningElement", // JSX_OPENING
  "JSXClosingElement", // JSX_CLOSING
  "JSXFragment", // JSX_FRAGMENT
  "JSXAttribute", // JSX_ATTR
  "JSXSpreadAttribute", // JSX_SPREAD_ATTR
  "JSXExpressionContainer", // JSX_CONTAINER
  "JSXEmptyExpression", // JSX_EMPTY
  "JSXText", // JSX_TEXT
  "JSXSpreadChild", // JSX_SPREAD_CHILD
  "TSTypeAliasDeclaration", // TS_TYPE_ALIAS
  "TSInterfaceDeclaration", // TS_INTERFACE
  "TSInterfaceHeritage", // TS_HERITAGE
  "TSInterfaceBody", // TS_INTERFACE_BODY
  "TSPropertySignature", // TS_PROP_SIG
  "TSCallSignatureDeclaration", // TS_CALL_SIG
  "TSConstructSignatureDeclaration", // TS_CONSTRUCT_SIG
  "TSMethodSignature", // TS_METHOD_SIG
  "TSEnumDeclaration", // TS_ENUM
  "TSEnumBody", // TS_ENUM_BODY
  "TSEnumMember", // TS_ENUM_MEMBER
  "TSModuleDeclaration", // TS_EXTERNAL_MODULE
  "TSModuleDeclaration", // TS_NAMESPACE
  "TSModuleDeclaration", // TS_GLOBAL
  "TSModuleBlock", // TS_MODULE_BLOCK
  "TSImportEqualsDeclaration", // TS_IMPORT_EQUALS
  "TSExternalModuleReference", // TS_EXTERNAL_REF
  "TSQualifiedName", // TS_QUALIFIED
  "MemberExpression", // QUALIFIED_MEMBER
  "TSClassImplements", // TS_CLASS_IMPLEMENTS
  "TSQualifiedName", // NAMESPACE_PATH
  "TSExportAssignment", // TS_EXPORT_ASSIGN
  "TSNamespaceExportDeclaration", // TS_NS_EXPORT
];
const KIND_COUNT = TYPE.length;

/** The type of each kind whose type is not read from the buffer. */
const READ_TYPE = new Set<number>([K.FUNCTION, K.CLASS, K.METHOD_DEF, K.PROP_DEF, K.ACCESSOR_PROP]);
const STATIC_TYPE: readonly (string | undefined)[] = TYPE.map((t, k) => (READ_TYPE.has(k) ? undefined : t));
/** Kinds whose range is not the span at the start of their struct. */
const OWN_RANGE = new Uint8Array(256);
for (const k of [
  K.ATPI_VALUE,
  K.GLOBAL_ID,
  K.META_FIRST,
  K.META_SECOND,
  K.NEW_TARGET_FIRST,
  K.NEW_TARGET_SECOND,
  K.PARAM_REST,
  K.PARAM_PROPERTY_DEFAULT,
])
  OWN_RANGE[k] = 1;
// Identifiers (IdentifierName, IdentifierReference, BindingIdentifier, LabelIdentifier): name at +16.
// Literals
// Expressions
// Assignment targets
// Binding patterns
// Statements
// Classes
// Modules
// JSX (names are leaves: nothing the builder reads is under them)
// TypeScript declarations

if (KIND_COUNT > 256) throw new Error("raw view: too many kinds for the node encoding");

// ---- enums: discriminant → kind --------------------------------------------

const HOLE = -2; // a value that reads back as no node (an elision, `None`)
const NONE = 255;
/** An inline variant (the struct sits in the enum, not behind a Box). */
const INLINE = 1024;

function table(entries: Record<number, number>): Int16Array {
  const t = new Int16Array(256).fill(-1);
  t[NONE] = HOLE;
  for (const [d, k] of Object.entries(entries)) t[Number(d)] = k;
  return t;
}

const EXPRESSION_VARIANTS: Record<number, number> = {
  0: K.BOOL_LIT,
  1: K.NULL_LIT,
  2: K.NUM_LIT,
  3: K.BIGINT_LIT,
  4: K.REGEXP_LIT,
  5: K.STR_LIT,
  6: K.TEMPLATE_LIT,
  7: K.IDENT,
  8: K.SUPER,
  9: K.ARRAY_EXPR,
  10: K.ARROW,
  11: K.ASSIGN_EXPR,
  12: K.AWAIT,
  13: K.BINARY,
  14: K.CALL,
  15: K.CHAIN,
  16: K.CLASS,
  17: K.CONDITIONAL,
  18: K.FUNCTION,
  19: K.IMPORT_EXPR,
  20: K.LOGICAL,
  21: K.NEW,
  22: K.OBJECT_EXPR,
  23: K.PAREN,
  24: K.SEQUENCE,
  25: K.TAGGED_TEMPLATE,
  26: K.THIS,
  27: K.UNARY,
  28: K.UPDATE,
  29: K.YIELD,
  30: K.PRIVATE_IN,
  31: K.IMPORT_META,
  32: K.NEW_TARGET,
  33: K.JSX_ELEMENT,
  34: K.JSX_FRAGMENT,
  35: K.TS_AS,
  36: K.TS_SATISFIES,
  37: K.TS_TYPE_ASSERTION,
  38: K.TS_NON_NULL,
  39: K.TS_INSTANTIATION,
  40: K.V8_INTRINSIC,
  48: K.COMPUTED_MEMBER,
  49: K.STATIC_MEMBER,
  50: K.PRIVATE_MEMBER,
};
const SIMPLE_TARGET_VARIANTS: Record<number, number> = {
  0: K.IDENT,
  1: K.TS_AS,
  2: K.TS_SATISFIES,
  3: K.TS_NON_NULL,
  4: K.TS_TYPE_ASSERTION,
  48: K.COMPUTED_MEMBER,
  49: K.STATIC_MEMBER,
  50: K.PRIVATE_MEMBER,
};
const TARGET_VARIANTS = { ...SIMPLE_TARGET_VARIANTS, 8: K.ARRAY_TARGET, 9: K.OBJECT_TARGET };
const DECLARATION_VARIANTS: Record<number, number> = {
  32: K.VAR_DECL,
  33: K.FUNCTION,
  34: K.CLASS,
  35: K.TS_TYPE_ALIAS,
  36: K.TS_INTERFACE,
  37: K.TS_ENUM,
  38: K.TS_EXTERNAL_MODULE,
  39: K.TS_NAMESPACE,
  40: K.TS_GLOBAL,
  41: K.TS_IMPORT_EQUALS,
};

const EXPRESSION = table(EXPRESSION_VARIANTS);
const ARRAY_ELEMENT = table({ ...EXPRESSION_VARIANTS, 64: K.SPREAD, 65: HOLE });
const OBJECT_PROPERTY_KIND = table({ 0: K.OBJECT_PROP, 1: K.SPREAD });
const PROPERTY_KEY = table({ ...EXPRESSION_VARIANTS, 64: K.IDENT, 65: K.PRIVATE_IDENT });
const ARGUMENT = table({ ...EXPRESSION_VARIANTS, 64: K.SPREAD });
const ASSIGNMENT_TARGET = table(TARGET_VARIANTS);
const SIMPLE_TARGET = table(SIMPLE_TARGET_VARIANTS);
const TARGET_MAYBE_DEFAULT = table({ ...TARGET_VARIANTS, 16: K.TARGET_WITH_DEFAULT });
const TARGET_PROPERTY = table({ 0: K.ATPI, 1: K.ATPP });
const CHAIN_ELEMENT = table({
  0: K.CALL,
  1: K.TS_NON_NULL,
  48: K.COMPUTED_MEMBER,
  49: K.STATIC_MEMBER,
  50: K.PRIVATE_MEMBER,
});
const STATEMENT = table({
  0: K.BLOCK,
  1: K.BREAK,
  2: K.CONTINUE,
  3: K.DEBUGGER,
  4: K.DO_WHILE,
  5: K.EMPTY,
  6: K.EXPR_STMT,
  7: K.FOR_IN,
  8: K.FOR_OF,
  9: K.FOR,
  10: K.IF,
  11: K.LABELED,
  12: K.RETURN,
  13: K.SWITCH,
  14: K.THROW,
  15: K.TRY,
  16: K.WHILE,
  17: K.WITH,
  ...DECLARATION_VARIANTS,
  64: K.IMPORT_DECL,
  65: K.EXPORT_ALL,
  66: K.EXPORT_DEFAULT,
  67: K.EXPORT_DECL,
  68: K.EXPORT_NAMED,
  69: K.EXPORT_FROM,
  70: K.TS_EXPORT_ASSIGN,
  71: K.TS_NS_EXPORT,
});
const DECLARATION = table(DECLARATION_VARIANTS);
const FOR_INIT = table({ ...EXPRESSION_VARIANTS, 64: K.VAR_DECL });
const FOR_LEFT = table({ ...TARGET_VARIANTS, 16: K.VAR_DECL });
const BINDING_PATTERN = table({ 0: K.IDENT, 1: K.OBJECT_PATTERN, 2: K.ARRAY_PATTERN, 3: K.ASSIGN_PATTERN });
const ARROW_BODY = table({ ...EXPRESSION_VARIANTS, 64: K.FUNCTION_BODY });
const CLASS_ELEMENT = table({
  0: K.STATIC_BLOCK,
  1: K.METHOD_DEF,
  2: K.PROP_DEF,
  3: K.ACCESSOR_PROP,
  4: K.TS_INDEX_SIG,
});
const IMPORT_SPECIFIER = table({ 0: K.IMPORT_SPEC, 1: K.IMPORT_DEFAULT_SPEC, 2: K.IMPORT_NS_SPEC });
const MODULE_EXPORT_NAME = table({ 0: K.IDENT | INLINE, 1: K.IDENT | INLINE, 2: K.STR_LIT | INLINE });
const EXPORT_DEFAULT_KIND = table({ ...EXPRESSION_VARIANTS, 64: K.FUNCTION, 65: K.CLASS, 66: K.TS_INTERFACE });
const JSX_CHILD = table({
  0: K.JSX_TEXT,
  1: K.JSX_ELEMENT,
  2: K.JSX_FRAGMENT,
  3: K.JSX_CONTAINER,
  4: K.JSX_SPREAD_CHILD,
});
const JSX_ATTRIBUTE_ITEM = table({ 0: K.JSX_ATTR, 1: K.JSX_SPREAD_ATTR });
const JSX_ATTRIBUTE_VALUE = table({ 0: K.STR_LIT, 1: K.JSX_CONTAINER, 2: K.JSX_ELEMENT, 3: K.JSX_FRAGMENT });
const JSX_EXPRESSION = table({ ...EXPRESSION_VARIANTS, 64: K.JSX_EMPTY });
const TS_SIGNATURE = table({
  0: K.TS_INDEX_SIG,
  1: K.TS_PROP_SIG,
  2: K.TS_CALL_SIG,
  3: K.TS_CONSTRUCT_SIG,
  4: K.TS_METHOD_SIG,
});
const TS_ENUM_MEMBER_NAME = table({ 0: K.IDENT, 1: K.STR_LIT, 2: K.STR_LIT, 3: K.TEMPLATE_LIT });
const TS_TYPE_NAME = table({ 0: K.IDENT, 1: K.TS_QUALIFIED, 2: K.THIS });
const TS_MODULE_REFERENCE = table({ 0: K.TS_EXTERNAL_REF, 1: K.IDENT, 2: K.TS_QUALIFIED });

const BINARY_OPERATORS = [
  "==",
  "!=",
  "===",
  "!==",
  "<",
  "<=",
  ">",
  ">=",
  "+",
  "-",
  "*",
  "/",
  "%",
  "**",
  "<<",
  ">>",
  ">>>",
  "|",
  "^",
  "&",
  "in",
  "instanceof",
];
const LOGICAL_OPERATORS = ["||", "&&", "??"];
const UNARY_OPERATORS = ["+", "-", "!", "~", "typeof", "void", "delete"];
const VARIABLE_KINDS = ["var", "let", "const", "using", "await using"];
const MODULE_KINDS = ["script", "module", undefined, "commonjs"];

type Walk = (child: number, key: string) => void;

const { utf8Slice, latin1Slice } = Buffer.prototype as unknown as {
  utf8Slice: (this: Uint8Array, start: number, end: number) => string;
  latin1Slice: (this: Uint8Array, start: number, end: number) => string;
};

/**
 * The view over one buffer. `reset` points it at the file just parsed into the buffer; the view
 * reads only that file's tree until the next `reset`.
 */
export interface RawView extends AstView<number> {
  reset(text: string, sourceStart: number, sourceBytes: number): void;
  /** The root node, from the position of oxc's `Program`. */
  program(pos: number): number;
}

export function rawView(uint8: Uint8Array, int32: Int32Array, float64: Float64Array): RawView {
  let text = "";
  let sourceStart = 0;
  /** Strings before this byte position of the source are ASCII: byte offsets are char offsets. */
  let asciiEnd = 0;
  /** The source decoded byte for byte, made when a string past the first non-ASCII byte is read. */
  let latin: string | null = null;
  let sourceBytes = 0;

  const make = (pos: number, k: number): number => (ACTIVE - pos) * 32 + k;
  const kindOf = (n: number): number => n & 255;
  const posOf = (n: number): number => ACTIVE - (n - (n & 255)) / 32;
  const i32 = (pos: number): number => int32[pos >> 2]!;
  const u8 = (pos: number): number => uint8[pos]!;
  const isNull = (pos: number): boolean => int32[pos >> 2] === 0 && int32[(pos >> 2) + 1] === 0;

  /** The last string read at each slot (by where its bytes are), so a name read again is not copied again. */
  const seenAt = new Int32Array(1024);
  const seenLength = new Int32Array(1024);
  const seenString: string[] = new Array<string>(1024).fill("");

  function str(pos: number): string {
    const len = int32[(pos >> 2) + 2]!;
    if (len === 0) return "";
    const at = int32[pos >> 2]!;
    const slot = (at ^ len) & 1023;
    if (seenAt[slot] === at && seenLength[slot] === len) return seenString[slot]!;
    const s = readStr(at, len);
    seenAt[slot] = at;
    seenLength[slot] = len;
    seenString[slot] = s;
    return s;
  }

  function readStr(at: number, len: number): string {
    if (at >= sourceStart && at + len <= asciiEnd) return text.substr(at - sourceStart, len);
    const end = at + len;
    for (let i = at; i < end; i++) if (uint8[i]! >= 128) return utf8Slice.call(uint8, at, end);
    // ASCII bytes: in the source, a slice of its byte-for-byte decoding; elsewhere, decoded.
    if (at < sourceStart) return latin1Slice.call(uint8, at, end);
    latin ??= latin1Slice.call(uint8, sourceStart, sourceStart + sourceBytes);
    return latin.substr(at - sourceStart, len);
  }

  /** A JS string that may hold lone surrogates (oxc marks those as lossy). */
  function jsStr(pos: number): string {
    if (uint8[pos + 12] === 0) return str(pos);
    let at = int32[pos >> 2]!;
    const end = at + int32[(pos >> 2) + 2]!;
    let out = "";
    while (at < end) {
      const first = uint8[at++]!;
      let code: number;
      if (first < 128) code = first;
      else if (first < 224) code = ((first & 31) << 6) | (uint8[at++]! & 63);
      else if (first < 240) code = ((first & 15) << 12) | ((uint8[at++]! & 63) << 6) | (uint8[at++]! & 63);
      else code = ((first & 7) << 18) | ((uint8[at++]! & 63) << 12) | ((uint8[at++]! & 63) << 6) | (uint8[at++]! & 63);
      out += String.fromCodePoint(code);
    }
    return out;
  }

  /** The node an enum at `pos` holds, or -1 for none. */
  function variant(pos: number, t: Int16Array): number {
    const k = t[uint8[pos]!]!;
    if (k >= 0) {
      if (k & INLINE) return (ACTIVE - pos - 8) * 32 + (k & ~INLINE);
      return (ACTIVE - int32[(pos + 8) >> 2]!) * 32 + k;
    }
    if (k === HOLE) return -1;
    throw new UnsupportedSyntax(`variant ${uint8[pos]} at ${pos}`);
  }

  const boxed = (pos: number, k: number): number => (isNull(pos) ? -1 : make(int32[pos >> 2]!, k));
  /** An Option of an inline identifier: present when its name's pointer is set. */
  const optIdent = (pos: number): number => (isNull(pos + 16) ? -1 : make(pos, K.IDENT));

  function vecOf(pos: number, stride: number, t: Int16Array | null, k: number, out: number[]): number[] {
    let at = int32[pos >> 2]!;
    const end = at + int32[(pos >> 2) + 2]! * stride;
    for (; at !== end; at += stride) {
      if (t === null) out.push(make(at, k));
      else {
        const n = variant(at, t);
        if (n !== -1) out.push(n);
      }
    }
    return out;
  }
  const vecLen = (pos: number): number => int32[(pos >> 2) + 2]!;

  /** A FormalParameter as ESTree has it: the pattern, or a made-up AssignmentPattern / TSParameterProperty. */
  function param(p: number): number {
    if (u8(p + 13) !== NONE || u8(p + 14) !== 0 || u8(p + 15) !== 0) return make(p, K.PARAM_PROPERTY);
    if (!isNull(p + 64)) return make(p, K.PARAM_WITH_DEFAULT);
    const pattern = variant(p + 40, BINDING_PATTERN);
    // The deserializer moves the parameter's decorators onto its pattern; only an identifier's are never walked.
    if (vecLen(p + 16) !== 0 && kindOf(pattern) !== K.IDENT) throw new UnsupportedSyntax("decorated pattern");
    return pattern;
  }

  /** Parameters of a function-like node: `this`, the FormalParameters, the rest. */
  function params(thisAt: number, paramsAt: number, out: number[]): number[] {
    if (thisAt !== -1 && !isNull(thisAt)) out.push(make(i32(thisAt), K.THIS_PARAM));
    const fp = i32(paramsAt);
    let at = i32(fp + 16);
    const end = at + vecLen(fp + 16) * 72;
    for (; at !== end; at += 72) out.push(param(at));
    if (!isNull(fp + 40)) out.push(make(i32(fp + 40), K.PARAM_REST));
    return out;
  }

  /** Directives then statements, as one `body` (Program, function bodies, TS module blocks). */
  const body = (directives: number, statements: number, into: number[]): number[] =>
    vecOf(statements, 16, STATEMENT, 0, vecOf(directives, 80, null, K.DIRECTIVE, into));

  /** What is under `key`: a node, a list, or -1 (absent). */
  function field(n: number, key: string, into: number[]): number | number[] {
    const k = kindOf(n);
    const p = posOf(n);
    switch (k) {
      case K.PROGRAM:
        return key === "body" ? body(p + 88, p + 112, into) : -1;
      case K.TEMPLATE_LIT:
        if (key === "quasis") return vecOf(p + 16, 48, null, K.TEMPLATE_ELEM, into);
        if (key === "expressions") return vecOf(p + 40, 16, EXPRESSION, 0, into);
        return -1;
      case K.TAGGED_TEMPLATE:
        if (key === "tag") return variant(p + 16, EXPRESSION);
        if (key === "quasi") return make(p + 40, K.TEMPLATE_LIT);
        return -1;
      case K.ARRAY_EXPR:
        return key === "elements" ? vecOf(p + 16, 16, ARRAY_ELEMENT, 0, into) : -1;
      case K.OBJECT_EXPR:
        return key === "properties" ? vecOf(p + 16, 16, OBJECT_PROPERTY_KIND, 0, into) : -1;
      case K.OBJECT_PROP:
        if (key === "key") return variant(p + 16, PROPERTY_KEY);
        if (key === "value") return variant(p + 32, EXPRESSION);
        return -1;
      case K.ARROW:
        if (key === "params") return params(-1, p + 24, into);
        if (key === "body") return variant(p + 40, ARROW_BODY);
        return -1;
      case K.FUNCTION:
        if (key === "id") return optIdent(p + 16);
        if (key === "params") return params(p + 56, p + 64, into);
        if (key === "body") return boxed(p + 80, K.FUNCTION_BODY);
        return -1;
      case K.FUNCTION_BODY:
        return key === "body" ? body(p + 16, p + 40, into) : -1;
      case K.CLASS:
        if (key === "decorators") return vecOf(p + 16, 32, null, K.DECORATOR, into);
        if (key === "id") return optIdent(p + 40);
        if (key === "superClass") return variant(p + 80, EXPRESSION);
        if (key === "implements") return vecOf(p + 104, 40, null, K.TS_CLASS_IMPLEMENTS, into);
        if (key === "body") return boxed(p + 128, K.CLASS_BODY);
        return -1;
      case K.CLASS_BODY:
        return key === "body" ? vecOf(p + 16, 16, CLASS_ELEMENT, 0, into) : -1;
      case K.STATIC_BLOCK:
        return key === "body" ? vecOf(p + 16, 16, STATEMENT, 0, into) : -1;
      case K.METHOD_DEF:
        if (key === "decorators") return vecOf(p + 16, 32, null, K.DECORATOR, into);
        if (key === "key") return variant(p + 40, PROPERTY_KEY);
        if (key === "value") return boxed(p + 56, K.FUNCTION);
        return -1;
      case K.PROP_DEF:
      case K.ACCESSOR_PROP:
        if (key === "decorators") return vecOf(p + 16, 32, null, K.DECORATOR, into);
        if (key === "key") return variant(p + 40, PROPERTY_KEY);
        if (key === "value") return variant(p + 64, EXPRESSION);
        return -1;
      case K.TS_INDEX_SIG:
        return key === "parameters" ? (into.push(make(p + 16, K.INDEX_SIG_NAME)), into) : -1;
      case K.DECORATOR:
      case K.SPREAD:
      case K.AWAIT:
      case K.EXPR_STMT:
      case K.THROW:
      case K.PAREN:
      case K.TS_AS:
      case K.TS_SATISFIES:
      case K.TS_NON_NULL:
      case K.TS_INSTANTIATION:
      case K.TS_EXPORT_ASSIGN:
      case K.JSX_SPREAD_ATTR:
      case K.JSX_SPREAD_CHILD:
        if (key === "expression" || key === "argument") return variant(p + 16, EXPRESSION);
        return -1;
      case K.TS_TYPE_ASSERTION:
        return key === "expression" ? variant(p + 32, EXPRESSION) : -1;
      case K.CHAIN:
        return key === "expression" ? variant(p + 16, CHAIN_ELEMENT) : -1;
      case K.YIELD:
      case K.RETURN:
        return key === "argument" ? variant(p + 16, EXPRESSION) : -1;
      case K.UNARY:
        return key === "argument" ? variant(p + 16, EXPRESSION) : -1;
      case K.UPDATE:
        return key === "argument" ? variant(p + 16, SIMPLE_TARGET) : -1;
      case K.BINARY:
      case K.LOGICAL:
        if (key === "left") return variant(p + 16, EXPRESSION);
        if (key === "right") return variant(p + 32, EXPRESSION);
        return -1;
      case K.PRIVATE_IN:
        if (key === "left") return make(p + 16, K.PRIVATE_IDENT);
        if (key === "right") return variant(p + 48, EXPRESSION);
        return -1;
      case K.ASSIGN_EXPR:
        if (key === "left") return variant(p + 16, ASSIGNMENT_TARGET);
        if (key === "right") return variant(p + 32, EXPRESSION);
        return -1;
      case K.CONDITIONAL:
        if (key === "test") return variant(p + 16, EXPRESSION);
        if (key === "consequent") return variant(p + 32, EXPRESSION);
        if (key === "alternate") return variant(p + 48, EXPRESSION);
        return -1;
      case K.SEQUENCE:
        return key === "expressions" ? vecOf(p + 16, 16, EXPRESSION, 0, into) : -1;
      case K.CALL:
      case K.NEW:
        if (key === "callee") return variant(p + 16, EXPRESSION);
        if (key === "arguments") return vecOf(p + 40, 16, ARGUMENT, 0, into);
        return -1;
      case K.V8_INTRINSIC:
        if (key === "name") return make(p + 16, K.IDENT);
        if (key === "arguments") return vecOf(p + 48, 16, ARGUMENT, 0, into);
        return -1;
      case K.IMPORT_EXPR:
        if (key === "source") return variant(p + 16, EXPRESSION);
        if (key === "options") return variant(p + 32, EXPRESSION);
        return -1;
      case K.IMPORT_META:
        if (key === "meta") return make(p, K.META_FIRST);
        if (key === "property") return make(p, K.META_SECOND);
        return -1;
      case K.NEW_TARGET:
        if (key === "meta") return make(p, K.NEW_TARGET_FIRST);
        if (key === "property") return make(p, K.NEW_TARGET_SECOND);
        return -1;
      case K.COMPUTED_MEMBER:
        if (key === "object") return variant(p + 16, EXPRESSION);
        if (key === "property") return variant(p + 32, EXPRESSION);
        return -1;
      case K.STATIC_MEMBER:
        if (key === "object") return variant(p + 16, EXPRESSION);
        if (key === "property") return make(p + 32, K.IDENT);
        return -1;
      case K.PRIVATE_MEMBER:
        if (key === "object") return variant(p + 16, EXPRESSION);
        if (key === "property") return make(p + 32, K.PRIVATE_IDENT);
        return -1;
      case K.ARRAY_TARGET:
        return key === "elements"
          ? restAfter(vecOf(p + 16, 16, TARGET_MAYBE_DEFAULT, 0, into), p + 40, K.TARGET_REST)
          : -1;
      case K.OBJECT_TARGET:
        return key === "properties"
          ? restAfter(vecOf(p + 16, 16, TARGET_PROPERTY, 0, into), p + 40, K.TARGET_REST)
          : -1;
      case K.TARGET_REST:
        return key === "argument" ? variant(p + 16, ASSIGNMENT_TARGET) : -1;
      case K.TARGET_WITH_DEFAULT:
        if (key === "left") return variant(p + 16, ASSIGNMENT_TARGET);
        if (key === "right") return variant(p + 32, EXPRESSION);
        return -1;
      case K.ATPI:
        if (key === "key") return make(p + 16, K.IDENT);
        if (key === "value") return u8(p + 48) === NONE ? make(p, K.ATPI_VALUE) : make(p, K.ATPI_DEFAULT);
        return -1;
      case K.ATPI_DEFAULT:
        if (key === "left") return make(p, K.ATPI_VALUE);
        if (key === "right") return variant(p + 48, EXPRESSION);
        return -1;
      case K.ATPP:
        if (key === "key") return variant(p + 16, PROPERTY_KEY);
        if (key === "value") return variant(p + 32, TARGET_MAYBE_DEFAULT);
        return -1;
      case K.OBJECT_PATTERN:
        return key === "properties"
          ? restAfter(vecOf(p + 16, 48, null, K.BINDING_PROP, into), p + 40, K.BINDING_REST)
          : -1;
      case K.BINDING_PROP:
        if (key === "key") return variant(p + 16, PROPERTY_KEY);
        if (key === "value") return variant(p + 32, BINDING_PATTERN);
        return -1;
      case K.ARRAY_PATTERN:
        return key === "elements" ? restAfter(vecOf(p + 16, 16, BINDING_PATTERN, 0, into), p + 40, K.BINDING_REST) : -1;
      case K.BINDING_REST:
        return key === "argument" ? variant(p + 16, BINDING_PATTERN) : -1;
      case K.ASSIGN_PATTERN:
        if (key === "left") return variant(p + 16, BINDING_PATTERN);
        if (key === "right") return variant(p + 32, EXPRESSION);
        return -1;
      case K.PARAM_WITH_DEFAULT:
        if (key === "decorators") return vecOf(p + 16, 32, null, K.DECORATOR, into);
        if (key === "left") return variant(p + 40, BINDING_PATTERN);
        if (key === "right") return isNull(p + 64) ? -1 : variant(i32(p + 64), EXPRESSION);
        return -1;
      case K.PARAM_PROPERTY:
        if (key === "decorators") return vecOf(p + 16, 32, null, K.DECORATOR, into);
        if (key === "parameter")
          return isNull(p + 64) ? variant(p + 40, BINDING_PATTERN) : make(p, K.PARAM_PROPERTY_DEFAULT);
        return -1;
      case K.PARAM_PROPERTY_DEFAULT:
        if (key === "left") return variant(p + 40, BINDING_PATTERN);
        if (key === "right") return variant(i32(p + 64), EXPRESSION);
        return -1;
      case K.PARAM_REST:
        if (key === "decorators") return vecOf(p + 16, 32, null, K.DECORATOR, into);
        if (key === "argument") return variant(p + 56, BINDING_PATTERN);
        return -1;
      case K.DIRECTIVE:
        return key === "expression" ? make(p + 16, K.STR_LIT) : -1;
      case K.BLOCK:
        return key === "body" ? vecOf(p + 16, 16, STATEMENT, 0, into) : -1;
      case K.BREAK:
      case K.CONTINUE:
        return key === "label" ? optIdent(p + 16) : -1;
      case K.DO_WHILE:
        if (key === "body") return variant(p + 16, STATEMENT);
        if (key === "test") return variant(p + 32, EXPRESSION);
        return -1;
      case K.WHILE:
        if (key === "test") return variant(p + 16, EXPRESSION);
        if (key === "body") return variant(p + 32, STATEMENT);
        return -1;
      case K.WITH:
        if (key === "object") return variant(p + 16, EXPRESSION);
        if (key === "body") return variant(p + 32, STATEMENT);
        return -1;
      case K.FOR_IN:
      case K.FOR_OF:
        if (key === "left") return variant(p + 16, FOR_LEFT);
        if (key === "right") return variant(p + 32, EXPRESSION);
        if (key === "body") return variant(p + 48, STATEMENT);
        return -1;
      case K.FOR:
        if (key === "init") return variant(p + 16, FOR_INIT);
        if (key === "test") return variant(p + 32, EXPRESSION);
        if (key === "update") return variant(p + 48, EXPRESSION);
        if (key === "body") return variant(p + 64, STATEMENT);
        return -1;
      case K.IF:
        if (key === "test") return variant(p + 16, EXPRESSION);
        if (key === "consequent") return variant(p + 32, STATEMENT);
        if (key === "alternate") return variant(p + 48, STATEMENT);
        return -1;
      case K.LABELED:
        if (key === "label") return make(p + 16, K.IDENT);
        if (key === "body") return variant(p + 48, STATEMENT);
        return -1;
      case K.SWITCH:
        if (key === "discriminant") return variant(p + 16, EXPRESSION);
        if (key === "cases") return vecOf(p + 32, 56, null, K.SWITCH_CASE, into);
        return -1;
      case K.SWITCH_CASE:
        if (key === "test") return variant(p + 16, EXPRESSION);
        if (key === "consequent") return vecOf(p + 32, 16, STATEMENT, 0, into);
        return -1;
      case K.TRY:
        if (key === "block") return boxed(p + 16, K.BLOCK);
        if (key === "handler") return boxed(p + 24, K.CATCH);
        if (key === "finalizer") return boxed(p + 32, K.BLOCK);
        return -1;
      case K.CATCH:
        if (key === "param") return u8(p + 32) === NONE ? -1 : variant(p + 32, BINDING_PATTERN);
        if (key === "body") return boxed(p + 56, K.BLOCK);
        return -1;
      case K.VAR_DECL:
        return key === "declarations" ? vecOf(p + 16, 56, null, K.DECLARATOR, into) : -1;
      case K.DECLARATOR:
        if (key === "id") return variant(p + 16, BINDING_PATTERN);
        if (key === "init") return variant(p + 40, EXPRESSION);
        return -1;
      case K.IMPORT_DECL:
        if (key === "specifiers") return isNull(p + 16) ? into : vecOf(p + 16, 16, IMPORT_SPECIFIER, 0, into);
        if (key === "source") return make(p + 40, K.STR_LIT);
        return -1;
      case K.IMPORT_SPEC:
        if (key === "imported") return variant(p + 16, MODULE_EXPORT_NAME);
        if (key === "local") return make(p + 72, K.IDENT);
        return -1;
      case K.IMPORT_DEFAULT_SPEC:
      case K.IMPORT_NS_SPEC:
        return key === "local" ? make(p + 16, K.IDENT) : -1;
      case K.EXPORT_DECL:
        return key === "declaration" ? variant(p + 16, DECLARATION) : -1;
      case K.EXPORT_NAMED:
        return key === "specifiers" ? vecOf(p + 16, 128, null, K.EXPORT_SPEC, into) : -1;
      case K.EXPORT_FROM:
        if (key === "specifiers") return vecOf(p + 16, 128, null, K.EXPORT_SPEC, into);
        if (key === "source") return make(p + 40, K.STR_LIT);
        return -1;
      case K.EXPORT_DEFAULT:
        return key === "declaration" ? variant(p + 16, EXPORT_DEFAULT_KIND) : -1;
      case K.EXPORT_ALL:
        if (key === "exported") return variant(p + 16, MODULE_EXPORT_NAME);
        if (key === "source") return make(p + 72, K.STR_LIT);
        return -1;
      case K.EXPORT_SPEC:
        if (key === "local") return variant(p + 16, MODULE_EXPORT_NAME);
        if (key === "exported") return variant(p + 72, MODULE_EXPORT_NAME);
        return -1;
      case K.JSX_ELEMENT:
        if (key === "openingElement") return make(i32(p + 16), K.JSX_OPENING);
        if (key === "children") return vecOf(p + 24, 16, JSX_CHILD, 0, into);
        if (key === "closingElement") return boxed(p + 48, K.JSX_CLOSING);
        return -1;
      case K.JSX_OPENING:
        return key === "attributes" ? vecOf(p + 40, 16, JSX_ATTRIBUTE_ITEM, 0, into) : -1;
      case K.JSX_FRAGMENT:
        return key === "children" ? vecOf(p + 32, 16, JSX_CHILD, 0, into) : -1;
      case K.JSX_ATTR:
        return key === "value" ? variant(p + 32, JSX_ATTRIBUTE_VALUE) : -1;
      case K.JSX_CONTAINER:
        return key === "expression" ? variant(p + 16, JSX_EXPRESSION) : -1;
      case K.TS_TYPE_ALIAS:
        return key === "id" ? make(p + 16, K.IDENT) : -1;
      case K.TS_INTERFACE:
        if (key === "id") return make(p + 16, K.IDENT);
        if (key === "extends") return vecOf(p + 56, 40, null, K.TS_HERITAGE, into);
        if (key === "body") return boxed(p + 80, K.TS_INTERFACE_BODY);
        return -1;
      case K.TS_HERITAGE:
      case K.TS_CLASS_IMPLEMENTS:
        return key === "expression" ? heritageName(p + 16) : -1;
      case K.QUALIFIED_MEMBER:
        if (key === "object") return heritageName(p + 16);
        if (key === "property") return make(p + 32, K.IDENT);
        return -1;
      case K.TS_INTERFACE_BODY:
        return key === "body" ? vecOf(p + 16, 16, TS_SIGNATURE, 0, into) : -1;
      case K.TS_PROP_SIG:
        return key === "key" ? variant(p + 16, PROPERTY_KEY) : -1;
      case K.TS_CALL_SIG:
        return key === "params" ? params(p + 24, p + 32, into) : -1;
      case K.TS_CONSTRUCT_SIG:
        return key === "params" ? params(-1, p + 24, into) : -1;
      case K.TS_METHOD_SIG:
        if (key === "key") return variant(p + 16, PROPERTY_KEY);
        if (key === "params") return params(p + 40, p + 48, into);
        return -1;
      case K.TS_ENUM:
        if (key === "id") return make(p + 16, K.IDENT);
        if (key === "body") return make(p + 48, K.TS_ENUM_BODY);
        return -1;
      case K.TS_ENUM_BODY:
        return key === "members" ? vecOf(p + 16, 48, null, K.TS_ENUM_MEMBER, into) : -1;
      case K.TS_ENUM_MEMBER:
        if (key === "id") return variant(p + 16, TS_ENUM_MEMBER_NAME);
        if (key === "initializer") return variant(p + 32, EXPRESSION);
        return -1;
      case K.TS_EXTERNAL_MODULE:
        if (key === "id") return make(p + 16, K.STR_LIT);
        if (key === "body") return boxed(p + 64, K.TS_MODULE_BLOCK);
        return -1;
      case K.TS_NAMESPACE: {
        // `namespace a.b.c {}` nests a declaration per name; ESTree has one, with the innermost body.
        const nested = u8(p + 48) === 0;
        if (key === "id") return nested ? make(p, K.NAMESPACE_PATH) : make(p + 16, K.IDENT);
        if (key === "body") {
          let at = p;
          while (u8(at + 48) === 0) at = i32(at + 56);
          return make(i32(at + 56), K.TS_MODULE_BLOCK);
        }
        return -1;
      }
      case K.TS_GLOBAL:
        if (key === "id") return make(p, K.GLOBAL_ID);
        if (key === "body") return make(p + 24, K.TS_MODULE_BLOCK);
        return -1;
      case K.TS_MODULE_BLOCK:
        return key === "body" ? body(p + 16, p + 40, into) : -1;
      case K.TS_IMPORT_EQUALS:
        if (key === "id") return make(p + 16, K.IDENT);
        if (key === "moduleReference") return variant(p + 48, TS_MODULE_REFERENCE);
        return -1;
      case K.TS_EXTERNAL_REF:
        return key === "expression" ? make(p + 16, K.STR_LIT) : -1;
      case K.TS_QUALIFIED:
        if (key === "left") return variant(p + 16, TS_TYPE_NAME);
        if (key === "right") return make(p + 32, K.IDENT);
        return -1;
      case K.TS_NS_EXPORT:
        return key === "id" ? make(p + 16, K.IDENT) : -1;
      default:
        return -1;
    }
  }

  /** A type name in `extends` / `implements`: the deserializer makes `a.b.C` a member expression. */
  function heritageName(pos: number): number {
    return u8(pos) === 1 ? make(i32(pos + 8), K.QUALIFIED_MEMBER) : variant(pos, TS_TYPE_NAME);
  }

  /** A pattern's elements or properties with its rest element, as the deserializer appends it. */
  function restAfter(list: number[], restAt: number, k: number): number[] {
    if (!isNull(restAt)) list.push(make(i32(restAt), k));
    return list;
  }

  /** ESTree visitor keys per kind, minus the skipped ones (types) and the leaves nothing reads. */
  const WALK: string[][] = [];
  const walk = (keys: string, ...kinds: number[]): void => {
    for (const k of kinds) WALK[k] = keys === "" ? [] : keys.split(",");
  };
  walk(
    "body",
    K.PROGRAM,
    K.FUNCTION_BODY,
    K.CLASS_BODY,
    K.STATIC_BLOCK,
    K.BLOCK,
    K.TS_INTERFACE_BODY,
    K.TS_MODULE_BLOCK,
  );
  walk("quasis,expressions", K.TEMPLATE_LIT);
  walk("tag,quasi", K.TAGGED_TEMPLATE);
  walk("elements", K.ARRAY_EXPR);
  walk("properties", K.OBJECT_EXPR);
  walk("key,value", K.OBJECT_PROP, K.ATPI, K.ATPP, K.BINDING_PROP);
  walk("params,body", K.ARROW);
  walk("id,params,body", K.FUNCTION);
  walk("decorators,id,superClass,implements,body", K.CLASS);
  walk("decorators,key,value", K.METHOD_DEF, K.PROP_DEF, K.ACCESSOR_PROP);
  walk("parameters", K.TS_INDEX_SIG);
  const ABSTRACT_WALK: string[][] = [];
  ABSTRACT_WALK[K.METHOD_DEF] = ["key", "value"];
  ABSTRACT_WALK[K.PROP_DEF] = ABSTRACT_WALK[K.ACCESSOR_PROP] = ["decorators", "key"];
  walk(
    "expression",
    K.DECORATOR,
    K.CHAIN,
    K.PAREN,
    K.TS_AS,
    K.TS_SATISFIES,
    K.TS_NON_NULL,
    K.TS_INSTANTIATION,
    K.TS_TYPE_ASSERTION,
  );
  walk(
    "expression",
    K.EXPR_STMT,
    K.TS_EXPORT_ASSIGN,
    K.JSX_SPREAD_CHILD,
    K.JSX_CONTAINER,
    K.DIRECTIVE,
    K.TS_EXTERNAL_REF,
  );
  walk(
    "argument",
    K.SPREAD,
    K.AWAIT,
    K.THROW,
    K.YIELD,
    K.RETURN,
    K.UNARY,
    K.UPDATE,
    K.JSX_SPREAD_ATTR,
    K.TARGET_REST,
    K.BINDING_REST,
  );
  walk(
    "left,right",
    K.BINARY,
    K.LOGICAL,
    K.PRIVATE_IN,
    K.ASSIGN_EXPR,
    K.TARGET_WITH_DEFAULT,
    K.ATPI_DEFAULT,
    K.ASSIGN_PATTERN,
  );
  walk("left,right", K.PARAM_PROPERTY_DEFAULT, K.TS_QUALIFIED);
  walk("test,consequent,alternate", K.CONDITIONAL, K.IF);
  walk("expressions", K.SEQUENCE);
  walk("callee,arguments", K.CALL, K.NEW);
  walk("name,arguments", K.V8_INTRINSIC);
  walk("source,options", K.IMPORT_EXPR);
  walk("meta,property", K.IMPORT_META, K.NEW_TARGET);
  walk("object,property", K.COMPUTED_MEMBER, K.STATIC_MEMBER, K.PRIVATE_MEMBER);
  walk("elements", K.ARRAY_TARGET, K.ARRAY_PATTERN);
  walk("properties", K.OBJECT_TARGET, K.OBJECT_PATTERN);
  walk("decorators,left,right", K.PARAM_WITH_DEFAULT);
  walk("decorators,parameter", K.PARAM_PROPERTY);
  walk("decorators,argument", K.PARAM_REST);
  walk("label", K.BREAK, K.CONTINUE);
  walk("body,test", K.DO_WHILE);
  walk("test,body", K.WHILE);
  walk("object,body", K.WITH);
  walk("left,right,body", K.FOR_IN, K.FOR_OF);
  walk("init,test,update,body", K.FOR);
  walk("label,body", K.LABELED);
  walk("discriminant,cases", K.SWITCH);
  walk("test,consequent", K.SWITCH_CASE);
  walk("block,handler,finalizer", K.TRY);
  walk("param,body", K.CATCH);
  walk("declarations", K.VAR_DECL);
  walk("id,init", K.DECLARATOR);
  walk("specifiers,source", K.IMPORT_DECL);
  walk("imported,local", K.IMPORT_SPEC);
  walk("local", K.IMPORT_DEFAULT_SPEC, K.IMPORT_NS_SPEC);
  walk("declaration", K.EXPORT_DECL, K.EXPORT_DEFAULT);
  walk("specifiers", K.EXPORT_NAMED);
  walk("specifiers,source", K.EXPORT_FROM);
  walk("exported,source", K.EXPORT_ALL);
  walk("local,exported", K.EXPORT_SPEC);
  walk("openingElement,children,closingElement", K.JSX_ELEMENT);
  walk("attributes", K.JSX_OPENING);
  walk("children", K.JSX_FRAGMENT);
  walk("value", K.JSX_ATTR);
  walk("id", K.TS_TYPE_ALIAS, K.TS_NS_EXPORT);
  walk("id,extends,body", K.TS_INTERFACE);
  walk("expression", K.TS_HERITAGE, K.TS_CLASS_IMPLEMENTS);
  walk("object,property", K.QUALIFIED_MEMBER);
  walk("key", K.TS_PROP_SIG);
  walk("params", K.TS_CALL_SIG, K.TS_CONSTRUCT_SIG);
  walk("key,params", K.TS_METHOD_SIG);
  walk("id,body", K.TS_ENUM, K.TS_EXTERNAL_MODULE, K.TS_NAMESPACE, K.TS_GLOBAL);
  walk("members", K.TS_ENUM_BODY);
  walk("id,initializer", K.TS_ENUM_MEMBER);
  walk("id,moduleReference", K.TS_IMPORT_EQUALS);
  for (const k of [
    K.IDENT,
    K.PRIVATE_IDENT,
    K.THIS_PARAM,
    K.GLOBAL_ID,
    K.META_FIRST,
    K.META_SECOND,
    K.NEW_TARGET_FIRST,
    K.NEW_TARGET_SECOND,
    K.INDEX_SIG_NAME,
    K.ATPI_VALUE,
    K.NAMESPACE_PATH,
    K.BOOL_LIT,
    K.NULL_LIT,
    K.NUM_LIT,
    K.BIGINT_LIT,
    K.REGEXP_LIT,
    K.STR_LIT,
    K.TEMPLATE_ELEM,
    K.SUPER,
    K.THIS,
    K.DEBUGGER,
    K.EMPTY,
    K.JSX_CLOSING,
    K.JSX_EMPTY,
    K.JSX_TEXT,
  ])
    WALK[k] = [];

  const stack: number[] = [];
  const scratch: number[] = [];

  const view: RawView = {
    reset(sourceText, start, bytes) {
      text = sourceText;
      sourceStart = start;
      sourceBytes = bytes;
      latin = null;
      stack.length = 0;
      seenAt.fill(0);
      if (sourceText.length === bytes) asciiEnd = start + bytes;
      else {
        let i = start;
        const end = start + bytes;
        while (i < end && uint8[i]! < 128) i++;
        asciiEnd = i;
      }
    },
    program: (pos) => make(pos, K.PROGRAM),
    type(n) {
      const k = n & 255;
      const t = STATIC_TYPE[k];
      if (t !== undefined) return t;
      const p = ACTIVE - (n - k) / 32;
      switch (k) {
        case K.FUNCTION:
          return FUNCTION_KIND_TYPES[u8(p + 88)]!;
        case K.CLASS:
          return u8(p + 136) === 0 ? "ClassDeclaration" : "ClassExpression";
        case K.METHOD_DEF:
          return u8(p + 12) === 0 ? "MethodDefinition" : "TSAbstractMethodDefinition";
        case K.PROP_DEF:
          return u8(p + 12) === 0 ? "PropertyDefinition" : "TSAbstractPropertyDefinition";
        case K.ACCESSOR_PROP:
          return u8(p + 12) === 0 ? "AccessorProperty" : "TSAbstractAccessorProperty";
        default:
          return TYPE[k]!;
      }
    },
    start(n) {
      const k = n & 255;
      const p = ACTIVE - (n - k) / 32;
      if (OWN_RANGE[k] === 0) return int32[p >> 2]!;
      switch (k) {
        case K.ATPI_VALUE:
          return i32(p + 16);
        case K.GLOBAL_ID:
          return i32(p + 16);
        case K.META_SECOND:
          return i32(p + 4) === 0 ? 0 : i32(p + 4) - 4;
        case K.NEW_TARGET_SECOND:
          return i32(p + 4) === 0 ? 0 : i32(p + 4) - 6;
        case K.PARAM_REST: {
          if (vecLen(p + 16) !== 0) return i32(i32(p + 16));
          return i32(p + 40);
        }
        case K.PARAM_PROPERTY_DEFAULT:
          return view.start(variant(p + 40, BINDING_PATTERN));
        default:
          return i32(p);
      }
    },
    end(n) {
      const k = n & 255;
      const p = ACTIVE - (n - k) / 32;
      if (OWN_RANGE[k] === 0) return int32[(p >> 2) + 1]!;
      switch (k) {
        case K.ATPI_VALUE:
          return i32(p + 20);
        case K.GLOBAL_ID:
          return i32(p + 20);
        case K.META_FIRST:
          return i32(p + 4) === 0 ? 0 : i32(p) + 6;
        case K.NEW_TARGET_FIRST:
          return i32(p + 4) === 0 ? 0 : i32(p) + 3;
        case K.PARAM_REST:
          return isNull(p + 72) ? i32(p + 44) : i32(i32(p + 72) + 4);
        case K.PARAM_PROPERTY_DEFAULT:
          return view.end(variant(i32(p + 64), EXPRESSION));
        default:
          return i32(p + 4);
      }
    },
    child(n, key) {
      const v = field(n, key, scratch);
      if (scratch.length !== 0) scratch.length = 0;
      return typeof v === "number" && v !== -1 ? v : null;
    },
    children(n, key) {
      const v = field(n, key, []);
      return typeof v === "number" ? [] : v;
    },
    eachChild(n, visit: Walk) {
      const k = kindOf(n);
      // Abstract class elements: ESTree walks no decorators of a method, no value of a property.
      const keys =
        (k === K.METHOD_DEF || k === K.PROP_DEF || k === K.ACCESSOR_PROP) && u8(posOf(n) + 12) === 1
          ? ABSTRACT_WALK[k]
          : WALK[k];
      if (keys === undefined) throw new UnsupportedSyntax(`walk of ${view.type(n)}`);
      // Indexed loops: a JS/TS run interprets this code (see oneShotSettings), where `for…of`
      // allocates an iterator and a result per step.
      for (let j = 0; j < keys.length; j++) {
        const key = keys[j]!;
        // Lists go on one stack shared by nested walks, so a walk allocates no arrays.
        const from = stack.length;
        const v = field(n, key, stack);
        if (typeof v === "number") {
          if (v !== -1) visit(v, key);
        } else {
          const to = stack.length;
          for (let i = from; i < to; i++) visit(stack[i]!, key);
          stack.length = from;
        }
      }
    },
    name(n) {
      const k = kindOf(n);
      const p = posOf(n);
      switch (k) {
        case K.IDENT:
        case K.PRIVATE_IDENT:
        case K.INDEX_SIG_NAME:
          return str(p + 16);
        case K.ATPI_VALUE:
          return str(p + 32);
        case K.THIS_PARAM:
          return "this";
        case K.GLOBAL_ID:
          return "global";
        case K.META_FIRST:
          return "import";
        case K.META_SECOND:
          return "meta";
        case K.NEW_TARGET_FIRST:
          return "new";
        case K.NEW_TARGET_SECOND:
          return "target";
        default:
          return undefined;
      }
    },
    literal(n) {
      const p = posOf(n);
      switch (kindOf(n)) {
        case K.STR_LIT:
          return jsStr(p + 16);
        case K.NUM_LIT:
          return float64[(p + 32) >> 3];
        case K.BOOL_LIT:
          return u8(p + 12) === 1;
        case K.NULL_LIT:
          return null;
        case K.BIGINT_LIT:
          return BigInt(str(p + 16));
        default:
          return undefined;
      }
    },
    text(n, key) {
      const k = kindOf(n);
      const p = posOf(n);
      if (key === "kind") return k === K.VAR_DECL ? VARIABLE_KINDS[u8(p + 12)] : undefined;
      if (key === "sourceType") return k === K.PROGRAM ? MODULE_KINDS[u8(p + 137)] : undefined;
      switch (k) {
        case K.BINARY:
          return BINARY_OPERATORS[u8(p + 12)];
        case K.PRIVATE_IN:
          return "in";
        case K.LOGICAL:
          return LOGICAL_OPERATORS[u8(p + 12)];
        case K.UNARY:
          return UNARY_OPERATORS[u8(p + 12)];
        default:
          return undefined;
      }
    },
    flag(n, key) {
      const k = kindOf(n);
      const p = posOf(n);
      if (key === "async") {
        if (k === K.FUNCTION) return u8(p + 90) === 1;
        if (k === K.ARROW) return u8(p + 56) === 1;
        return false;
      }
      switch (k) {
        case K.COMPUTED_MEMBER:
          return true;
        case K.OBJECT_PROP:
          return u8(p + 15) === 1;
        case K.BINDING_PROP:
        case K.PROP_DEF:
        case K.ACCESSOR_PROP:
          return u8(p + 13) === 1;
        case K.ATPP:
        case K.TS_PROP_SIG:
          return u8(p + 12) === 1;
        case K.METHOD_DEF:
          return u8(p + 14) === 1;
        case K.TS_METHOD_SIG:
          return u8(p + 64) === 1;
        case K.TS_ENUM_MEMBER:
          return u8(p + 16) > 1;
        default:
          return false;
      }
    },
    cooked(n) {
      const p = posOf(n);
      return uint8[p + 32 + 12] === 2 ? null : jsStr(p + 32);
    },
    raw: (n) => str(posOf(n) + 16),
  };
  return view;
}

const FUNCTION_KIND_TYPES = [
  "FunctionDeclaration",
  "FunctionExpression",
  "TSDeclareFunction",
  "TSEmptyBodyFunctionExpression",
];
