import path from "node:path";
import picomatch from "picomatch";
import { rules as allRules } from "../../rules/index.js";
import { discoverFiles } from "../discover/discover.js";
import { DEFAULT_MAX_FILE_BYTES, readSource } from "../discover/read-source.js";
import { buildFileModel } from "../languages/index.js";
import { lineColAt } from "../model/source.js";
import { ParseError, type FileModel, type Fix, type ProjectModel } from "../model/types.js";
import { ConfigurationError, type LogicalConfig, type RuleSetting } from "./config.js";
import { roleFromContent, roleFromPath } from "./file-role.js";
import { buildProjectModel } from "./project.js";
import { mergeOptions, type Rule, type Severity, type Step } from "./rule.js";
import { collectSuppressions } from "./suppressions.js";

/** One finding, as the JSON contract (version 1) has it, plus the fix for `logical fix`. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  step: Step;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  fixable: boolean;
  fix?: Fix;
}

export interface FileError {
  file: string;
  message: string;
}

export interface CheckResult {
  version: 1;
  files: number;
  findings: Finding[];
  errors: FileError[];
  summary: { error: number; warning: number };
}

export interface CheckOptions {
  /** Paths in findings are relative to this directory (default: process.cwd()). */
  cwd?: string;
  config?: LogicalConfig;
  /** Run only these rules (at their configured severity, or "error" when configured off). */
  onlyRules?: readonly string[];
  maxFileBytes?: number;
}

interface ActiveRule {
  rule: Rule<object>;
  severity: Severity;
  options: object;
}

const RULES_BY_ID = new Map(allRules.map((r) => [r.meta.id, r]));
const RUFF_CODES = new Map(allRules.flatMap((r) => r.meta.ruffCodes.map((c) => [c, r.meta.id] as const)));

export function findRule(id: string): Rule<object> | undefined {
  return RULES_BY_ID.get(id);
}

function toSeverity(setting: RuleSetting | undefined, fallback: Rule<object>): { severity: Severity | null; options: object } {
  const level = setting === undefined ? fallback.meta.defaultSeverity : Array.isArray(setting) ? setting[0] : setting;
  const given = Array.isArray(setting) ? setting[1] : undefined;
  const options = mergeOptions(fallback.defaultOptions, given as Partial<object> | undefined);
  return { severity: level === "off" ? null : level === "warn" ? "warning" : "error", options };
}

/** The rules in force, before per-file overrides. */
export function resolveRules(config: LogicalConfig, onlyRules?: readonly string[]): ActiveRule[] {
  for (const id of [...Object.keys(config.rules ?? {}), ...(onlyRules ?? [])]) {
    if (!RULES_BY_ID.has(id)) throw new ConfigurationError(`unknown rule '${id}' (see \`logical rules\`)`);
  }
  const active: ActiveRule[] = [];
  for (const rule of allRules) {
    if (onlyRules && !onlyRules.includes(rule.meta.id)) continue;
    const { severity, options } = toSeverity(config.rules?.[rule.meta.id], rule);
    if (severity === null && !onlyRules) continue;
    active.push({ rule, severity: severity ?? "error", options });
  }
  return active;
}

function rulesForFile(base: ActiveRule[], relative: string, matchers: Matcher[]): ActiveRule[] {
  if (matchers.length === 0) return base;
  let active = base;
  for (const { match, settings } of matchers) {
    if (!match(relative)) continue;
    active = active.slice();
    for (const [id, setting] of Object.entries(settings)) {
      const rule = RULES_BY_ID.get(id);
      if (!rule) throw new ConfigurationError(`overrides: unknown rule '${id}'`);
      const { severity, options } = toSeverity(setting, rule);
      active = active.filter((a) => a.rule.meta.id !== id);
      if (severity !== null) active.push({ rule, severity, options });
    }
  }
  return active;
}

interface Matcher {
  match: (p: string) => boolean;
  settings: Record<string, RuleSetting>;
}

