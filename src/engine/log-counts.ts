import type { FileModel, FileRole, Language } from "../model/types.js";

/**
 * How one file logs, counted: the denominators behind `logical report`'s
 * figures (how many of the file's error logs fail, how many INFO logs sit in
 * hot loops: the findings give the numerator). Small, so it crosses from a worker.
 */
export interface FileLogCounts {
  file: string;
  language: Language;
  role: FileRole;
  /** print / pprint and console output (step 1 turns these into logger calls). */
  prints: number;
  /** Logger calls and `warnings.warn`, at any level. */
  loggerCalls: number;
  /** INFO logs (logger or console). */
  info: number;
  /** WARNING logs, `warnings.warn` included. */
  warning: number;
  /** ERROR and CRITICAL logs. */
  error: number;
  /** ERROR and CRITICAL logs inside an except / catch. */
  errorInHandlers: number;
  /** except / catch handlers. */
  handlers: number;
}

export function countLogs(model: FileModel, relative: string): FileLogCounts {
  const counts: FileLogCounts = {
    file: relative,
    language: model.language,
    role: model.role,
    prints: 0,
    loggerCalls: 0,
    info: 0,
    warning: 0,
    error: 0,
    errorInHandlers: 0,
    handlers: model.handlers.length,
  };
  for (const site of model.logSites) {
    if (site.kind === "print" || site.kind === "console") counts.prints++;
    else counts.loggerCalls++;
    if (site.level === "info") counts.info++;
    else if (site.level === "warning") counts.warning++;
    else if (site.level === "error" || site.level === "critical") {
      counts.error++;
      if (site.call !== null && model.calls[site.call]!.handler !== null) counts.errorInHandlers++;
    }
  }
  return counts;
}
