import type { FileModel, LogSite, ProjectModel } from "../model/types.js";
import { planConsoleCalls, type JsLoggerOptions } from "./js-console.js";
import type { SitePlan } from "./outcome.js";
import { planPythonPrints } from "./python-print.js";

export type { JsLoggerOptions } from "./js-console.js";
export type { SiteOutcome, SitePlan } from "./outcome.js";

/** What `no-print`'s fix does with each reported site of one file, in the file's language. */
export function planPrintFixes(
  model: FileModel,
  sites: readonly LogSite[],
  project: ProjectModel,
  logger: JsLoggerOptions,
): SitePlan {
  if (sites.length === 0) return new Map();
  return model.language === "python"
    ? planPythonPrints(model, sites, project)
    : planConsoleCalls(model, sites, project, logger);
}
