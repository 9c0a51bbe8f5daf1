/**
 * `logical report` as text: the terminal (a compact bar per step), markdown
 * (a pull-request comment) and JSON (the stable contract). HTML is in ./report-html.ts.
 */
import type { ChalkInstance } from "chalk";
import type { GroupReport, Place, Report, StepReport, StepStatus } from "../engine/report.js";

/** Short names for the bars and the group tables; the full titles are in the report. */
export const STEP_LABELS: Record<number, string> = {
  1: "prints → DEBUG",
  2: "critical points",
  3: "INFO on them",
  4: "details in them",
  5: "fail fast",
  6: "useful warnings",
  7: "tracebacks",
  8: "quiet loops",
};

export const STATUS_TEXT: Record<StepStatus, string> = {
  done: "done",
  "in-progress": "in progress",
  "not-started": "not started",
};

export const STATUS_MARK: Record<StepStatus, string> = { done: "✓", "in-progress": "◐", "not-started": "✗" };

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** One line of figures behind a step's status. */
export function describeFigures(step: StepReport): string {
  const f = step.figures;
  const n = (key: string) => f[key] ?? 0;
  switch (step.step) {
    case 1:
      return `prints left: ${n("printsLeft")} (${n("fixable")} fixable by \`logical fix\`); logger calls: ${n("loggerCalls")}`;
    case 2: {
      const sites = `stage sites: ${n("stageSites")} (training ${n("training")}, inference ${n("inference")})`;
      const missing = (step.missing ?? []).map((m) => `${m.stage} (${m.pipeline})`);
      return missing.length > 0 ? `${sites}; no site for ${missing.join(", ")}` : sites;
    }
    case 3:
      return `stage sites with an INFO log: ${n("logged")} of ${n("stageSites")}`;
    case 4:
      return `stage sites with a detailed INFO log: ${n("detailed")} of ${n("stageSites")}`;
    case 5: {
      const parts = [
        `data loads checked: ${n("dataLoadsChecked")} of ${n("dataLoads")}`,
        `error logs that fail: ${n("errorLogsThatFail")} of ${n("errorLogs")}`,
        `swallowed exceptions: ${n("swallowedExceptions")}`,
      ];
      if (n("uncheckedRequestInputs") > 0) parts.push(`unchecked request inputs: ${n("uncheckedRequestInputs")}`);
      return parts.join("; ");
    }
    case 6:
      return `noisy warnings: ${n("noisyWarnings")}; warning logs: ${n("warningLogs")}`;
    case 7:
      return `error logs in exception handlers without the traceback: ${n("withoutTraceback")} of ${n("errorLogsInHandlers")}`;
    case 8:
      return `INFO logs in hot loops: ${n("inHotLoops")} of ${n("infoLogs")}`;
  }
}

/** Filled cells of a bar of `width`: a done step is full; otherwise the share of subjects that pass. */
export function filledCells(step: { status: StepStatus; subjects: number; ok: number }, width: number): number {
  if (step.status === "done") return width;
  if (step.subjects === 0) return 0;
  return Math.min(width - 1, Math.round((width * step.ok) / step.subjects));
}

function place(p: Place): string {
  return `${p.file}:${p.line}:${p.column}`;
}

function byRuleText(byRule: Record<string, number>): string {
  return Object.entries(byRule)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([rule, count]) => `${rule} ${count}`)
    .join(", ");
}

function headline(report: Report): string {
  return `step ${report.step} of 8`;
}

export function formatReportTerminal(report: Report, colors: ChalkInstance): string {
  const paint: Record<StepStatus, (s: string) => string> = {
    done: colors.green,
    "in-progress": colors.yellow,
    "not-started": colors.red,
  };
  const out: string[] = [];
  out.push(
    `${colors.bold(`logical report: ${headline(report)}`)} ${colors.dim(`(${plural(report.files, "file")})`)}`,
    "",
  );
  const labelWidth = Math.max(...Object.values(STEP_LABELS).map((l) => l.length));
  for (const step of report.steps) {
    const filled = filledCells(step, 10);
    const bar = paint[step.status]("█".repeat(filled)) + colors.dim("░".repeat(10 - filled));
    const status = paint[step.status](STATUS_TEXT[step.status].padEnd(11));
    out.push(
      ` ${step.step} ${STEP_LABELS[step.step]!.padEnd(labelWidth)}  ${bar}  ${status}  ${describeFigures(step)}`,
    );
  }
  const hygiene =
    report.hygiene.open === 0
      ? "no findings"
      : `${plural(report.hygiene.open, "finding")} (${byRuleText(report.hygiene.byRule)})`;
  out.push(
    ` ${colors.dim("·")} ${"logger hygiene".padEnd(labelWidth)}  ${" ".repeat(10)}  ${" ".repeat(11)}  ${hygiene}`,
  );

  out.push("");
  if (report.next === null) {
    out.push(colors.green("All eight steps are done: the project is fully logged."));
  } else {
    const next = report.steps.find((s) => s.step === report.next!.step)!;
    out.push(colors.bold(`Next: step ${next.step}, ${next.title}`), `  ${next.todo}`);
    for (const p of next.places) out.push(`  ${colors.dim(place(p))}  ${p.ruleId}  ${p.message}`);
  }

  for (const [title, groups] of [
    ["By pipeline", report.pipelines],
    ["By module", report.modules],
  ] as const) {
    if (groups.length === 0) continue;
    out.push("", colors.bold(title));
    const width = Math.max(...groups.map((g) => g.name.length));
    for (const g of groups) {
      const marks = g.steps.map((s) => paint[s.status](`${s.step}${STATUS_MARK[s.status]}`)).join(" ");
      out.push(`  ${g.name.padEnd(width)}  step ${g.step}  ${marks}  ${colors.dim(plural(g.files, "file"))}`);
    }
  }
  if (report.errors.length > 0) {
    out.push("", colors.bold(`Could not analyse ${plural(report.errors.length, "file")}:`));
    for (const e of report.errors) out.push(`  ${e.file}: ${e.message}`);
  }
  return `${out.join("\n")}\n`;
}

