/**
 * `--cache`: each file's outcome kept by the hash of its content, so a
 * re-check parses only what changed. One JSON file (default `.logicalcache`).
 *
 * - The whole cache is dropped when its key changes: the tool's version, the
 *   resolved configuration (rules, their options, overrides, ignore), the
 *   rules a run is narrowed to, the size limit, the working directory, and the
 *   path-only project facts (the set of logger modules).
 * - An entry is the file's content hash (sha1); its size and mtime only spare
 *   re-reading an untouched file. A touched file with the same bytes (say,
 *   after `git checkout`) is still a hit.
 * - Phase-2 findings (rules that read project facts) are kept with the hash of
 *   the project facts they saw, and reused only while those are unchanged.
 * - A cache that cannot be read or parsed is ignored and rewritten; writes go
 *   to a temporary file, then rename, so a run never sees half a cache.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { FileOutcome } from "./analyse.js";
import type { FileFacts } from "./project.js";

/** Bumped when the cache file's layout changes. */
const FORMAT = 1;

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
  hash: string;
  /** Phase 1, for a file the run reports on. */
  outcome?: FileOutcome;
  /** Project facts alone (a file outside --changed-since/--shard); null: it has none. */
  facts?: FileFacts | null;
  /** Phase 2 (findings, stage sites), and the hash of the project facts it was computed with. */
  phase2?: { project: string; outcome: FileOutcome };
}

interface CacheFile {
  format: number;
  key: string;
  entries: Record<string, Entry>;
}

const TOOL_VERSION = (
  JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string }
).version;

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

export class FileCache {
  private dirty = false;
  private readonly stamped = new Set<string>();

  private constructor(
    private readonly file: string,
    private readonly cwd: string,
    private readonly key: string,
    private readonly entries: Map<string, Entry>,
    private readonly maxBytes: number,
  ) {}

  /** Opens the cache at `file` (entries keyed by paths relative to `cwd`); a missing, unreadable or stale one starts empty. */
  static async open(file: string, cwd: string, key: string, maxBytes: number): Promise<FileCache> {
    let entries = new Map<string, Entry>();
    try {
      const data = JSON.parse(await readFile(file, "utf8")) as CacheFile;
      if (data.format === FORMAT && data.key === key && typeof data.entries === "object") {
        entries = new Map(Object.entries(data.entries));
      }
    } catch {
      // No cache yet, or one from a crash or a merge conflict: start afresh.
    }
    const cache = new FileCache(file, cwd, key, entries, maxBytes);
    cache.dirty = entries.size === 0;
    return cache;
  }

  /**
   * The file's entry once its content is known to match, else a fresh empty
   * one; undefined for a file that cannot be read or is over the size limit
   * (never cached: analysing it costs a stat).
   */
  private entry({ absolute, relative }: CachedFile): Entry | undefined {
    const known = this.entries.get(relative);
    if (this.stamped.has(relative)) return known;
    this.stamped.add(relative);
    let size: number;
    let mtimeMs: number;
    try {
      const info = statSync(absolute);
      if (!info.isFile() || info.size > this.maxBytes) {
        this.drop(relative);
        return undefined;
      }
      ({ size, mtimeMs } = info);
      if (known && known.size === size && known.mtimeMs === mtimeMs) return known;
      const hash = createHash("sha1").update(readFileSync(absolute)).digest("hex");
      if (known && known.hash === hash) {
        known.size = size;
        known.mtimeMs = mtimeMs;
        this.dirty = true;
        return known;
      }
      const fresh: Entry = { size, mtimeMs, hash };
      this.entries.set(relative, fresh);
      this.dirty = true;
      return fresh;
    } catch {
      this.drop(relative);
      return undefined;
    }
  }

  private drop(relative: string): void {
    if (this.entries.delete(relative)) this.dirty = true;
  }

  outcome(file: CachedFile): FileOutcome | undefined {
    return this.entry(file)?.outcome;
  }

  setOutcome(file: CachedFile, outcome: FileOutcome): void {
    const e = this.entry(file);
    if (!e) return;
    e.outcome = outcome;
    this.dirty = true;
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
    this.dirty = true;
  }

  phase2(file: CachedFile, project: string): FileOutcome | undefined {
    const p = this.entry(file)?.phase2;
    return p && p.project === project ? p.outcome : undefined;
  }

  setPhase2(file: CachedFile, project: string, outcome: FileOutcome): void {
    const e = this.entry(file);
    if (!e) return;
    e.phase2 = { project, outcome };
    this.dirty = true;
  }

  /**
   * Writes the cache when anything changed. Entries of files this run did not
   * see are kept while the file exists (a run narrowed to some paths keeps
   * the others' entries).
   */
  async save(): Promise<void> {
    if (!this.dirty) return;
    const entries: Record<string, Entry> = {};
    for (const [relative, e] of [...this.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (!this.stamped.has(relative) && !existsSync(path.resolve(this.cwd, relative))) continue;
      entries[relative] = e;
    }
    const data: CacheFile = { format: FORMAT, key: this.key, entries };
    await mkdir(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(data));
    await rename(temp, this.file);
    this.dirty = false;
  }
}
