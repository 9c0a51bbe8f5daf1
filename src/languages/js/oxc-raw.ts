/**
 * oxc's raw transfer, on Node 20 too. oxc parses into an arena, and the arena is a JavaScript
 * `ArrayBuffer`: its generated deserializer builds the ESTree from the bytes, several times faster
 * than moving the tree over as JSON and parsing that (npm bench corpus, 5,886 files: 1.25 s
 * against 5.0 s), and a file that needs no tree (the prefilter turned it down, or only its syntax
 * is checked) costs the native parse alone (0.25 s against 2.1 s for the JSON path).
 *
 * oxc-parser gates raw transfer on Node 22 because its helper views the whole 6 GiB buffer at
 * once, which Node 20 refuses. Only that view needs Node 22: the native call that finds the 4 GiB
 * aligned block needs just the buffer's start, and the views oxc's own code uses are under 4 GiB.
 * This module makes those views itself from the modules oxc-parser exports for this purpose
 * (bindings, generated constants and deserializers), and says no (null) wherever the buffer
 * cannot be had or a parse of a known source does not read back as it should, through oxc's
 * deserializer and through the in-place view (./raw-view.ts) alike; the caller then takes the
 * JSON path. oxc-parser is pinned to an exact version in package.json, since the field
 * offsets read here (errors, comments) and in ./raw-view.ts (the whole tree) belong to that
 * version's layout; the self-check below catches a layout that moved.
 */
import type { Comment, OxcError, ParserOptions } from "oxc-parser";
import { getBufferOffset, parseRawSync, rawTransferSupported } from "oxc-parser/src-js/bindings";
import {
  ACTIVE_SIZE,
  BLOCK_ALIGN,
  BLOCK_SIZE,
  BUFFER_SIZE,
  DATA_POINTER_POS_32,
  IS_TS_FLAG_POS,
} from "oxc-parser/src-js/generated/constants";
import { createRequire } from "node:module";
import type { CommentSpan } from "../../model/types.js";
import type { CommentInput } from "./estree-model.js";
import { rawView, type RawView } from "./raw-view.js";

/** Offsets into oxc's `RawTransferData` (oxc-parser 0.159's generated deserializers). */
const COMMENTS_VEC = 144;
const ERRORS_VEC = 272;
const COMMENT_BYTES = 24;

/** Where a `#!` first line ends (0: none); oxc's hashbang span. */
function hashbangEnd(text: string): number {
  if (!text.startsWith("#!")) return 0;
  const eol = text.search(/[\r\n\u2028\u2029]/);
  return eol === -1 ? text.length : eol;
}

export interface RawTree {
  program: unknown;
  comments: Comment[];
  errors: OxcError[];
}

export interface RawParser {
  parse(path: string, text: string, options: ParserOptions): void;
  /** Of the last parse: how many errors (of any severity) oxc found. */
  errorCount(): number;
  /** Of the last parse: the comment spans, the hashbang's first as ESTree from oxc has it for JS. */
  commentSpans(text: string): CommentSpan[];
  /** Of the last parse: the whole ESTree. */
  deserialize(text: string): RawTree;
  /** Of the last parse: the tree read in place (./raw-view.ts), its root and its comments. */
  view(text: string): { view: RawView; program: number; comments: CommentInput[] };
}

type Deserialize = (buffer: Uint8Array, text: string, sourceStart: number, sourceBytes: number) => unknown;

/**
 * oxc's generated ESTree deserializers (some 6,000 lines each), loaded at first use: the model is
 * read in place, so only a file with a syntax error (for its messages) or with syntax the view
 * does not present needs them, and most runs never load them.
 */
const load = createRequire(import.meta.url);
let deserializers: { js: Deserialize; ts: Deserialize } | undefined;
const deserializer = (js: boolean): Deserialize => {
  deserializers ??= {
    js: (load("oxc-parser/src-js/generated/deserialize/js") as { deserialize: Deserialize }).deserialize,
    ts: (load("oxc-parser/src-js/generated/deserialize/ts") as { deserialize: Deserialize }).deserialize,
  };
  return js ? deserializers.js : deserializers.ts;
};

type TransferBuffer = Uint8Array & { int32: Int32Array; float64: Float64Array; block: Uint8Array };

const encoder = new TextEncoder();

