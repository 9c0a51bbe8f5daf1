/**
 * A progress bar on stderr for long checks: only on a terminal, never in CI
 * (`CI` set) or when stderr is piped, and only once a run has gone on for a
 * second, so short runs and every report stay free of it.
 */
import { createRequire } from "node:module";
import type cliProgressModule from "cli-progress";

/** cli-progress is loaded when a bar is first drawn: most runs never draw one, and every module costs start-up time. */
const loadCliProgress = (): typeof cliProgressModule =>
  createRequire(import.meta.url)("cli-progress") as typeof cliProgressModule;

const DELAY_MS = 1000;

/** Whether a bar may be drawn: stderr is a terminal and no CI is declared. */
export function progressWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  const inCi = ci !== undefined && ci !== "" && ci !== "0" && ci.toLowerCase() !== "false";
  return stream.isTTY === true && !inCi;
}

export interface Progress {
  update: (done: number, total: number) => void;
  stop: () => void;
}

export interface ProgressOptions {
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  env?: NodeJS.ProcessEnv;
  now?: () => number;
}

export function createProgress(options: ProgressOptions = {}): Progress | null {
  const { stream = process.stderr, env = process.env, now = Date.now } = options;
  if (!progressWanted(stream, env)) return null;
  const started = now();
  let bar: cliProgressModule.SingleBar | null = null;
  return {
    update(done, total) {
      if (bar === null) {
        if (done >= total || now() - started < DELAY_MS) return;
        const cliProgress = loadCliProgress();
        bar = new cliProgress.SingleBar(
          { stream, format: "logical {bar} {value}/{total} files", hideCursor: true, clearOnComplete: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done);
      } else bar.update(done);
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
