/**
 * `--cache`: each file's outcome kept by the hash of its content, so a
 * re-check parses only what changed. One JSON file (default `.logicalcache`).
 *
 * - The whole cache is dropped when its key changes: the tool's version, the
 *   resolved configuration (rules, their options, overrides, ignore), the
 *   rules a run is narrowed to, the size limit, the working directory, and the
 *   path-only project facts (the set of logger modules).
 * - An entry is the file's content hash (sha1). Its size, mtime and ctime only
 *   spare re-reading an untouched file: when all three are as stored, the file
 *   is not read; when any differs, it is hashed, and a file with the same bytes
 *   (say, after `git checkout`, or a cache restored on another machine) is
 *   still a hit. The ctime, which no program can set back, catches a file
 *   rewritten with the same size and its mtime restored (`touch -r`).
 * - Phase-2 findings (rules that read project facts) are kept with the hash of
 *   the project facts they saw, and reused only while those are unchanged.
 * - A cache that cannot be read or parsed is ignored and rewritten; writes go
 *   to a temporary file, then rename, so a run never sees half a cache.
 * - The file is lean so that a warm run reads and writes it fast: a JSON
 *   header line (format, key), then one line per file: its path, size, mtime,
 *   ctime and hash, tab-separated, and the stored outcome as JSON. An entry is
 *   decoded only when its file is looked at, and an unchanged one is written
 *   back as the very line it was read as. A file's project facts are stored
 *   without its path and without the fields at their defaults (most files have
 *   none at all).
 * - Files not modelled for their facts (no fact needle in them) were checked for
 *   the names of the project's stage functions; the header keeps those names, so
 *   a warm run re-reads such files only when a new name appears.
 */
import { isAscii } from "node:buffer";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { appendFile, mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { FileOutcome } from "./analyse.js";
import { packagePath } from "../package-root.js";
import { NO_FACTS } from "./no-facts.js";
import type { FileFacts } from "./project.js";

/** Bumped when the cache file's layout changes. */
const FORMAT = 4;

export const DEFAULT_CACHE_LOCATION = ".logicalcache";

/** `--cache-location`: a file, or a directory (an existing one, or a path ending in `/`) to hold `.logicalcache`. */
export function resolveCacheLocation(cwd: string, given: string | undefined): string {
  if (given === undefined) return path.resolve(cwd, DEFAULT_CACHE_LOCATION);
  const target = path.resolve(cwd, given);
  let isDirectory = /[\\/]$/.test(given);
  try {
    isDirectory ||= statSync(target).isDirectory();
  } catch {
    // Not there yet: a file to create.
  }
  return isDirectory ? path.join(target, DEFAULT_CACHE_LOCATION) : target;
}

interface Entry {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  hash: string;
  /** Phase 1, for a file the run reports on. */
  outcome?: FileOutcome;
  /** Project facts alone (a file outside --changed-since/--shard); null: it has none. */
  facts?: FileFacts | null;
  /** Phase 2 (findings, stage sites), and the hash of the project facts it was computed with. */
  phase2?: { project: string; outcome: FileOutcome };
}

/** Facts as stored: no `path` (it is the entry's file), and only the fields that differ from NO_FACTS. */
type StoredFacts = Partial<Omit<FileFacts, "path">>;
type StoredOutcome = Omit<FileOutcome, "facts"> & { facts?: StoredFacts };

/**
 * An entry's JSON part: the phase-1 outcome (or 0), the facts of a file outside
 * the selection (0: not gathered, null: it has none), and the phase-2 project
 * hash and outcome (or 0).
 */
type StoredResults = [
  outcome: StoredOutcome | 0,
  facts: StoredFacts | null | 0,
  phase2: [project: string, outcome: StoredOutcome] | 0,
];

interface CacheHeader {
  format: number;
  key: string;
  /**
   * The stage functions' names every unmodelled file was checked for when the cache was
   * written (see FileFacts.modelled): a later run looks for new names only.
   */
  calleeNames?: string[];
}

/**
 * JSON text with every non-ASCII character escaped (`\u2026`): the file stays
 * ASCII, so it reads back as a one-byte string, decoded at copy speed.
 */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * A path as the first field of its line: as it is, or as a JSON string when it
 * holds a tab, a line break or a non-ASCII character, or starts with a quote. A
 * JSON string has no literal tab, so the line's first tab always ends the field.
 */
function pathField(relative: string): string {
  return /[\t\n\r\u0080-\uffff]|^"/.test(relative) ? asciiJson(relative) : relative;
}

function fromPathField(field: string): string {
  return field.startsWith('"') ? (JSON.parse(field) as string) : field;
}

function isDefault(key: string, value: unknown): boolean {
  const fallback = (NO_FACTS as Record<string, unknown>)[key];
  return Array.isArray(value) ? Array.isArray(fallback) && value.length === 0 : value === fallback;
}

function storeFacts(facts: FileFacts): StoredFacts {
  const stored: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(facts)) {
    if (key !== "path" && !isDefault(key, value)) stored[key] = value;
  }
  return stored as StoredFacts;
}

