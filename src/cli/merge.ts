/** `logical merge a.json b.json …`: the JSON results of a sharded run, as one report. */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { type Command, Option } from "commander";
import { reporterNames, type ReporterName } from "../reporters/index.js";
import { positiveInt } from "./args.js";
import { UsageError } from "./errors.js";

interface MergeFlags {
  format: ReporterName;
  outputFile?: string;
  maxWarnings?: number;
  color?: boolean;
}

async function runMerge(files: string[], flags: MergeFlags, version: string): Promise<number> {
  // Loaded when the command runs: its validation (zod) costs every other command start-up time.
  const [{ MergeInputError, mergeResults, parseResult }, { emitReport }] = await Promise.all([
    import("../engine/merge.js"),
    import("./output.js"),
  ]);
  const cwd = process.cwd();
  const results = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(path.resolve(cwd, file), "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(`${file}: ${code === "ENOENT" ? "no such file" : (error as Error).message}`);
    }
    try {
      results.push(parseResult(text, file));
    } catch (error) {
      if (error instanceof MergeInputError) throw new UsageError(error.message);
      throw error;
    }
  }
  const merged = mergeResults(results);
  await emitReport(cwd, merged, flags, version);
  if (merged.summary.error > 0) return 1;
  if (flags.maxWarnings !== undefined && merged.summary.warning > flags.maxWarnings) return 1;
  return 0;
}

export function registerMerge(program: Command, setExit: (code: number) => void, version: string): void {
  program
    .command("merge")
    .description("combine the JSON results of `check --shard i/n --format json` into one report; exits as check would")
    .argument("<results...>", "JSON result files")
    .addOption(new Option("-f, --format <name>", "output format").choices(reporterNames).default("stylish"))
    .option("-o, --output-file <path>", "write the --format report to this file; stdout then gets stylish")
    .option("--max-warnings <n>", "exit 1 when there are more than n warnings", positiveInt)
    .option("--color", "force colour output")
    .option("--no-color", "disable colour output (NO_COLOR is honoured too)")
    .action(async (files: string[], flags: MergeFlags) => setExit(await runMerge(files, flags, version)));
}
