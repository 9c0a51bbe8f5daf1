/**
 * Finding and loading the configuration. The schema that validates it is in
 * ./config-schema.ts and is imported only when a configuration file is found.
 */
import path from "node:path";
import { lilconfig } from "lilconfig";
import type { LogicalConfig } from "./config-schema.js";

export type { LogicalConfig, Preset, RuleSetting } from "./config-schema.js";

/** A configuration problem: names the file, the key path, the value and what was expected. */
export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigurationError";
  }
}

const SEARCH_PLACES = ["logical.config.json", ".logicalrc.json", "package.json"];

export interface LoadedConfig {
  config: LogicalConfig;
  file: string | null;
}

/** Finds the configuration upward from `cwd` (or loads `explicitFile`) and validates it. */
export async function loadConfig(cwd: string, explicitFile?: string): Promise<LoadedConfig> {
  const explorer = lilconfig("logical", {
    searchPlaces: SEARCH_PLACES,
    packageProp: "logical",
    loaders: { ".json": parseJsonFile, noExt: parseJsonFile },
  });
  let found: { config: unknown; filepath: string } | null;
  try {
    found = explicitFile ? await explorer.load(path.resolve(cwd, explicitFile)) : await explorer.search(cwd);
  } catch (error) {
    if (error instanceof ConfigurationError) throw error;
    const where = explicitFile ?? "configuration";
    throw new ConfigurationError(`${where}: ${(error as Error).message}`);
  }
  if (!found || found.config === undefined) return { config: {}, file: null };
  const { validateConfig } = await import("./config-schema.js");
  return { config: validateConfig(found.config, found.filepath), file: found.filepath };
}

/** Parses a JSON config file; a syntax error names the file, the line and the column. */
function parseJsonFile(filepath: string, content: string): unknown {
  if (content.trim() === "") return undefined;
  try {
    return JSON.parse(content) as unknown;
  } catch (error) {
    const message = (error as Error).message;
    const at = /at position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : content.length;
    const before = content.slice(0, offset).split("\n");
    const cause = message.replace(/\s*in JSON at position \d+.*$/, "").replace(/^JSON\.parse: /, "");
    throw new ConfigurationError(
      `${path.basename(filepath)}: invalid JSON at line ${before.length}, column ${before.at(-1)!.length + 1}: ${cause}`,
    );
  }
}
