/**
 * `logical init`: looks at the project (languages, entry points, loggers),
 * writes `logical.config.json` with what it found, and prints (or, with
 * --write, writes) an ESLint config and a GitHub Actions workflow for the
 * gate; --baseline records today's findings so the gate can go on at once.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Command } from "commander";
import type { LogicalConfig } from "../engine/config.js";
import { UsageError } from "./errors.js";

interface InitFlags {
  write?: boolean;
  baseline?: boolean;
  force?: boolean;
}

const CONFIG = "logical.config.json";
const ESLINT = "eslint.config.js";
const WORKFLOW = ".github/workflows/logical.yml";
const BASELINE = "logical-baseline.json";

function existingConfig(cwd: string): string | null {
  for (const name of [CONFIG, ".logicalrc.json"]) if (existsSync(path.join(cwd, name))) return name;
  const pkg = path.join(cwd, "package.json");
  if (existsSync(pkg)) {
    try {
      if ((JSON.parse(readFileSync(pkg, "utf8")) as { logical?: unknown }).logical !== undefined) {
        return 'package.json "logical"';
      }
    } catch {
      // Not ours to judge here.
    }
  }
  return null;
}

async function runInit(flags: InitFlags): Promise<number> {
  // Loaded when the command runs, so that other commands start without them.
  const [
    { buildBaseline, formatBaseline },
    { check },
    { validateConfig },
    { detectProject },
    templates,
    { readSources },
  ] = await Promise.all([
    import("../engine/baseline.js"),
    import("../engine/check.js"),
    import("../engine/config-schema.js"),
    import("../engine/detect.js"),
    import("./init-templates.js"),
    import("./output.js"),
  ]);
  const { eslintConfig, githubWorkflow } = templates;
  const cwd = process.cwd();
  const existing = existingConfig(cwd);
  if (existing && !flags.force) {
    throw new UsageError(`${existing} already exists; pass --force to replace it with a detected ${CONFIG}`);
  }
  const found = await detectProject(cwd);
  if (found.files.python + found.files.js === 0) {
    throw new UsageError("no Python or JS/TS files here to set up; run logical init at the project's root");
  }
  const config: LogicalConfig = {
    $schema: "./node_modules/logical/schema/logical.config.schema.json",
    extends: "recommended",
    ...(found.entryPoints.length > 0 ? { entryPoints: found.entryPoints } : {}),
    ...(found.loggerModule ? { logger: found.loggerModule } : {}),
  };
  validateConfig(config, CONFIG);
  const out: string[] = [];
  const languages = [
    ...(found.files.python > 0 ? [`${found.files.python} Python`] : []),
    ...(found.files.js > 0 ? [`${found.files.js} JS/TS`] : []),
  ];
  out.push(`logical init: ${languages.join(" and ")} files`);
  out.push(`  entry points: ${found.entryPoints.length > 0 ? found.entryPoints.join(", ") : "none found"}`);
  const loggers = [
    ...(found.loggers.python.length > 0 ? [`Python ${found.loggers.python.join(", ")}`] : []),
    ...(found.loggers.js.length > 0 ? [`JS/TS ${found.loggers.js.join(", ")}`] : []),
  ];
  out.push(`  loggers: ${loggers.length > 0 ? loggers.join("; ") : "none yet"}`);
  if (found.loggerModule) out.push(`  logger module: ${found.loggerModule}`);
  await writeFile(path.join(cwd, CONFIG), `${JSON.stringify(config, null, 2)}\n`);
  out.push(`wrote ${CONFIG}`);

  if (flags.baseline) {
    const result = await check(["."], { cwd, config });
    const baseline = buildBaseline(result.findings, await readSources(cwd, result));
    await writeFile(path.join(cwd, BASELINE), formatBaseline(baseline));
    out.push(`wrote ${BASELINE} (${result.findings.length} findings, ${baseline.entries.length} entries)`);
  }

  const hasTs = detectTs(found.files.js > 0, cwd);
  const files: [string, string][] = [
    [ESLINT, eslintConfig({ python: found.files.python > 0, js: found.files.js > 0, ts: hasTs })],
    [WORKFLOW, githubWorkflow(flags.baseline === true)],
  ];
  for (const [name, text] of files) {
    const target = path.join(cwd, name);
    if (flags.write && !existsSync(target)) {
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, text);
      out.push(`wrote ${name}`);
    } else {
      const why = flags.write ? "exists, not replaced; merge this into it" : "add it, or run logical init --write";
      out.push("", `${name} (${why}):`, "", text.trimEnd());
    }
  }
  process.stdout.write(`${out.join("\n")}\n`);
  return 0;
}

/** TypeScript in use: a tsconfig.json, or typescript among package.json's dependencies. */
function detectTs(js: boolean, cwd: string): boolean {
  if (!js) return false;
  if (existsSync(path.join(cwd, "tsconfig.json"))) return true;
  try {
    const pkg = JSON.parse(readFileSync(path.join(cwd, "package.json"), "utf8")) as Record<string, unknown>;
    return ["dependencies", "devDependencies"].some((k) => Object.hasOwn((pkg[k] ?? {}) as object, "typescript"));
  } catch {
    return false;
  }
}

export function registerInit(program: Command, setExit: (code: number) => void): void {
  program
    .command("init")
    .description(
      "detect languages, entry points and loggers; write logical.config.json; print an eslint.config.js and a GitHub Actions workflow",
    )
    .option("--write", `also write ${ESLINT} and ${WORKFLOW} (never replacing existing files)`)
    .option("--baseline", `record today's findings in ${BASELINE} (the workflow then uses --strict-baseline)`)
    .option("--force", "replace an existing logical config")
    .action(async (flags: InitFlags) => setExit(await runInit(flags)));
}
