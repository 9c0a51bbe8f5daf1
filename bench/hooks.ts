/**
 * Entries for commands logical does not have yet. Each skips, with a line
 * saying so, while `logical <command> --help` exits non-zero, and runs by
 * itself once the command lands. Arguments are kept in one place per entry
 * (`FIX_ARGS`, `LOGS_ARGS`) so they can follow the CLI as it settles.
 */
import {
  cpSync,
  realpathSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { join } from "node:path";
import type { Corpus } from "./corpora.js";
import { CORPORA, WORK } from "./corpora.js";
import { LOGICAL_MAIN, logicalUnavailable, type Outcome, type Tool } from "./tools.js";

const NODE = process.execPath;
const CHILD_ENV: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" };

// ---------------------------------------------------------------- logical fix --dry-run

const FIX_ARGS = ["fix", "--dry-run", "--format", "json", "."];

/** Size and mtime of every file under `dir`, to tell whether a dry run wrote anything. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === ".git") continue;
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) {
        const st = statSync(full);
        out.set(full, `${st.size}:${st.mtimeMs}`);
      }
    }
  };
  walk(dir);
  return out;
}

/** `logical fix --format json`: calls converted, files read, files it could not parse. */
export function readFixJson(stdout: string): Outcome {
  try {
    const r = JSON.parse(stdout) as {
      files?: number;
      errors?: unknown[];
      summary?: { converted?: number; changedFiles?: number; left?: number };
    };
    const converted = r.summary?.converted;
    return {
      findings: typeof converted === "number" ? converted : null,
      filesSeen: r.files ?? null,
      parseErrors: r.errors?.length ?? null,
      byRule: {},
      note:
        typeof converted === "number"
          ? `findings = calls converted; ${r.summary?.changedFiles ?? "?"} files would change, ${r.summary?.left ?? "?"} calls left`
          : "no summary.converted in the report",
    };
  } catch {
    return { findings: null, filesSeen: null, parseErrors: null, byRule: {}, note: "output is not JSON" };
  }
}

/**
 * `logical fix --dry-run` on a copy of the corpus (fix writes; a dry run
 * should not, but the corpora stay untouched either way). The copy is made
 * fresh once per bench run, outside the timing.
 */
export const LOGICAL_FIX_DRY_RUN: Tool = {
  id: "logical-fix-dry-run",
  label: "logical fix --dry-run",
  languages: ["python", "js"],
  unavailable: () => logicalUnavailable("fix"),
  invoke: (corpus: Corpus) => {
    const copy = join(WORK, "fix", corpus.name);
    if (!copies.has(corpus.name)) {
      rmSync(copy, { recursive: true, force: true });
      mkdirSync(join(WORK, "fix"), { recursive: true });
      // The real directory: a corpus reached through a symlink would otherwise be copied as the link.
      cpSync(realpathSync(corpus.dir), copy, { recursive: true });
      copies.set(corpus.name, snapshot(copy));
    }
    const before = copies.get(corpus.name) as Map<string, string>;
    return {
      command: NODE,
      args: [LOGICAL_MAIN, ...FIX_ARGS],
      cwd: copy,
      env: CHILD_ENV,
      before: () => rmSync(join(copy, ".logicalcache"), { recursive: true, force: true }),
      verify: () => {
        const after = snapshot(copy);
        let changed = 0;
        for (const [f, v] of after) if (before.get(f) !== v) changed++;
        for (const f of before.keys()) if (!after.has(f)) changed++;
        return changed > 0 ? `the dry run wrote, created or removed ${changed} files in its copy` : null;
      },
    };
  },
  okExit: [0, 1],
  read: readFixJson,
};
/** Fresh copies made this bench run, with their file snapshots. */
const copies = new Map<string, Map<string, string>>();

// ---------------------------------------------------------------- logical logs

const LOGS_DIR = join(CORPORA, "logs");
/** The generated log; the version changes when the generator does, so an old file is not reused. */
const logFile = (mb: number): string => join(LOGS_DIR, `train-${mb}mb-v2.log`);
const LOGS_ARGS = (file: string): string[] => ["logs", "--format", "json", file];

/** A pseudo-corpus: one generated training log of `mb` MiB. */
export function logsCorpus(mb: number): Corpus {
  const file = logFile(mb);
  return {
    name: `logs-${mb}mb`,
    language: "python",
    dir: LOGS_DIR,
    files: 1,
    bytes: existsSync(file) ? statSync(file).size : mb * 1048576,
    source: "generated ML training log (bench/hooks.ts)",
    file,
  };
}

export const LOGICAL_LOGS: Tool = {
  id: "logical-logs",
  label: "logical logs",
  languages: ["python"],
  unavailable: () => logicalUnavailable("logs"),
  invoke: (corpus: Corpus) => ({
    command: NODE,
    args: [LOGICAL_MAIN, ...LOGS_ARGS(corpus.file ?? "")],
    cwd: LOGS_DIR,
    env: CHILD_ENV,
  }),
  okExit: [0, 1],
  read: readLogsJson,
};

/** `logical logs --format json`: findings are the warning and error records; by rule, the groups by level. */
function readLogsJson(stdout: string): Outcome {
  let data: { warnings?: unknown; errors?: unknown; groups?: { level: string; count: number }[] };
  try {
    data = JSON.parse(stdout) as typeof data;
  } catch {
    return { findings: null, filesSeen: null, parseErrors: null, byRule: {}, note: "output is not JSON" };
  }
  if (typeof data.warnings !== "number" || typeof data.errors !== "number" || !Array.isArray(data.groups)) {
    return { findings: null, filesSeen: null, parseErrors: null, byRule: {}, note: "not a logs report" };
  }
  const byRule: Record<string, number> = {};
  for (const g of data.groups) byRule[`${g.level} groups`] = (byRule[`${g.level} groups`] ?? 0) + 1;
  return { findings: data.warnings + data.errors, filesSeen: 1, parseErrors: 0, byRule };
}

/**
 * Writes a deterministic multi-format training log (Python logging lines,
 * structlog and pino JSON lines, tqdm progress with carriage returns, warnings
 * lines with their source line, absl and Node warnings, a traceback now and
 * then) of about `mb` MiB, unless it is already there. The file name carries a
 * format version, so a change here makes a new file.
 */
export async function ensureLogFile(mb: number, log: (line: string) => void): Promise<string> {
  mkdirSync(LOGS_DIR, { recursive: true });
  const file = logFile(mb);
  const target = mb * 1048576;
  if (existsSync(file) && statSync(file).size >= target) return file;
  log(`logs: generating ${mb} MiB training log at ${file}`);
  const out = createWriteStream(`${file}.part`);
  let seed = 42;
  const rand = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const t0 = Date.UTC(2025, 0, 1);
  let written = 0;
  let step = 0;
  let chunk: string[] = [];
  const flush = async (): Promise<void> => {
    const s = chunk.join("");
    chunk = [];
    written += Buffer.byteLength(s);
    if (!out.write(s)) await new Promise<void>((r) => out.once("drain", () => r()));
  };
  while (written < target) {
    step++;
    const ts = new Date(t0 + step * 137).toISOString().replace("T", " ").replace("Z", "");
    const loss = (2.5 * Math.exp(-step / 200000) + rand() * 0.05).toFixed(4);
    const r = rand();
    if (r < 0.45) {
      chunk.push(
        `${ts.replace(".", ",")} - trainer - INFO - epoch ${Math.floor(step / 5000)} step ${step} loss=${loss} lr=${(3e-4 * (1 - step / 1e7)).toExponential(3)} grad_norm=${(rand() * 4).toFixed(3)}\n`,
      );
    } else if (r < 0.6) {
      chunk.push(
        `${JSON.stringify({ time: ts, level: "info", msg: "train_step", step, loss: Number(loss), throughput: Math.round(900 + rand() * 200), gpu_mem_gb: Number((10 + rand() * 4).toFixed(2)) })}\n`,
      );
    } else if (r < 0.72) {
      const slow = rand() >= 0.98;
      chunk.push(
        `{"level":${slow ? 40 : 30},"time":${t0 + step * 137},"pid":4127,"hostname":"train-0","name":"loader","shard":${Math.floor(rand() * 512)},"msg":"${slow ? "slow shard read" : "prefetched shard"} in ${Math.round(rand() * 900)} ms"}\n`,
      );
    } else if (r < 0.84) {
      const pct = step % 100;
      chunk.push(
        `Epoch ${Math.floor(step / 5000)}: ${String(pct).padStart(3)}%|${"#".repeat(pct / 10)}${" ".repeat(10 - Math.floor(pct / 10))}| ${step % 5000}/5000 [00:${String(step % 60).padStart(2, "0")}<01:12, 68.4it/s, loss=${loss}]\r`,
      );
    } else if (r < 0.9) {
      chunk.push(
        `I${ts.slice(5, 7)}${ts.slice(8, 10)} ${ts.slice(11)}000 140061916530496 tf_train.py:88] eval step ${step}: auc=${(0.7 + rand() * 0.25).toFixed(4)}\n`,
      );
    } else if (r < 0.96) {
      chunk.push(
        `${ts.replace(".", ",")} - data - WARNING - skipped corrupt sample shard-${Math.floor(rand() * 512)}/${Math.floor(rand() * 1e6)}.tfrecord\n`,
      );
    } else if (r < 0.985) {
      chunk.push(
        `${ts.replace(".", ",")} - eval - INFO - eval step ${step}: accuracy=${(0.5 + rand() * 0.45).toFixed(4)} f1=${(0.4 + rand() * 0.5).toFixed(4)}\n`,
      );
    } else if (r < 0.99) {
      chunk.push(
        `/usr/lib/python3/dist-packages/torch/utils/data/dataloader.py:${557 + (step % 3)}: UserWarning: This DataLoader will create ${4 + (step % 4)} worker processes in total. Our suggested max number of worker in current system is 2, which is smaller than what this DataLoader is going to create.\n  warnings.warn(_create_warning_msg(\n`,
      );
    } else if (r < 0.994) {
      chunk.push(
        `W${ts.slice(5, 7)}${ts.slice(8, 10)} ${ts.slice(11)}000 140061916530496 tf_train.py:97] steps_per_epoch is ${step % 7}: falling back to 100 steps\n`,
      );
    } else if (r < 0.997) {
      chunk.push(
        `(node:4127) [DEP0040] DeprecationWarning: The \`punycode\` module is deprecated. Please use a userland alternative instead.\n(Use \`node --trace-deprecation ...\` to show where the warning was created)\n`,
      );
    } else {
      chunk.push(
        `${ts.replace(".", ",")} - trainer - ERROR - batch ${step} failed\nTraceback (most recent call last):\n  File "/app/train.py", line 212, in train_step\n    out = model(batch)\n  File "/usr/lib/python3/dist-packages/torch/nn/modules/module.py", line 1511, in _wrapped_call_impl\n    return self._call_impl(*args, **kwargs)\nRuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB\n`,
      );
    }
    if (chunk.length >= 4096) await flush();
  }
  await flush();
  await new Promise<void>((r) => out.end(() => r()));
  renameSync(`${file}.part`, file);
  return file;
}
