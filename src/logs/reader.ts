/**
 * A streaming reader of real log output. Text goes in chunk by chunk; records
 * come out one by one. It knows Python `logging` (the default
 * `LEVEL:name:message` and timestamped `asctime - name - LEVEL - message`-like
 * formats, loguru), JSON lines (pino, bunyan, winston, structlog,
 * python-json-logger), Python `warnings` lines, Node process warnings,
 * absl/TensorFlow `W1126 …` lines, tracebacks and JS stacks; a line it does
 * not know is counted and skipped. It holds one pending record and one partial
 * line, never the log: memory stays flat however large the input.
 */

export type Level = "debug" | "info" | "warning" | "error";

export type FormatName =
  "python-logging" | "text" | "json" | "python-warnings" | "node-warning" | "absl" | "traceback" | "error-line";

export interface SourceLocation {
  file: string;
  line: number;
}

export interface LogRecord {
  level: Level;
  /** The line that starts the record, as written. */
  text: string;
  /** The message's first line, without what the format puts around it (time, level, logger). */
  message: string;
  /** The timestamp as the log wrote it, or null. */
  time: string | null;
  /** The logger's name (`__main__`, `urllib3.connectionpool`), or null. */
  logger: string | null;
  format: FormatName;
  /** 1-based line of the input where the record starts. */
  line: number;
  /** Python warning category or Node warning type: `FutureWarning`, `DeprecationWarning`. */
  category?: string;
  /** Node warning code: `DEP0040`. */
  code?: string;
  /** The place the line itself names: a warnings line's file:line, absl's, loguru's module:line. */
  location?: SourceLocation;
  /** Lines that belong to the record (traceback, a warning's source line, stack frames), at most MAX_DETAIL. */
  detail: string[];
  /** Detail lines beyond those kept. */
  moreDetail: number;
  /** A traceback's final line (`RuntimeError: CUDA out of memory`) or an error's first stack line. */
  exception?: string;
}

export interface ReaderStats {
  /** Lines read (a carriage return starts a new line too: progress bars redraw with it). */
  lines: number;
  /** Records of every level. */
  records: number;
  /** Non-blank lines that are neither a record nor part of one. */
  unrecognised: number;
}

const MAX_DETAIL = 40;
/** Unrecognised lines an absl or warnings record may take as the rest of its message. */
const GREEDY_LINES = 20;
/** Longer lines are cut: a record's message never needs more, and a line without a newline cannot grow memory. */
const MAX_LINE = 64 * 1024;

/** What may follow the pending record. */
type Mode = "record" | "traceback" | "after-exception";

const LEVEL_WORDS: Record<string, Level> = {
  trace: "debug",
  debug: "debug",
  verbose: "debug",
  silly: "debug",
  notset: "debug",
  info: "info",
  notice: "info",
  http: "info",
  success: "info",
  warn: "warning",
  warning: "warning",
  error: "error",
  err: "error",
  critical: "error",
  crit: "error",
  fatal: "error",
  alert: "error",
  emerg: "error",
  emergency: "error",
};

/** The same words as written in logs: lower, upper and capitalised. */
const LEVEL_LOOKUP = new Map<string, Level>(
  Object.entries(LEVEL_WORDS).flatMap(([w, level]) => [
    [w, level],
    [w.toUpperCase(), level],
    [w[0]!.toUpperCase() + w.slice(1), level],
  ]),
);

export function levelOf(word: string): Level | null {
  return LEVEL_LOOKUP.get(word) ?? LEVEL_WORDS[word.toLowerCase()] ?? null;
}

/** A level word the patterns below matched (one of theirs, in any case): its first letter decides. */
function knownLevel(word: string): Level {
  switch (word.charCodeAt(0) | 32) {
    case 105 /* i */:
      return "info";
    case 119 /* w */:
      return "warning";
    case 100 /* d */:
    case 116 /* t */:
      return "debug";
    case 110 /* n */:
      return "info";
    default:
      return "error";
  }
}

/** pino/bunyan numeric levels: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal. */
function numericLevel(n: number): Level {
  return n >= 50 ? "error" : n >= 40 ? "warning" : n >= 30 ? "info" : "debug";
}