function loadFacts(stored: StoredFacts, absolute: string): FileFacts {
  return { path: absolute, ...NO_FACTS, ...stored };
}

function storeOutcome(outcome: FileOutcome): StoredOutcome {
  if (!outcome.facts) return outcome;
  return { ...outcome, facts: storeFacts(outcome.facts) };
}

function loadOutcome(stored: StoredOutcome, absolute: string): FileOutcome {
  if (!stored.facts) return stored as FileOutcome;
  return { ...stored, facts: loadFacts(stored.facts, absolute) };
}

/** An entry's line after its path field. */
function storeEntry(e: Entry): string {
  const results: StoredResults = [
    e.outcome ? storeOutcome(e.outcome) : 0,
    e.facts === undefined ? 0 : e.facts && storeFacts(e.facts),
    e.phase2 ? [e.phase2.project, storeOutcome(e.phase2.outcome)] : 0,
  ];
  return `${e.size}\t${e.mtimeMs}\t${e.ctimeMs}\t${e.hash}\t${asciiJson(results)}`;
}

/**
 * Decodes an entry's line after its path field; throws on a malformed one. `decoded` holds the
 * JSON parts already parsed: most files share one (no findings, no facts), and a stored part is
 * never modified, only replaced, so entries may share it.
 */
function loadEntry(stored: string, absolute: string, decoded: Map<string, StoredResults>): Entry {
  const a = stored.indexOf("\t");
  const b = stored.indexOf("\t", a + 1);
  const c = stored.indexOf("\t", b + 1);
  const d = stored.indexOf("\t", c + 1);
  const size = Number(stored.slice(0, a));
  const mtimeMs = Number(stored.slice(a + 1, b));
  const ctimeMs = Number(stored.slice(b + 1, c));
  if (a === -1 || b === -1 || c === -1 || d === -1 || !(size >= 0) || Number.isNaN(mtimeMs + ctimeMs)) {
    throw new Error("malformed cache entry");
  }
  const json = stored.slice(d + 1);
  let results = decoded.get(json);
  if (results === undefined) decoded.set(json, (results = JSON.parse(json) as StoredResults));
  const [outcome, facts, phase2] = results;
  const e: Entry = { size, mtimeMs, ctimeMs, hash: stored.slice(c + 1, d) };
  if (outcome !== 0) e.outcome = loadOutcome(outcome, absolute);
  if (facts !== 0) e.facts = facts && loadFacts(facts, absolute);
  if (phase2 !== 0) e.phase2 = { project: phase2[0], outcome: loadOutcome(phase2[1], absolute) };
  return e;
}

const TOOL_VERSION = (JSON.parse(readFileSync(packagePath("package.json"), "utf8")) as { version: string }).version;

/** The cache's key: anything that changes it makes every entry stale. */
export function cacheKey(inputs: Record<string, unknown>): string {
  return hashOf({ tool: TOOL_VERSION, ...inputs });
}

export function hashOf(data: unknown): string {
  return createHash("sha1")
    .update(typeof data === "string" ? data : JSON.stringify(data))
    .digest("hex");
}

export interface CachedFile {
  absolute: string;
  relative: string;
}

const byPath = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * How many lines a cache file may hold beyond one per entry (entries appended by later runs,
 * superseding earlier lines) before a save rewrites it whole: at least this many, or an eighth
 * of its entries.
 */
const APPENDED_LINES = 64;

