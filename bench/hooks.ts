/**
 * Entries for commands logical does not have yet. Each skips, with a line
 * saying so, while `logical <command> --help` exits non-zero, and runs by
 * itself once the command lands. Arguments are kept in one place per entry
 * (`FIX_ARGS`, `LOGS_ARGS`) so they can follow the CLI as it settles.
 */
import { cpSync, createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Corpus } from "./corpora.js";
import { CORPORA, WORK } from "./corpora.js";
import { LOGICAL_MAIN, logicalUnavailable, type Outcome, readLogicalJson, type Tool } from "./tools.js";

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
      cpSync(corpus.dir, copy, { recursive: true });
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
const LOGS_ARGS = (file: string): string[] => ["logs", "--format", "json", file];

/** A pseudo-corpus: one generated training log of `mb` MiB. */
export function logsCorpus(mb: number): Corpus {
  const file = join(LOGS_DIR, `train-${mb}mb.log`);
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
  read: readLogicalJson,
};

/**
 * Writes a deterministic multi-format training log (Python logging lines,
 * JSON lines, tqdm progress with carriage returns, warnings, a traceback now
 * and then) of about `mb` MiB, unless it is already there.
 */
export async function ensureLogFile(mb: number, log: (line: string) => void): Promise<string> {
  mkdirSync(LOGS_DIR, { recursive: true });
  const file = join(LOGS_DIR, `train-${mb}mb.log`);
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
    if (r < 0.55) {
      chunk.push(
        `${ts.replace(".", ",")} - trainer - INFO - epoch ${Math.floor(step / 5000)} step ${step} loss=${loss} lr=${(3e-4 * (1 - step / 1e7)).toExponential(3)} grad_norm=${(rand() * 4).toFixed(3)}\n`,
      );
    } else if (r < 0.8) {
      chunk.push(
        `${JSON.stringify({ time: ts, level: "info", msg: "train_step", step, loss: Number(loss), throughput: Math.round(900 + rand() * 200), gpu_mem_gb: Number((10 + rand() * 4).toFixed(2)) })}\n`,
      );
    } else if (r < 0.93) {
      const pct = step % 100;
      chunk.push(
        `Epoch ${Math.floor(step / 5000)}: ${String(pct).padStart(3)}%|${"#".repeat(pct / 10)}${" ".repeat(10 - Math.floor(pct / 10))}| ${step % 5000}/5000 [00:${String(step % 60).padStart(2, "0")}<01:12, 68.4it/s, loss=${loss}]\r`,
      );
    } else if (r < 0.985) {
      chunk.push(
        `${ts.replace(".", ",")} - data - WARNING - skipped corrupt sample shard-${Math.floor(rand() * 512)}/${Math.floor(rand() * 1e6)}.tfrecord\n`,
      );
    } else if (r < 0.997) {
      chunk.push(
        `${ts.replace(".", ",")} - eval - INFO - eval step ${step}: accuracy=${(0.5 + rand() * 0.45).toFixed(4)} f1=${(0.4 + rand() * 0.5).toFixed(4)}\n`,
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
