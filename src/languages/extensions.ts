/**
 * The file extensions of each language, in a module of their own: discovery
 * needs them before any file is parsed, and importing a frontend loads its parser.
 * `test/discover.test.ts` holds this list to the JS frontend's own `JS_EXTENSIONS`.
 */
export const PYTHON_EXTENSIONS = [".py", ".pyi"] as const;
export const JS_SOURCE_EXTENSIONS = [".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".mts", ".cts"] as const;