export class FileCache {
  private dirty = false;
  /**
   * The entries this run changed, to append on save (the file is not rewritten), and whether it
   * can: false once an entry is dropped or the header changes, which only a rewrite records.
   */
  private readonly appended = new Set<string>();
  private appendable = false;
  /** Lines after the header in the file as read: its entries, and lines superseded since. */
  private linesRead = 0;
  /** The file's paths came in path order (appended new paths come last). */
  private inPathOrder = true;
  /** A file not in the cache file was added: the entries need sorting again. */
  private added = false;
  private readonly stamped = new Set<string>();
  /** The JSON parts of entries read, parsed, by their text (see loadEntry). */
  private readonly parsedResults = new Map<string, StoredResults>();
  /** Entries this run looked at, decoded. */
  private readonly decoded = new Map<string, Entry>();
  /** The paths of the entries read, in the file's (sorted) order. */
  private readonly order: readonly string[];
  /** See CacheHeader.calleeNames. */
  private names: readonly string[] = [];

  private constructor(
    private readonly file: string,
    private readonly cwd: string,
    private readonly key: string,
    /**
     * Entries as read (each line after its path field), in the file's (sorted) order. An entry
     * leaves this map when it changes or is dropped, so an unchanged one is written back as read.
     */
    private readonly stored: Map<string, string>,
    private readonly maxBytes: number,
  ) {
    this.order = [...stored.keys()];
  }

  /** Opens the cache at `file` (entries keyed by paths relative to `cwd`); a missing, unreadable or stale one starts empty. */
  static async open(file: string, cwd: string, key: string, maxBytes: number): Promise<FileCache> {
    let entries = new Map<string, string>();
    let calleeNames: string[] = [];
    let linesRead = 0;
    let torn = false;
    let inPathOrder = true;
    try {
      // Read whole, synchronously (the async reader decodes piece by piece). A cache this tool
      // wrote is ASCII; one edited by hand may not be.
      const bytes = readFileSync(file);
      const lines = bytes.toString(isAscii(bytes) ? "latin1" : "utf8").split("\n");
      const header = JSON.parse(lines[0]!) as CacheHeader;
      if (header.format === FORMAT && header.key === key) {
        calleeNames = header.calleeNames ?? [];
        // A later line of a path supersedes an earlier one (a run appends what it changed).
        const last = lines.length - 1;
        let lastPath = "";
        for (let i = 1; i <= last; i++) {
          const line = lines[i]!;
          const tab = line.indexOf("\t");
          if (tab > 0) {
            const relative = fromPathField(line.slice(0, tab));
            if (!entries.has(relative)) {
              if (byPath(lastPath, relative) > 0) inPathOrder = false;
              lastPath = relative;
            }
            entries.set(relative, line.slice(tab + 1));
            linesRead++;
          } else if (line !== "") {
            if (i < last) throw new Error("malformed cache line");
            // An append cut short (the run was killed): its entry is analysed afresh, and the
            // file rewritten whole.
            torn = true;
          }
        }
      }
    } catch {
      // No cache yet, or one from a crash or a merge conflict: start afresh.
      entries = new Map();
      calleeNames = [];
      linesRead = 0;
    }
    const cache = new FileCache(file, cwd, key, entries, maxBytes);
    cache.names = calleeNames;
    cache.dirty = entries.size === 0 || torn;
    cache.appendable = entries.size > 0 && !torn;
    cache.linesRead = linesRead;
    cache.inPathOrder = inPathOrder;
    return cache;
  }

  /**
   * The file's entry once its content is known to match, else a fresh empty
   * one; undefined for a file that cannot be read or is over the size limit
   * (never cached: analysing it costs a stat).
   */
  private entry({ absolute, relative }: CachedFile): Entry | undefined {
    if (this.stamped.has(relative)) return this.decoded.get(relative);
    this.stamped.add(relative);
    const raw = this.stored.get(relative);
    let known: Entry | undefined;
    try {
      known = raw === undefined ? undefined : loadEntry(raw, absolute, this.parsedResults);
    } catch {
      // A line mangled by hand or by a merge: the file is analysed afresh.
    }
    try {
      const info = statSync(absolute);
      if (!info.isFile() || info.size > this.maxBytes) {
        this.drop(relative);
        return undefined;
      }
      const { size, mtimeMs, ctimeMs } = info;
      if (known && known.size === size && known.mtimeMs === mtimeMs && known.ctimeMs === ctimeMs) {
        this.decoded.set(relative, known);
        return known;
      }
      const hash = createHash("sha1").update(readFileSync(absolute)).digest("hex");
      const e: Entry = known && known.hash === hash ? known : { size, mtimeMs, ctimeMs, hash };
      e.size = size;
      e.mtimeMs = mtimeMs;
      e.ctimeMs = ctimeMs;
      if (!raw) this.added = true;
      this.decoded.set(relative, e);
      this.changed(relative);
      return e;
    } catch {
      this.drop(relative);
      return undefined;
    }
  }

