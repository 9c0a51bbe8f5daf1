import type { FileFacts } from "./project.js";

/**
 * A modelled file with no fact at all; the cache stores only the fields that differ from these.
 * Its own module, so that a warm --cache run, which reads facts, loads none of the analysis.
 */
export const NO_FACTS: Readonly<Omit<FileFacts, "path">> = {
  isEntry: false,
  isLoggerModule: false,
  hasRequestLogging: false,
  hasLoggingConfig: false,
  stageSites: 0,
  stageFunctions: [],
  loggedCallees: [],
  checkedCallees: [],
  handlesShutdown: false,
  modelled: true,
};