function createParser(buffer: TransferBuffer): RawParser {
  const { int32 } = buffer;
  const inPlace = rawView(buffer, int32, buffer.float64);
  let sourceStart = 0;
  let sourceBytes = 0;
  const data = () => int32[DATA_POINTER_POS_32]!;
  const isJs = () => buffer[IS_TS_FLAG_POS] === 0;
  const vecLength = (at: number) => int32[(at >> 2) + 2]!;

  return {
    parse(path, text, options) {
      // As oxc-parser's own driver: room for the worst case of 3 UTF-8 bytes per UTF-16 unit.
      const room = text.length * 3;
      sourceStart = ACTIVE_SIZE - room;
      const target = new Uint8Array(buffer.buffer, buffer.byteOffset + sourceStart, room);
      const { read, written } = encoder.encodeInto(text, target);
      if (read !== text.length) throw new Error(`${path}: could not copy the source into oxc's buffer`);
      sourceBytes = written;
      parseRawSync(path, buffer.block, sourceStart, sourceBytes, options);
    },
    errorCount: () => vecLength(data() + ERRORS_VEC),
    commentSpans(text) {
      const at = data();
      const spans: CommentSpan[] = [];
      const hashbang = isJs() ? hashbangEnd(text) : 0;
      if (hashbang > 0) spans.push({ start: 0, end: hashbang });
      let pos = int32[(at + COMMENTS_VEC) >> 2]!;
      const end = pos + vecLength(at + COMMENTS_VEC) * COMMENT_BYTES;
      for (; pos !== end; pos += COMMENT_BYTES) spans.push({ start: int32[pos >> 2]!, end: int32[(pos >> 2) + 1]! });
      return spans;
    },
    view(text) {
      inPlace.reset(text, sourceStart, sourceBytes);
      const at = data();
      const comments: CommentInput[] = [];
      const hashbang = isJs() ? hashbangEnd(text) : 0;
      if (hashbang > 0) comments.push({ range: [0, hashbang], value: text.slice(2, hashbang) });
      let pos = int32[(at + COMMENTS_VEC) >> 2]!;
      const end = pos + vecLength(at + COMMENTS_VEC) * COMMENT_BYTES;
      for (; pos !== end; pos += COMMENT_BYTES) {
        const start = int32[pos >> 2]!;
        const stop = int32[(pos >> 2) + 1]!;
        // As oxc's deserializer: kinds 0, 3 and 4 are line comments, 1 and 2 blocks; the value
        // skips the opening `//` or `/*` (or as many characters as a kind above 2 says).
        const kind = buffer[pos + 17]!;
        const line = kind === 0 || kind >= 3;
        comments.push({
          range: [start, stop],
          value: text.slice(start + (kind < 3 ? 2 : kind), stop - (line ? 0 : 2)),
        });
      }
      return { view: inPlace, program: inPlace.program(at), comments };
    },
    deserialize(text) {
      const js = isJs();
      const tree = deserializer(js)(buffer, text, sourceStart, sourceBytes) as RawTree;
      // As oxc-parser's JSON result (and @typescript-eslint for TS, which has none): the
      // hashbang is a line comment of JS files. Taken from the text: the deserializer of this
      // version reads the program's hashbang back as null.
      const hashbang = js ? hashbangEnd(text) : 0;
      if (hashbang > 0)
        tree.comments.unshift({ type: "Line", value: text.slice(2, hashbang), start: 0, end: hashbang });
      return tree;
    },
  };
}

function createBuffer(): TransferBuffer {
  const whole = new ArrayBuffer(BLOCK_SIZE + BLOCK_ALIGN);
  // The native side needs only where the buffer starts, so a 1-byte view does (Node 20 cannot
  // view all 6 GiB).
  const offset = getBufferOffset(new Uint8Array(whole, 0, 1));
  const buffer = new Uint8Array(whole, offset, BUFFER_SIZE) as TransferBuffer;
  buffer.int32 = new Int32Array(whole, offset, BUFFER_SIZE / 4);
  buffer.float64 = new Float64Array(whole, offset, BUFFER_SIZE / 8);
  buffer.block = new Uint8Array(whole, offset, BLOCK_SIZE);
  return buffer;
}

/** Parses of known sources read back as expected: comments, a hashbang, a statement; an error. */
function selfCheck(parser: RawParser): boolean {
  const options = { preserveParens: false, showSemanticErrors: false };
  const text = "#!/usr/bin/env node\n/* c */ f(é, `x`);\n";
  parser.parse("check.js", text, options);
  const spans = JSON.stringify(parser.commentSpans(text));
  const good = parser.errorCount() === 0 && spans === '[{"start":0,"end":19},{"start":20,"end":27}]';
  if (!good || !viewCheck(parser, text)) return false;
  parser.parse("check.js", "f(", options);
  return parser.errorCount() === 1;
}

/** The in-place view of the self-check's source reads back as its ESTree does. */
function viewCheck(parser: RawParser, text: string): boolean {
  const { view, program, comments } = parser.view(text);
  const body = view.children(program, "body");
  const call = body.length === 1 ? view.child(body[0]!, "expression") : null;
  if (call === null || view.type(call) !== "CallExpression") return false;
  const callee = view.child(call, "callee");
  const args = view.children(call, "arguments");
  return (
    callee !== null &&
    view.name(callee) === "f" &&
    args.length === 2 &&
    view.name(args[0]!) === "é" &&
    view.type(args[1]!) === "TemplateLiteral" &&
    view.raw(view.children(args[1]!, "quasis")[0]!) === "x" &&
    view.start(call) === 28 &&
    view.end(call) === 37 &&
    comments.map((c) => c.value).join("|") === "/usr/bin/env node| c "
  );
}

let parser: RawParser | null | undefined;

/**
 * This thread's raw parser, or null when raw transfer is not available here (a 32-bit or
 * big-endian platform, a 6 GiB virtual reservation refused, a layout that moved) or the source
 * is too large for the buffer (over about 350 MB); the caller then uses the JSON path.
 */
export function rawParser(textLength: number): RawParser | null {
  if (parser === undefined) {
    parser = null;
    try {
      if (rawTransferSupported()) {
        const candidate = createParser(createBuffer());
        if (selfCheck(candidate)) parser = candidate;
      }
    } catch {
      parser = null;
    }
  }
  return parser !== null && textLength * 3 < ACTIVE_SIZE / 2 ? parser : null;
}
