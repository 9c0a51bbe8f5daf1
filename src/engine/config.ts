import path from "node:path";
import { lilconfig } from "lilconfig";
import { z } from "zod";
import { STAGE_IDS, type StageId } from "../stages/catalog.js";

const severity = z.enum(["off", "warn", "error"]);
const ruleSetting = z.union([severity, z.tuple([severity, z.record(z.string(), z.unknown())])]);
const ruleSettings = z.record(z.string(), ruleSetting);

/** Presets: the defaults, everything as an error, or the post's ladder one step at a time. */
export const PRESETS = [
  "recommended",
  "strict",
  "step-1",
  "step-2",
  "step-3",
  "step-4",
  "step-5",
  "step-6",
  "step-7",
  "step-8",
] as const;
export type Preset = (typeof PRESETS)[number];

const stageMarkers = z
  .object({
    calls: z.array(z.string().min(1)).optional(),
    methods: z.array(z.string().min(1)).optional(),
    functions: z.array(z.string().min(1)).optional(),
  })
  .strict();
/** `"stages": {"read-data": {"calls": ["myco.data.load_training_set"]}, "shutdown": false}` */
const stageSettings = z.partialRecord(
  z.enum(STAGE_IDS as [StageId, ...StageId[]]),
  z.union([z.literal(false), stageMarkers]),
);

export const configSchema = z
  .object({
    $schema: z.string().optional(),
    extends: z.enum(PRESETS).optional(),
    rules: ruleSettings.optional(),
    ignore: z.array(z.string()).optional(),
    overrides: z.array(z.object({ files: z.array(z.string()).min(1), rules: ruleSettings }).strict()).optional(),
    maxFileSize: z.number().int().positive().optional(),
    stages: stageSettings.optional(),
  })
  .strict();

export type LogicalConfig = z.infer<typeof configSchema>;
export type RuleSetting = z.infer<typeof ruleSetting>;

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
  const explorer = lilconfig("logical", { searchPlaces: SEARCH_PLACES, packageProp: "logical" });
  let found: { config: unknown; filepath: string } | null;
  try {
    found = explicitFile ? await explorer.load(path.resolve(cwd, explicitFile)) : await explorer.search(cwd);
  } catch (error) {
    const where = explicitFile ?? "configuration";
    throw new ConfigurationError(`${where}: ${(error as Error).message}`);
  }
  if (!found || found.config === undefined) return { config: {}, file: null };
  return { config: validateConfig(found.config, found.filepath), file: found.filepath };
}

export function validateConfig(raw: unknown, file: string): LogicalConfig {
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const keyPath = issue.path.map(String).join(".") || "(root)";
  const value = valueAt(raw, issue.path);
  const shown = value === undefined ? "" : ` (got ${JSON.stringify(value)})`;
  throw new ConfigurationError(`${path.basename(file)}: ${keyPath}: ${issue.message}${shown}`);
}

function valueAt(raw: unknown, keys: readonly PropertyKey[]): unknown {
  let v: unknown = raw;
  for (const k of keys) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}
