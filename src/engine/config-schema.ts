/**
 * The configuration's schema (zod) and its validation. Loaded only when a
 * configuration is found (see loadConfig in ./config.ts): zod and the rules
 * cost start-up time a run without a config file need not pay.
 */
import path from "node:path";
import picomatch from "picomatch";
import { z } from "zod";
import { STAGE_IDS, type StageId } from "../stages/catalog.js";
import { rules as allRules } from "../../rules/index.js";
import { ConfigurationError } from "./config.js";

const severity = z.enum(["off", "warn", "error"]);
const ruleSetting = z.union([severity, z.tuple([severity, z.record(z.string(), z.unknown())])], {
  error: 'expected "off", "warn" or "error", or ["off" | "warn" | "error", { options }]',
});
const ruleSettings = z.record(z.string(), ruleSetting);

/** Why a glob cannot be used, or null when it can. */
function globProblem(glob: string): string | null {
  if (glob.trim() === "") return "expected a non-empty glob";
  try {
    // picomatch turns a pattern it cannot compile (say, a range out of order) into one that matches nothing.
    if (picomatch.makeRe(glob, { strictBrackets: true }).source === "$^") return "not a valid glob";
  } catch (error) {
    return `not a valid glob: ${(error as Error).message}`;
  }
  return null;
}

const glob = z.string().superRefine((value, ctx) => {
  const problem = globProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

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
    ignore: z.array(glob).optional(),
    overrides: z.array(z.object({ files: z.array(glob).min(1), rules: ruleSettings }).strict()).optional(),
    maxFileSize: z.number().int().positive().optional(),
    stages: stageSettings.optional(),
    /** Files the rules treat as entry points, besides those recognised by their content (`logical init` fills it). */
    entryPoints: z.array(glob).optional(),
    /** JS/TS: the logger module `logical fix` imports (as `--logger`). */
    logger: z.string().min(1).optional(),
    /** The runtime gate (`logical logs`, `logical run`): warnings and errors a successful run may have. */
    logs: z
      .object({
        maxWarnings: z.number().int().nonnegative().optional(),
        maxErrors: z.number().int().nonnegative().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type LogicalConfig = z.infer<typeof configSchema>;
export type RuleSetting = z.infer<typeof ruleSetting>;

const RULE_IDS = new Set(allRules.map((r) => r.meta.id));

export function validateConfig(raw: unknown, file: string): LogicalConfig {
  const name = path.basename(file);
  // In package.json the config is the "logical" key.
  const at = (keys: readonly PropertyKey[]): string =>
    [...(name === "package.json" ? ["logical"] : []), ...keys.map(String)].join(".") || "(root)";
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    if (issue.code === "unrecognized_keys") {
      const keys = [...issue.path.map(String), issue.keys[0]!];
      const allowed =
        issue.path.length === 0
          ? Object.keys(configSchema.shape)
          : issue.path[0] === "overrides" && issue.path.length === 2
            ? ["files", "rules"]
            : issue.path[0] === "stages" && issue.path.length === 1
              ? [...STAGE_IDS]
              : null;
      const hint = allowed ? `; expected one of ${allowed.join(", ")}` : "";
      throw new ConfigurationError(`${name}: ${at(keys)}: unknown key${hint}`);
    }
    const keyPath = at(issue.path);
    const value = valueAt(raw, issue.path);
    const shown = value === undefined ? "" : ` (got ${JSON.stringify(value)})`;
    throw new ConfigurationError(`${name}: ${keyPath}: ${issue.message}${shown}`);
  }
  const config = result.data;
  const named: [string, string][] = [
    ...Object.keys(config.rules ?? {}).map((id): [string, string] => [at(["rules", id]), id]),
    ...(config.overrides ?? []).flatMap((o, i) =>
      Object.keys(o.rules).map((id): [string, string] => [at(["overrides", i, "rules", id]), id]),
    ),
  ];
  for (const [keyPath, id] of named) {
    if (!RULE_IDS.has(id)) throw new ConfigurationError(`${name}: ${keyPath}: unknown rule (see \`logical rules\`)`);
  }
  return config;
}

function valueAt(raw: unknown, keys: readonly PropertyKey[]): unknown {
  let v: unknown = raw;
  for (const k of keys) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}