const PY_DEFAULT = /^(CRITICAL|FATAL|ERROR|WARNING|WARN|INFO|DEBUG):([^\s:]*):(.*)$/;
const PY_WARNING = /^(\S(?:.*?\S)?):(\d+): (\w*Warning): (.*)$/;
const NODE_WARNING = /^\(node:\d+\) (?:\[([A-Z]+\d+)\] )?(\w+): (.*)$/;
const ABSL = /^([IWEF])(\d{4} \d\d:\d\d:\d\d\.\d+)\s+\d+ ([^\s:\]]+):(\d+)\] ?(.*)$/;
const TF_CPP = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+): ([IWEF]) ([^\s:]+):(\d+)\] ?(.*)$/;
const ABSL_LEVEL: Record<string, Level> = { I: "info", W: "warning", E: "error", F: "error" };
const ERROR_LINE = /^(?:Uncaught )?((?:[\w.]*\.)?[A-Z]\w*(?:Error|Exception))(?: \[(\w+)\])?: (.+)$/;
const NPM = /^npm (WARN|ERR!) (.*)$/;
const TIMESTAMP =
  /^\[?(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?: ?(?:Z|[+-]\d\d:?\d\d|UTC))?|\d\d:\d\d:\d\d(?:[.,]\d+)?|[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d)\]?(?=[\s|:,\]-]|$)/;
/** Up to three name-ish tokens (logger name, thread id, process) between the timestamp and the level. */
const LEVEL_AFTER_PREFIX =
  /([\s[\]|:,()-]*(?:[\w.<>@/-]+[\s[\]|:,()]+(?:-\s+)?){0,3}?)(\[)?(CRITICAL|FATAL|ERROR|WARNING|WARN|INFO|DEBUG|TRACE|NOTICE|[Cc]ritical|[Ff]atal|[Ee]rror|[Ww]arning|[Ww]arn|[Ii]nfo|[Dd]ebug|[Tt]race)(\])?(?=[\s|:\]-]|$)/y;
const LEVEL_AT_START =
  /^(\[)?(CRITICAL|FATAL|ERROR|WARNING|WARN|INFO|DEBUG|TRACE|[Cc]ritical|[Ff]atal|[Ee]rror|[Ww]arning|[Ww]arn|[Ii]nfo|[Dd]ebug)(\])?(:)?(?=[\s|\]-]|$)/;
const LOGURU_NAME = /^([\w.<>]+):([\w.<>]+):(\d+) - /;
const BRACKET_NAME = /^\[([^\]\s]+)\]\s*:?\s*/;
const DASH_NAME = /^([\w.]+) - /;
const JSON_LEVEL = /"(?:level|levelname|severity|lvl|loglevel|log\.level)"\s*:\s*(?:"([A-Za-z]+)"|(\d+))/;
const CHAIN = /^(?:During handling of the above exception|The above exception was the direct cause)/;
const TRACEBACK = "Traceback (most recent call last):";

/** A stand-in for pending INFO/DEBUG records: they only need to swallow what belongs to them. */
const LOW: LogRecord = {
  level: "info",
  text: "",
  message: "",
  time: null,
  logger: null,
  format: "text",
  line: 0,
  detail: [],
  moreDetail: 0,
};

export class LogReader {
  readonly stats: ReaderStats = { lines: 0, records: 0, unrecognised: 0 };
  private pending: LogRecord | null = null;
  private mode: Mode = "record";
  private carry = "";
  private skipRest = false;
  /** How many more unrecognised lines the pending record takes as part of its message. */
  private greedy = 0;
  /** Set by parse: the record it returns is one whose message may span lines. */
  private nextGreedy = 0;
  /** The line the pending record started on. */
  private pendingAt = 0;

  constructor(private readonly emit: (record: LogRecord) => void) {}

  /** Feeds a piece of text; lines may be split across pieces. */
  write(chunk: string): void {
    let text = this.carry === "" ? chunk : this.carry + chunk;
    this.carry = "";
    let start = 0;
    for (;;) {
      const nl = text.indexOf("\n", start);
      if (nl === -1) break;
      if (this.skipRest) this.skipRest = false;
      else this.line(text.slice(start, nl));
      start = nl + 1;
    }
    if (start < text.length) {
      text = text.slice(start);
      if (this.skipRest) return;
      if (text.length > MAX_LINE) {
        this.line(text.slice(0, MAX_LINE));
        this.skipRest = true;
      } else this.carry = text;
    }
  }

