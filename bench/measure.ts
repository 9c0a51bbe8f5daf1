/**
 * Runs one command as a child process and measures it: wall-clock seconds
 * (the parent's monotonic clock around spawn → exit), CPU seconds (user +
 * system, which other work on the machine disturbs less than wall clock) and
 * peak resident set size of the process tree.
 *
 * Peak RSS method, in order of preference:
 *  - `gnu-time`: `/usr/bin/time -f "%e %M %U %S" -o <file>`. %M is the
 *    kernel's ru_maxrss from wait4(): the largest peak RSS of the child and
 *    any descendants it waited for (in KiB); %U and %S its CPU seconds.
 *  - `proc-poll`: where /usr/bin/time is absent, the child is spawned directly
 *    and /proc/<pid>/status VmHWM (the kernel's own high-water mark) is read
 *    every 5 ms for the child and its descendants; the largest value seen is
 *    kept. A descendant that lives for less than one poll can be missed.
 *    CPU seconds are not measured this way.
 */
import { spawn } from "node:child_process";
import { existsSync, closeSync, openSync, readFileSync, readdirSync, rmSync } from "node:fs";

export const GNU_TIME = "/usr/bin/time";

export type RssMethod = "gnu-time" | "proc-poll";

export function rssMethod(): RssMethod {
  return existsSync(GNU_TIME) ? "gnu-time" : "proc-poll";
}

export interface RunSpec {
  command: string;
  args: string[];
  cwd: string;
  /** stdout and stderr go to these files (tools' reports can be tens of MB). */
  stdoutFile: string;
  stderrFile: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export interface Measurement {
  seconds: number;
  /** Peak RSS in MiB, or null when it could not be read. */
  peakRssMB: number | null;
  /** User + system CPU seconds, or null when it could not be read. */
  cpuSeconds: number | null;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  method: RssMethod;
}

const DEFAULT_TIMEOUT_MS = 30 * 60 * 1000;

export async function measure(spec: RunSpec): Promise<Measurement> {
  const method = rssMethod();
  const timeFile = `${spec.stdoutFile}.time`;
  rmSync(timeFile, { force: true });
  const [command, args] =
    method === "gnu-time"
      ? [GNU_TIME, ["-f", "%e %M %U %S", "-o", timeFile, spec.command, ...spec.args]]
      : [spec.command, spec.args];

  const out = openSync(spec.stdoutFile, "w");
  const err = openSync(spec.stderrFile, "w");
  const started = process.hrtime.bigint();
  let polledKB = 0;
  let timedOut = false;
  try {
    const child = spawn(command, args, {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      stdio: ["ignore", out, err],
    });
    const poller =
      method === "proc-poll" && child.pid !== undefined
        ? setInterval(() => {
            polledKB = Math.max(polledKB, treePeakKB(child.pid as number));
          }, 5)
        : undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, spec.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const { code, signal } = await new Promise<{ code: number | null; signal: string | null }>((resolve, reject) => {
      child.on("error", reject);
      child.on("exit", (c, s) => resolve({ code: c, signal: s }));
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    clearTimeout(timer);
    if (poller) clearInterval(poller);

    let peakKB: number | null = polledKB > 0 ? polledKB : null;
    let cpuSeconds: number | null = null;
    if (method === "gnu-time") ({ peakKB, cpuSeconds } = readGnuTime(timeFile));
    return {
      seconds,
      peakRssMB: peakKB === null ? null : peakKB / 1024,
      cpuSeconds,
      exitCode: code,
      signal,
      timedOut,
      method,
    };
  } finally {
    closeSync(out);
    closeSync(err);
  }
}

/** GNU time writes "Command exited with non-zero status N" first on failure; the numbers are on the last line. */
function readGnuTime(file: string): { peakKB: number | null; cpuSeconds: number | null } {
  if (!existsSync(file)) return { peakKB: null, cpuSeconds: null };
  const lines = readFileSync(file, "utf8").trim().split("\n");
  const last = lines[lines.length - 1] ?? "";
  const m = /^([\d.]+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)$/.exec(last.trim());
  return m ? { peakKB: Number(m[2]), cpuSeconds: Number(m[3]) + Number(m[4]) } : { peakKB: null, cpuSeconds: null };
}

function treePeakKB(pid: number): number {
  let peak = 0;
  for (const p of [pid, ...descendants(pid)]) {
    try {
      const status = readFileSync(`/proc/${p}/status`, "utf8");
      const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
      if (m) peak = Math.max(peak, Number(m[1]));
    } catch {
      // the process ended between listing and reading
    }
  }
  return peak;
}

function descendants(pid: number): number[] {
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const p = queue.shift() as number;
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const t of tasks) {
      try {
        const kids = readFileSync(`/proc/${p}/task/${t}/children`, "utf8").trim();
        for (const k of kids ? kids.split(/\s+/) : []) {
          found.push(Number(k));
          queue.push(Number(k));
        }
      } catch {
        // gone
      }
    }
  }
  return found;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
