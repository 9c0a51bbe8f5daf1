import type { ChalkInstance } from "chalk";
import { createTwoFilesPatch } from "diff";
import type { FixPlan } from "./fix-project.js";

/** How `logical fix` shows its plan: a unified diff (dry run), a summary, or JSON. Prints nothing itself. */

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Unified diffs of every planned change, coloured when `colors` has a level. */
export function formatFixDiff(plan: FixPlan, colors: ChalkInstance): string {
  let out = "";
  for (const change of plan.changes) {
    const patch = createTwoFilesPatch(
      change.created ? "/dev/null" : `a/${change.file}`,
      `b/${change.file}`,
      change.before,
      change.after,
      undefined,
      undefined,
      { context: 3 },
    );
    // The first line of createTwoFilesPatch is a `====` separator; git's format starts at `---`.
    for (const line of patch.split("\n").slice(1)) {
      if (line === "") continue;
      if (line.startsWith("+++") || line.startsWith("---")) out += colors.bold(line);
      else if (line.startsWith("@@")) out += colors.cyan(line);
      else if (line.startsWith("+")) out += colors.green(line);
      else if (line.startsWith("-")) out += colors.red(line);
      else out += line;
      out += "\n";
    }
  }
  return out;
}

export interface SummaryOptions {
  colors: ChalkInstance;
  verbose: boolean;
  dryRun: boolean;
}

export function formatFixSummary(plan: FixPlan, { colors, verbose, dryRun }: SummaryOptions): string {
  const lines: string[] = [];
  const converted = plan.changes.reduce((n, c) => n + c.converted, 0);
  const changedSources = plan.changes.filter((c) => c.converted > 0);
  for (const change of changedSources)
    lines.push(`${colors.underline(change.file)}: ${plural(change.converted, "call")} converted`);
  if (plan.logger?.created) {
    const dep = plan.logger.dependency
      ? `; added ${plan.logger.dependency} to package.json (run your package manager's install)`
      : "";
    lines.push(`${colors.underline(plan.logger.file)}: created, a ${plan.logger.library ?? "pino"} logger${dep}`);
  } else if (plan.logger) {
    lines.push(`console calls now log through ${plan.logger.file} (${plan.logger.library ?? "unknown library"})`);
  }
  if (plan.typecheck) {
    lines.push(
      `--typecheck: ${plural(plan.typecheck.before, "diagnostic")} before, ${plan.typecheck.after} after in the changed files`,
    );
  }
  if (verbose && plan.notes.length > 0) {
    lines.push("", colors.bold("Notes (choices to review):"));
    for (const n of plan.notes) lines.push(`  ${n.file}:${n.line}  ${n.message}`);
  }
  if (verbose && plan.left.length > 0) {
    lines.push("", colors.bold("Left in place:"));
    for (const n of plan.left) lines.push(`  ${n.file}:${n.line}  ${n.message}`);
  }
  if (plan.skipped.length > 0) {
    lines.push("", colors.bold(colors.yellow("Not written:")));
    for (const s of plan.skipped) lines.push(`  ${s.file}  ${s.message}`);
  }
  if (plan.errors.length > 0) {
    lines.push("", colors.bold("Could not analyse:"));
    for (const e of plan.errors) lines.push(`  ${e.file}  ${e.message}`);
  }
  const verb = dryRun ? "would be converted" : "converted";
  const files = dryRun
    ? `${plural(plan.changes.length, "file")} would change`
    : `${plural(plan.changes.length, "file")} changed`;
  const extra: string[] = [];
  if (plan.notes.length > 0) extra.push(plural(plan.notes.length, "note"));
  if (plan.left.length > 0) extra.push(`${plan.left.length} left in place`);
  const hint = !verbose && extra.length > 0 ? " (--verbose lists them)" : "";
  const mark = plan.skipped.length > 0 ? colors.yellow("!") : colors.green("✔");
  if (lines.length > 0) lines.push("");
  lines.push(
    `${mark} ${plural(converted, "call")} ${verb}, ${files}${extra.length ? `; ${extra.join(", ")}` : ""}${hint}.`,
  );
  if (dryRun) lines.push("Dry run: nothing was written.");
  return lines.join("\n") + "\n";
}

/** The plan as JSON (version 1): what changed, the notes, what was left and why, what was not written. */
export function formatFixJson(plan: FixPlan, dryRun: boolean): string {
  const converted = plan.changes.reduce((n, c) => n + c.converted, 0);
  return (
    JSON.stringify(
      {
        version: 1,
        dryRun,
        files: plan.files,
        changed: plan.changes.map((c) => ({ file: c.file, converted: c.converted, created: c.created })),
        notes: plan.notes,
        left: plan.left,
        skipped: plan.skipped,
        errors: plan.errors,
        logger: plan.logger,
        typecheck: plan.typecheck,
        summary: {
          converted,
          changedFiles: plan.changes.length,
          notes: plan.notes.length,
          left: plan.left.length,
          skipped: plan.skipped.length,
        },
      },
      null,
      2,
    ) + "\n"
  );
}
