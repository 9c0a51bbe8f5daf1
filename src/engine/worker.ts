// A worker of the check pool (piscina): analyses a batch of files off the main thread.
import { analyseFiles, type AnalyseTask, type FileOutcome } from "./analyse.js";

export default function analyseBatch(task: AnalyseTask): FileOutcome[] {
  return analyseFiles(task);
}