  /**
   * The line (1-based) the pending record started on, 0 when none is pending.
   * Two readers whose pending records started on the same line of the same
   * input are in the same state from there on: a record's start depends on its
   * line alone.
   */
  get pendingLine(): number {
    return this.pending === null ? 0 : this.pendingAt;
  }

  /** Drops the pending record and any partial line unread: the rest of the input is read by another reader. */
  abandon(): void {
    this.pending = null;
    this.greedy = 0;
    this.carry = "";
    this.skipRest = false;
  }

  /** The input ended: the last line and the pending record are complete. */
  end(): void {
    if (this.carry !== "") this.line(this.carry);
    this.carry = "";
    this.skipRest = false;
    this.flush();
  }

  private line(raw: string): void {
    let text = raw.length > MAX_LINE ? raw.slice(0, MAX_LINE) : raw;
    if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
    if (text.indexOf("\r") === -1) {
      this.stats.lines++;
      this.take(text);
      return;
    }
    // A progress bar redraws itself with carriage returns: each redraw is a line.
    for (const part of text.split("\r")) {
      this.stats.lines++;
      this.take(part);
    }
  }

  private take(line: string): void {
    if (this.pending !== null && this.continues(line)) return;
    if (isBlank(line)) return;
    if (line.startsWith(TRACEBACK)) {
      // A traceback nothing logged: the program died of it, or a library printed it.
      this.flush();
      const record = newRecord("error", "", null, null, "traceback");
      record.text = line;
      this.start(record, "traceback");
      return;
    }
    const record = this.parse(line);
    if (record === null && this.pending !== null && this.greedy > 0) {
      // absl and warnings messages go on over unindented lines: they belong to the record.
      this.greedy--;
      this.keep(this.pending, line);
      return;
    }
    this.flush();
    if (record === null) {
      this.stats.unrecognised++;
      return;
    }
    if (record !== LOW) record.text = line.length > 2000 ? line.slice(0, 2000) : line;
    this.start(record, "record");
    this.greedy = this.nextGreedy;
  }

  private start(record: LogRecord, mode: Mode): void {
    this.stats.records++;
    this.pendingAt = this.stats.lines;
    if (record !== LOW) record.line = this.stats.lines;
    this.pending = record;
    this.mode = mode;
  }

  private flush(): void {
    const record = this.pending;
    if (record === null) return;
    this.pending = null;
    this.greedy = 0;
    if (record === LOW) return;
    if (record.format === "traceback" && record.message === "") record.message = "Traceback (no exception line)";
    this.emit(record);
  }

  /** Whether `line` belongs to the pending record (and keeps it there). */
  private continues(line: string): boolean {
    const record = this.pending!;
    const first = line.charCodeAt(0);
    const indented = first === 32 || first === 9;
    if (this.mode === "record") {
      if (line.startsWith(TRACEBACK)) {
        this.mode = "traceback";
      } else if (!indented && !(record.format === "node-warning" && line.startsWith("(Use `node --trace-"))) {
        return false;
      }
      // A warnings line ends with the source line, indented by two spaces.
      if (record.format === "python-warnings" && /^ {2}\S/.test(line)) this.greedy = 0;
      this.keep(record, line);
      return true;
    }
    if (this.mode === "traceback") {
      if (line === "" || indented || CHAIN.test(line)) {
        this.keep(record, line);
        return true;
      }
      // The exception line ends the traceback (a chained one may follow).
      this.keep(record, line);
      record.exception = line;
      if (record.format === "traceback") record.message = line;
      this.mode = "after-exception";
      return true;
    }
    // after-exception
    if (line.trim() === "") return true;
    if (CHAIN.test(line)) {
      this.keep(record, line);
      this.mode = "traceback";
      return true;
    }
    if (indented) {
      this.keep(record, line);
      return true;
    }
    return false;
  }

  private keep(record: LogRecord, line: string): void {
    if (record === LOW) return;
    if (record.detail.length < MAX_DETAIL) record.detail.push(line.length > 2000 ? line.slice(0, 2000) : line);
    else record.moreDetail++;
  }