/** Text safe inside a markdown table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");
}

export type LinkTo = (file: string, line: number) => string | null;

function mdPlace(p: Place, link: LinkTo): string {
  const href = link(p.file, p.line);
  return href === null ? `\`${place(p)}\`` : `[\`${place(p)}\`](${href})`;
}

function mdGroups(title: string, groups: readonly GroupReport[]): string[] {
  if (groups.length === 0) return [];
  return [
    "",
    `### ${title}`,
    "",
    `| ${title === "By pipeline" ? "pipeline" : "module"} | files | step | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 |`,
    "| --- | ---: | ---: | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...groups.map(
      (g) =>
        `| \`${cell(g.name)}\` | ${g.files} | ${g.step} | ${g.steps.map((s) => `${STATUS_MARK[s.status]}${s.open > 0 ? ` ${s.open}` : ""}`).join(" | ")} |`,
    ),
  ];
}

/** A pull-request comment: the steps as a table, the next step with its places, the groups. */
export function formatReportMarkdown(report: Report, link: LinkTo = () => null): string {
  const out: string[] = [`## logical report: ${headline(report)}`, ""];
  if (report.next === null) out.push("All eight steps are done: the project is fully logged.");
  else out.push(`**Next: step ${report.next.step}, ${report.next.title}.** ${report.next.todo}`);
  out.push("", "| step | the post says | status | figures |", "| ---: | --- | --- | --- |");
  for (const s of report.steps) {
    const share = s.subjects > 0 ? ` (${s.ok}/${s.subjects})` : "";
    out.push(
      `| ${s.step} | ${cell(s.title)} | ${STATUS_MARK[s.status]} ${STATUS_TEXT[s.status]}${share} | ${cell(describeFigures(s))} |`,
    );
  }
  const hygiene = report.hygiene.open === 0 ? "no findings" : byRuleText(report.hygiene.byRule);
  out.push(`| · | logger hygiene (footnote 1) | ${report.hygiene.open === 0 ? "✓" : "◐"} | ${cell(hygiene)} |`);

  const withPlaces = report.steps.filter((s) => s.places.length > 0);
  if (withPlaces.length > 0) {
    out.push("", "<details><summary>Where to start, step by step</summary>", "");
    for (const s of withPlaces) {
      out.push(`**Step ${s.step}**: ${s.todo}`, "");
      for (const p of s.places) out.push(`- ${mdPlace(p, link)} ${p.ruleId}: ${cell(p.message)}`);
      out.push("");
    }
    out.push("</details>");
  }
  out.push(...mdGroups("By pipeline", report.pipelines), ...mdGroups("By module", report.modules));
  out.push("", "✓ done · ◐ in progress · ✗ not started; a number is the step's open findings.");
  if (report.errors.length > 0) {
    out.push("", `Could not analyse ${plural(report.errors.length, "file")}:`, "");
    for (const e of report.errors) out.push(`- \`${e.file}\`: ${cell(e.message)}`);
  }
  return `${out.join("\n")}\n`;
}

/** The JSON contract (version 1): the report as built, fields in a fixed order. */
export function formatReportJson(report: Report): string {
  const steps = report.steps.map((s) => ({
    step: s.step,
    title: s.title,
    status: s.status,
    subjects: s.subjects,
    ok: s.ok,
    open: s.open,
    rules: s.rules,
    figures: s.figures,
    byRule: s.byRule,
    ...(s.stages ? { stages: s.stages } : {}),
    ...(s.missing ? { missing: s.missing } : {}),
    todo: s.todo,
    places: s.places,
  }));
  const groups = (list: readonly GroupReport[]) =>
    list.map((g) => ({
      name: g.name,
      files: g.files,
      step: g.step,
      steps: g.steps.map((s) => ({ step: s.step, status: s.status, subjects: s.subjects, ok: s.ok, open: s.open })),
    }));
  const contract = {
    version: report.version,
    step: report.step,
    next: report.next,
    files: report.files,
    steps,
    hygiene: report.hygiene,
    pipelines: groups(report.pipelines),
    modules: groups(report.modules),
    errors: report.errors,
  };
  return `${JSON.stringify(contract, null, 2)}\n`;
}
