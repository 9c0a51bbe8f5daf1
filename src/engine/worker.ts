// A worker of the check pool (piscina): takes batches from the run's shared queue until it is empty.
import { analyseFiles, type AnalyseTask, type FileOutcome } from "./analyse.js";

export interface SharedRun {
  tasks: AnalyseTask[];
  /** Int32 [next batch to take, files done], shared by the main thread and every worker. */
  queue: SharedArrayBuffer;
}

/** Takes the next batch while there is one (at most `limit`); returns each batch's outcomes with its index. */
export function drain(run: SharedRun & { limit?: number }): [number, FileOutcome[]][] {
  const queue = new Int32Array(run.queue);
  const done: [number, FileOutcome[]][] = [];
  while (done.length < (run.limit ?? Infinity)) {
    const i = Atomics.add(queue, 0, 1);
    if (i >= run.tasks.length) break;
    const task = run.tasks[i]!;
    done.push([i, analyseFiles(task)]);
    Atomics.add(queue, 1, task.files.length);
  }
  return done;
}

export default function analyseShared(run: SharedRun): [number, FileOutcome[]][] {
  return drain(run);
}