  /** The entry of `relative` differs from the one read: it is encoded again on save. */
  private changed(relative: string): void {
    this.stored.delete(relative);
    this.appended.add(relative);
    this.dirty = true;
  }

  private drop(relative: string): void {
    const had = this.stored.delete(relative);
    if (this.decoded.delete(relative) || had) {
      this.dirty = true;
      this.appendable = false;
    }
  }

  outcome(file: CachedFile): FileOutcome | undefined {
    return this.entry(file)?.outcome;
  }

  setOutcome(file: CachedFile, outcome: FileOutcome): void {
    const e = this.entry(file);
    if (!e) return;
    e.outcome = outcome;
    this.changed(file.relative);
  }

  /** Project facts of a file outside the selection: undefined when not cached. */
  facts(file: CachedFile): FileFacts | null | undefined {
    const e = this.entry(file);
    if (!e) return undefined;
    if (e.facts !== undefined) return e.facts;
    // A file analysed in full has its facts in its outcome (errors and all: facts-only runs report none).
    return e.outcome ? (e.outcome.facts ?? null) : undefined;
  }

  setFacts(file: CachedFile, facts: FileFacts | undefined): void {
    const e = this.entry(file);
    if (!e) return;
    e.facts = facts ?? null;
    this.changed(file.relative);
  }

  /** Replaces a file's facts, wherever they are kept (its outcome, or facts alone). */
  updateFacts(file: CachedFile, facts: FileFacts): void {
    const e = this.entry(file);
    if (!e) return;
    if (e.facts !== undefined) e.facts = facts;
    else if (e.outcome) e.outcome = { ...e.outcome, facts };
    else return;
    this.changed(file.relative);
  }

  /** The names every unmodelled file in the cache was checked for (see CacheHeader.calleeNames). */
  get calleeNames(): readonly string[] {
    return this.names;
  }

  set calleeNames(names: readonly string[]) {
    if (names.length === this.names.length && names.every((n, i) => n === this.names[i])) return;
    this.names = names;
    this.dirty = true;
    this.appendable = false;
  }

  phase2(file: CachedFile, project: string): FileOutcome | undefined {
    const p = this.entry(file)?.phase2;
    return p && p.project === project ? p.outcome : undefined;
  }

  setPhase2(file: CachedFile, project: string, outcome: FileOutcome): void {
    const e = this.entry(file);
    if (!e) return;
    e.phase2 = { project, outcome };
    this.changed(file.relative);
  }

  /**
   * Writes the cache when anything changed, sorted by path. Entries of files
   * this run did not see are kept while the file exists (a run narrowed to
   * some paths keeps the others' entries).
   */
  async save(): Promise<void> {
    if (!this.dirty) return;
    // A few entries changed: appended, as a rewrite of a large cache costs more than the run.
    const superseded = this.linesRead - this.order.length;
    if (this.appendable && superseded + this.appended.size <= Math.max(APPENDED_LINES, this.order.length / 8)) {
      const lines: string[] = [];
      for (const relative of this.appended)
        lines.push(`${pathField(relative)}\t${storeEntry(this.decoded.get(relative)!)}\n`);
      await appendFile(this.file, lines.join(""));
      this.dirty = false;
      return;
    }
    const header: CacheHeader = {
      format: FORMAT,
      key: this.key,
      ...(this.names.length > 0 ? { calleeNames: [...this.names] } : {}),
    };
    const lines = [JSON.stringify(header)];
    // In path order again when a path was added, here or by an append.
    const keys =
      !this.added && this.inPathOrder ? this.order : [...new Set([...this.order, ...this.decoded.keys()])].sort(byPath);
    for (const relative of keys) {
      const raw = this.stored.get(relative);
      if (raw === undefined) {
        const e = this.decoded.get(relative);
        if (e) lines.push(`${pathField(relative)}\t${storeEntry(e)}`);
      } else if (this.stamped.has(relative) || existsSync(path.resolve(this.cwd, relative))) {
        lines.push(`${pathField(relative)}\t${raw}`);
      }
    }
    await mkdir(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    await writeFile(temp, `${lines.join("\n")}\n`);
    await rename(temp, this.file);
    this.dirty = false;
  }
}