  /** A record for a line that starts one, LOW for an INFO/DEBUG record, or null. */
  private parse(line: string): LogRecord | null {
    this.nextGreedy = 0;
    const c = line.charCodeAt(0);
    if (c === 123 /* { */) return parseJson(line);
    if (c === 40 /* ( */ && line.startsWith("(node:")) {
      const m = NODE_WARNING.exec(line);
      if (m) {
        const record = newRecord("warning", m[3]!, null, null, "node-warning");
        record.category = m[2]!;
        if (m[1]) record.code = m[1];
        return record;
      }
    }
    const second = line.charCodeAt(1);
    if (second >= 48 && second <= 57 && (c === 73 || c === 87 || c === 69 || c === 70)) {
      // I/W/E/F + digits: absl (Python) or glog (C++).
      const m = ABSL.exec(line);
      if (m) this.nextGreedy = GREEDY_LINES;
      if (m) return located(ABSL_LEVEL[m[1]!]!, m[5]!, m[2]!, null, "absl", m[3]!, m[4]!);
    }
    if (c >= 65 && c <= 90) {
      const m = PY_DEFAULT.exec(line);
      if (m) return pythonRecord(knownLevel(m[1]!), m[3]!, null, m[2] || null, "python-logging");
    }
    if ((c >= 48 && c <= 57) || c === 91 /* [ */ || (c >= 65 && c <= 90)) {
      // TF_CPP's timestamp has a `.` right after its seconds, at index 19.
      const tf = c >= 48 && c <= 57 && line.charCodeAt(19) === 46 ? TF_CPP.exec(line) : null;
      if (tf) this.nextGreedy = GREEDY_LINES;
      if (tf) return located(ABSL_LEVEL[tf[2]!]!, tf[5]!, tf[1]!, null, "absl", tf[3]!, tf[4]!);
      const record = parseText(line);
      if (record !== null) return record;
    }
    if (line.includes("Warning: ")) {
      const m = PY_WARNING.exec(line);
      if (m) this.nextGreedy = GREEDY_LINES;
      if (m) return warningsRecord(m);
    }
    if (c === 110 /* n */ && line.startsWith("npm ")) {
      const m = NPM.exec(line);
      if (m) return newRecord(m[1] === "WARN" ? "warning" : "error", m[2]!, null, "npm", "text");
    }
    if (c >= 97 && c <= 122) {
      // `error: …` / `warning: …`, as compilers and CLIs write them.
      const m = LEVEL_AT_START.exec(line);
      if (m && m[4]) return textRecord(knownLevel(m[2]!), line.slice(m[0].length), null, null);
    }
    const e = ERROR_LINE.exec(line);
    if (e) {
      const record = newRecord("error", line, null, null, "error-line");
      record.exception = line;
      return record;
    }
    return null;
  }
}

function isBlank(line: string): boolean {
  const c = line.charCodeAt(0);
  return line.length === 0 || ((c === 32 || c === 9) && line.trim() === "");
}

function newRecord(
  level: Level,
  message: string,
  time: string | null,
  logger: string | null,
  format: FormatName,
): LogRecord {
  return { level, text: "", message, time, logger, format, line: 0, detail: [], moreDetail: 0 };
}

function located(
  level: Level,
  message: string,
  time: string | null,
  logger: string | null,
  format: FormatName,
  file: string,
  line: string,
): LogRecord {
  if (level === "info" || level === "debug") return LOW;
  const record = newRecord(level, message, time, logger, format);
  record.location = { file, line: Number(line) };
  return record;
}

function warningsRecord(m: RegExpExecArray): LogRecord {
  const record = newRecord("warning", m[4]!, null, null, "python-warnings");
  record.category = m[3]!;
  record.location = { file: m[1]!, line: Number(m[2]) };
  return record;
}

/** A logging record; `py.warnings` records (logging.captureWarnings) carry a warnings line as their message. */
function pythonRecord(
  level: Level,
  message: string,
  time: string | null,
  logger: string | null,
  format: FormatName,
): LogRecord {
  if (level === "info" || level === "debug") return LOW;
  if (logger === "py.warnings") {
    const m = PY_WARNING.exec(message);
    if (m) {
      const record = warningsRecord(m);
      record.time = time;
      record.logger = logger;
      return record;
    }
  }
  return newRecord(level, message, time, logger, format);
}

