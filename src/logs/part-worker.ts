// A worker thread of `logical logs`: reads the second half of a large log file (see split.ts).
import { parentPort, workerData } from "node:worker_threads";
import { readPart, type PartTask } from "./split.js";

parentPort!.postMessage(await readPart(workerData as PartTask));
