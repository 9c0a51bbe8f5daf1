/**
 * Types for the two oxc-parser modules the CLI frontend imports below the
 * package's main entry (both are in its `exports`): the native binding, whose
 * result hands over each field only when its getter is read, and the helper
 * that turns the program's JSON into ESTree (restoring BigInt and RegExp values).
 */
declare module "oxc-parser/src-js/bindings" {
  import type { Comment, OxcError, ParserOptions } from "oxc-parser";

  export interface NativeParseResult {
    /** `{ node, fixes }` as JSON; see jsonParseAst. */
    readonly program: string;
    readonly comments: Comment[];
    readonly errors: OxcError[];
  }

  export function parseSync(filename: string, sourceText: string, options?: ParserOptions | null): NativeParseResult;
}

declare module "oxc-parser/src-js/wrap.js" {
  export function jsonParseAst(programJson: string): unknown;
}
