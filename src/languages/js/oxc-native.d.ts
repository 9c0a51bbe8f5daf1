/**
 * Types for the oxc-parser modules the CLI frontend imports below the package's main entry (all
 * are in its `exports`): the native binding, whose JSON result hands over each field only when
 * its getter is read, and whose raw-transfer entry parses into a caller's buffer; the helper that
 * turns the program's JSON into ESTree (restoring BigInt and RegExp values); and, for raw
 * transfer, the buffer layout constants and the generated deserializers (see ./oxc-raw.ts).
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
  export function parseRawSync(
    filename: string,
    buffer: Uint8Array,
    sourceStart: number,
    sourceLen: number,
    options?: ParserOptions | null,
  ): void;
  /** Offset from the start of `buffer` to its first 4 GiB boundary. */
  export function getBufferOffset(buffer: Uint8Array): number;
  /** Whether the platform can (64-bit little-endian); says nothing of the runtime. */
  export function rawTransferSupported(): boolean;
}

declare module "oxc-parser/src-js/wrap.js" {
  export function jsonParseAst(programJson: string): unknown;
}

declare module "oxc-parser/src-js/generated/constants" {
  export const BLOCK_SIZE: number;
  export const BLOCK_ALIGN: number;
  export const BUFFER_SIZE: number;
  export const ACTIVE_SIZE: number;
  export const DATA_POINTER_POS_32: number;
  export const IS_TS_FLAG_POS: number;
}

declare module "oxc-parser/src-js/generated/deserialize/js" {
  export function deserialize(buffer: Uint8Array, sourceText: string, sourceStart: number, sourceLen: number): unknown;
}

declare module "oxc-parser/src-js/generated/deserialize/ts" {
  export function deserialize(buffer: Uint8Array, sourceText: string, sourceStart: number, sourceLen: number): unknown;
}
