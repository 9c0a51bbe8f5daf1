/**
 * Reporters for `logical logs` and `logical run`: the terminal's text, the
 * JSON contract (version 1), markdown for a PR comment, and GitHub workflow
 * annotations.
 */
import type { ChalkInstance } from "chalk";
import type { Budget, GroupReport, LogsReport } from "../logs/gate.js";
import { escapeData, escapeProperty } from "./github.js";

export const logsFormats = ["text", "json", "markdown", "github"] as const;
export type LogsFormat = (typeof logsFormats)[number];

function plural(n: number, word: string): string {
  return `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
}

function counts(report: Pick<LogsReport, "warnings" | "errors">): string {
  return `${plural(report.warnings, "warning")}, ${plural(report.errors, "error")}`;
}

function budgetLine(report: LogsReport, budget: Budget): string {
  const over = report.warnings > budget.maxWarnings || report.errors > budget.maxErrors;
  const allowed = `budget ${plural(budget.maxWarnings, "warning")}, ${plural(budget.maxErrors, "error")}`;
  return `${counts(report)} (${allowed})${over ? ": over budget" : ""}`;
}

function placeOf(group: GroupReport): string | null {
  const parts: string[] = [];
  if (group.source) parts.push(`${group.source.file}:${group.source.line}`);
  if (group.module) parts.push(group.module);
  return parts.length > 0 ? `${parts.join(", ")} (${group.origin})` : null;
}

/** One group as the terminal shows it. */
export function formatGroupText(group: GroupReport, c: ChalkInstance): string {
  const level = group.level === "error" ? c.red("error  ") : c.yellow("warning");
  const lines = [`${level} ×${group.count}  ${c.bold(group.template)}`];
  const place = placeOf(group);
  lines.push(`  from     ${place ?? group.origin}`);
  if (group.first !== undefined) {
    lines.push(`  seen     ${group.first === group.last ? group.first : `${group.first} … ${group.last}`}`);
  }
  const example = group.example.split("\n");
  lines.push(`  example  ${c.dim(example[0])}`);
  for (const more of example.slice(1, 8)) lines.push(`           ${c.dim(more)}`);
  if (example.length > 8) lines.push(`           ${c.dim(`… ${plural(example.length - 8, "more line")}`)}`);
  lines.push(`  do       ${group.advice}`);
  return lines.join("\n");
}

export function formatLogsText(report: LogsReport, budget: Budget, c: ChalkInstance): string {
  const out: string[] = [];
  for (const group of report.groups) out.push(formatGroupText(group, c), "");
  const read = `${plural(report.lines, "line")} read, ${plural(report.records, "record")}, ${plural(report.unrecognised, "line")} not recognised`;
  out.push(read);
  const over = report.warnings > budget.maxWarnings || report.errors > budget.maxErrors;
  const summary = budgetLine(report, budget);
  out.push(over ? c.red(summary) : report.warnings + report.errors > 0 ? summary : c.green(summary));
  return `${out.join("\n")}\n`;
}

export function formatLogsJson(report: LogsReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

export function formatLogsMarkdown(report: LogsReport, budget: Budget): string {
  const out = ["## logical logs", "", `${budgetLine(report, budget)}.`];
  if (report.groups.length > 0) {
    out.push("", "| level | count | message | from | what to do |", "| --- | ---: | --- | --- | --- |");
    for (const g of report.groups) {
      out.push(
        `| ${g.level} | ${g.count} | \`${cell(g.template)}\` | ${cell(placeOf(g) ?? g.origin)} | ${cell(g.advice)} |`,
      );
    }
  }
  return `${out.join("\n")}\n`;
}

/** One annotation per group, on the project line when there is one. */
export function formatLogsGithub(report: LogsReport): string {
  const lines = report.groups.map((g) => {
    const props: [string, string | number][] = [];
    if (g.source) props.push(["file", g.source.file], ["line", g.source.line]);
    props.push(["title", `logical logs: ${g.count}× ${g.level}${g.module ? ` from ${g.module}` : ""}`]);
    const list = props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(",");
    return `::${g.level} ${list}::${escapeData(`${g.template}\n${g.advice}`)}`;
  });
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}

export function formatLogs(format: LogsFormat, report: LogsReport, budget: Budget, colors: ChalkInstance): string {
  switch (format) {
    case "json":
      return formatLogsJson(report);
    case "markdown":
      return formatLogsMarkdown(report, budget);
    case "github":
      return formatLogsGithub(report);
    default:
      return formatLogsText(report, budget, colors);
  }
}