function textRecord(level: Level, rest: string, time: string | null, prefixName: string | null): LogRecord {
  if (level === "info" || level === "debug") return LOW;
  let message = rest.replace(/^[\s\]|:-]+/, "");
  let logger = prefixName;
  let location: SourceLocation | undefined;
  const loguru = LOGURU_NAME.exec(message);
  if (loguru) {
    logger = loguru[1]!;
    location = { file: loguru[1]!, line: Number(loguru[3]) };
    message = message.slice(loguru[0].length);
  } else if (logger === null) {
    const named = BRACKET_NAME.exec(message) ?? DASH_NAME.exec(message);
    if (named) {
      logger = named[1]!;
      message = message.slice(named[0].length);
    }
  }
  const record = pythonRecord(level, message, time, logger, "text");
  if (location && record !== LOW) record.location = location;
  return record;
}

/** Timestamped or level-first text: `2024-05-01 10:00:00,123 - trainer - WARNING - msg`, `[WARN] msg`. */
/** Level words are at least four letters: the second tells upper case from `Warning`/`warning`. */
function isUpperWord(word: string): boolean {
  const c = word.charCodeAt(1);
  return c >= 65 && c <= 90;
}

/** Timestamped or level-first text: `2024-05-01 10:00:00,123 - trainer - WARNING - msg`, `[WARN] msg`. */
function parseText(line: string): LogRecord | null {
  const ts = TIMESTAMP.exec(line);
  if (ts === null) {
    const m = LEVEL_AT_START.exec(line);
    // Without a timestamp, only an upper-case level or one in brackets or before a colon counts.
    if (m === null) return null;
    const word = m[2]!;
    if (!isUpperWord(word) && !(m[1] && m[3]) && !m[4]) return null;
    return textRecord(knownLevel(word), line.slice(m[0].length), null, null);
  }
  // Sticky: matched right after the timestamp, without slicing the line.
  LEVEL_AFTER_PREFIX.lastIndex = ts[0].length;
  const m = LEVEL_AFTER_PREFIX.exec(line);
  if (m === null) return null;
  const word = m[3]!;
  const end = ts[0].length + m[0].length;
  if (!isUpperWord(word) && !(m[2] && m[4]) && line.charCodeAt(end) !== 58 /* : */) return null;
  const level = knownLevel(word);
  if (level === "info" || level === "debug") return LOW;
  const names = m[1]!.split(/[\s[\]|:,()]+/).filter((t) => t !== "" && t !== "-" && !/^\d+$/.test(t));
  return textRecord(level, line.slice(end), ts[1]!, names.length > 0 ? names[names.length - 1]! : null);
}

function str(v: unknown): string | null {
  return typeof v === "string" ? v : null;
}

/** A JSON line: the level is found without parsing, and only WARNING/ERROR lines are parsed. */
function parseJson(line: string): LogRecord | null {
  const m = JSON_LEVEL.exec(line);
  let level: Level | null = null;
  if (m) level = m[1] !== undefined ? levelOf(m[1]) : numericLevel(Number(m[2]));
  if (level === "info" || level === "debug") return LOW;
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) return null;
  const o = data as Record<string, unknown>;
  // A JSON object without a level is structured output (metrics), not a warning.
  if (level === null) return LOW;
  const message = str(o.msg) ?? str(o.message) ?? str(o.event) ?? str(o["@message"]) ?? "";
  const timeValue = o.time ?? o.timestamp ?? o["@timestamp"] ?? o.asctime ?? o.ts;
  const time =
    typeof timeValue === "string"
      ? timeValue
      : typeof timeValue === "number"
        ? new Date(timeValue > 1e11 ? timeValue : timeValue * 1000).toISOString()
        : null;
  const logger = str(o.name) ?? str(o.logger) ?? str(o.logger_name) ?? null;
  const record = newRecord(level, message.split("\n")[0]!, time, logger, "json");
  const file = str(o.pathname) ?? str(o.filename);
  const lineno = o.lineno;
  if (file !== null && typeof lineno === "number") record.location = { file, line: lineno };
  const err = o.err ?? o.error;
  const stack =
    (typeof err === "object" && err !== null ? str((err as Record<string, unknown>).stack) : null) ??
    str(o.stack) ??
    str(o.exception) ??
    str(o.exc_info);
  if (stack !== null) {
    const lines = stack.split("\n");
    for (const l of lines.slice(0, MAX_DETAIL)) record.detail.push(l);
    record.moreDetail = Math.max(0, lines.length - MAX_DETAIL);
    const isPython = lines[0]!.startsWith(TRACEBACK);
    record.exception = isPython ? lines.filter((l) => l.trim() !== "").pop()! : lines[0]!;
  }
  return record;
}
