/**
 * The programmatic API: `check(paths, options)` returns the JSON contract's
 * data (`--format json` prints exactly this), and the pieces a tool built on
 * logical needs.
 */
export { check, type CheckOptions, type CheckResult, type FileError, type Finding } from "./engine/check.js";
export { loadConfig, ConfigurationError, type LogicalConfig } from "./engine/config.js";
export { validateConfig } from "./engine/config-schema.js";
export { buildFileModel, languageOf } from "./languages/index.js";
export type { FileModel, ProjectModel } from "./model/types.js";
export { rules } from "../rules/index.js";
