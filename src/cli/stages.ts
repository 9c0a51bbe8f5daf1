/**
 * `logical stages [paths]`: every stage site the catalog finds, with whether
 * an INFO log covers it, so users see what the stage rules see.
 */
import { Option, type Command } from "commander";
import type { StageSiteJson } from "../engine/check.js";
import { loadConfig } from "../engine/config.js";
import type { ChalkInstance } from "chalk";

interface StagesFlags {
  format: "text" | "json";
  config?: string;
  unlogged?: boolean;
  color?: boolean;
}

export function formatStagesText(sites: readonly StageSiteJson[], colors: ChalkInstance): string {
  if (sites.length === 0) return "No stage sites found.\n";
  const rows = sites.map((s) => [
    `${s.file}:${s.line}:${s.column}`,
    s.stage,
    s.marker,
    s.logged ? (s.detailed ? "logged" : "logged, no details") : "not logged",
  ]);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  const lines = rows.map((r, i) => {
    const status = sites[i]!.logged
      ? sites[i]!.detailed
        ? colors.green(r[3]!)
        : colors.yellow(r[3]!)
      : colors.red(r[3]!);
    return `${r[0]!.padEnd(widths[0]!)}  ${r[1]!.padEnd(widths[1]!)}  ${colors.dim(r[2]!.padEnd(widths[2]!))}  ${status}`.trimEnd();
  });
  const logged = sites.filter((s) => s.logged).length;
  return `${lines.join("\n")}\n\n${sites.length} stage sites, ${logged} logged, ${sites.length - logged} not logged.\n`;
}

export function registerStages(program: Command, setExit: (code: number) => void): void {
  program
    .command("stages")
    .description("list every detected stage site (file, line, stage, marker) and whether an INFO log covers it")
    .argument("[paths...]", "files or directories", [])
    .addOption(new Option("-f, --format <name>", "output format").choices(["text", "json"]).default("text"))
    .option("-c, --config <file>", "use this config file instead of searching for one")
    .option("--unlogged", "list only the sites no INFO log covers")
    .option("--color", "force colour output")
    .option("--no-color", "disable colour output (NO_COLOR is honoured too)")
    .action(async (paths: string[], flags: StagesFlags) => {
      const [{ check }, { createColors }] = await Promise.all([
        import("../engine/check.js"),
        import("../reporters/colors.js"),
      ]);
      const cwd = process.cwd();
      const { config } = await loadConfig(cwd, flags.config);
      const result = await check(paths.length > 0 ? paths : ["."], {
        cwd,
        config,
        stages: true,
        onlyRules: [],
        oneShot: true,
      });
      let sites = result.stages ?? [];
      if (flags.unlogged) sites = sites.filter((s) => !s.logged);
      if (flags.format === "json") process.stdout.write(`${JSON.stringify(sites, null, 2)}\n`);
      else process.stdout.write(formatStagesText(sites, createColors(flags.color)));
      for (const e of result.errors) process.stderr.write(`${e.file}: ${e.message}\n`);
      setExit(0);
    });
}