export function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}

/** Reads and models one file; a file that cannot be read or parsed becomes a FileError. */
export async function modelFile(
  absolute: string,
  relative: string,
  maxBytes: number,
): Promise<{ model: FileModel } | { error: FileError }> {
  const read = await readSource(absolute, maxBytes);
  if (!read.ok) return { error: { file: relative, message: read.reason } };
  return modelText(read.text, absolute, relative);
}

export function modelText(text: string, absolute: string, relative: string): { model: FileModel } | { error: FileError } {
  const pathRole = roleFromPath(relative);
  try {
    const model = buildFileModel(text, absolute, pathRole ?? "library");
    if (pathRole === null) model.role = roleFromContent(model);
    return { model };
  } catch (error) {
    if (error instanceof ParseError) return { error: { file: relative, message: `syntax error: ${error.message}` } };
    return { error: { file: relative, message: `internal error while analysing: ${(error as Error).message}` } };
  }
}

/** Runs the rules on one model; findings are unsorted. */
export function runRules(model: FileModel, project: ProjectModel, active: readonly ActiveRule[], relative: string): Finding[] {
  const findings: Finding[] = [];
  const suppressions = collectSuppressions(model, RUFF_CODES, { eslintDirectives: true });
  for (const { rule, severity, options } of active) {
    if (!rule.meta.languages.includes(model.language)) continue;
    rule.check({
      file: model,
      project,
      options,
      report({ range, message, fix }) {
        const start = lineColAt(model.lineStarts, range[0]);
        if (suppressions.isSuppressed(rule.meta.id, start.line)) return;
        const end = lineColAt(model.lineStarts, range[1]);
        const finding: Finding = {
          ruleId: rule.meta.id,
          severity,
          step: rule.meta.step,
          file: relative,
          line: start.line,
          column: start.column + 1,
          endLine: end.line,
          endColumn: end.column + 1,
          message,
          fixable: fix !== undefined,
        };
        if (fix) finding.fix = fix;
        findings.push(finding);
      },
    });
  }
  return findings;
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

/** Checks `paths` and returns the JSON contract's data. Prints nothing. */
export async function check(paths: readonly string[] = ["."], options: CheckOptions = {}): Promise<CheckResult> {
  const cwd = options.cwd ?? process.cwd();
  const config = options.config ?? {};
  const maxBytes = options.maxFileBytes ?? config.maxFileSize ?? DEFAULT_MAX_FILE_BYTES;
  const active = resolveRules(config, options.onlyRules);
  const matchers: Matcher[] = (config.overrides ?? []).map((o) => ({
    match: picomatch(o.files, { dot: true }),
    settings: o.rules,
  }));

  const { files, problems } = await discoverFiles(paths, { cwd, ignore: config.ignore ?? [] });
  const errors: FileError[] = problems.map((p) => ({ file: toPosix(path.relative(cwd, p.file)) || p.file, message: p.message }));
  const models: { model: FileModel; relative: string }[] = [];
  const relatives = files.map((f) => toPosix(path.relative(cwd, f)));
  const results = await mapLimited(files, 16, (file, i) => modelFile(file, relatives[i]!, maxBytes));
  results.forEach((r, i) => {
    if ("error" in r) errors.push(r.error);
    else models.push({ model: r.model, relative: relatives[i]! });
  });

  const project = buildProjectModel(cwd, models.map((m) => m.model));
  const findings: Finding[] = [];
  for (const { model, relative } of models) {
    findings.push(...runRules(model, project, rulesForFile(active, relative, matchers), relative));
  }
  findings.sort(compareFindings);
  errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return {
    version: 1,
    files: files.length,
    findings,
    errors,
    summary: {
      error: findings.filter((f) => f.severity === "error").length,
      warning: findings.filter((f) => f.severity === "warning").length,
    },
  };
}

/** `Promise.all` over `items` with at most `limit` in flight, results in input order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
