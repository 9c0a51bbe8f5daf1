/**
 * `logical report`: where a project stands on the post's eight steps, from a
 * check's findings, its stage sites and its log counts. Pure: data in, data
 * out; the reporters format it.
 *
 * Each step has subjects (the things the step is about: output calls, stage
 * sites, error logs…), `open` (the step's findings: subjects still to fix) and
 * `ok` (subjects that already pass). A step is
 * - done: its checks pass (no finding of its rules; step 2: every pipeline
 *   found has a site for each of its core stages);
 * - not started: findings remain and no subject passes yet (steps 3–4 also
 *   when no stage site was found: there is nothing to log on yet);
 * - step 4 is done only when step 3 is: details go into the stage logs;
 * - in progress: findings remain and some subjects pass.
 * The project is at step N: the highest step that is done with every step before it.
 */
import path from "node:path";
import type { Pipeline, StageId } from "../stages/catalog.js";
import type { CheckResult, FileError, Finding, StageSiteJson } from "./check.js";
import type { FileLogCounts } from "./log-counts.js";
import type { RuleMeta, Step } from "./rule.js";

/** A detected stage site, as `check(paths, { stages: true })` returns it. */
export type StageSite = StageSiteJson;

export type ReportInput = CheckResult;

export type StepStatus = "done" | "in-progress" | "not-started";
export type StepNumber = Exclude<Step, 0>;

export const STEP_TITLES: Record<StepNumber, string> = {
  1: "prints become DEBUG statements",
  2: "identify the critical points",
  3: "INFO logs on those points",
  4: "useful details on those points",
  5: "warnings where things could be a problem, errors where they are; fail fast",
  6: "remove warnings that do not help",
  7: "failures are learning events: errors with their traceback",
  8: "downgrade logs that do not help day to day",
};

/**
 * The stages a pipeline cannot do without: step 2 is done when each pipeline
 * the project has shows a site for every one of them (seen by the catalog or
 * named in the config's `stages`).
 */
export const CORE_STAGES: Record<Pipeline, readonly StageId[]> = {
  training: ["read-data", "training-start", "save-artifact"],
  inference: ["model-loading", "request"],
};

const PIPELINES: readonly Pipeline[] = ["training", "inference"];

export interface Place {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  message: string;
}

export interface StepCounts {
  step: StepNumber;
  status: StepStatus;
  subjects: number;
  ok: number;
  open: number;
}

export interface StepReport extends StepCounts {
  title: string;
  /** The rules that check this step. */
  rules: string[];
  /** Named figures behind the status (documented per step in README.md). */
  figures: Record<string, number>;
  /** Open findings by rule. */
  byRule: Record<string, number>;
  /** What to do to finish the step ("" when done). */
  todo: string;
  /** Where to start: the step's findings, errors first, then the files with most findings. */
  places: Place[];
  /** Step 2 only: stage sites by stage, and the core stages with no site. */
  stages?: Record<string, number>;
  missing?: { pipeline: Pipeline; stage: StageId }[];
}

export interface GroupReport {
  name: string;
  files: number;
  /** The highest step done with every step before it, within this group. */
  step: number;
  steps: StepCounts[];
}

export interface Report {
  version: 1;
  /** Step N of 8. */
  step: number;
  /** The step to work on next, or null at step 8. */
  next: { step: StepNumber; title: string; todo: string } | null;
  files: number;
  steps: StepReport[];
  /** Footnote 1's rules (logger hierarchy, configuration): reported, not part of the eight. */
  hygiene: { rules: string[]; open: number; byRule: Record<string, number>; places: Place[] };
  pipelines: GroupReport[];
  modules: GroupReport[];
  errors: FileError[];
}

export interface ReportOptions {
  rules: readonly RuleMeta[];
  /** Places listed per step (default 5). */
  top?: number;
}

/** The part of the project a group assesses. */
interface Scope {
  findings: Finding[];
  stages: StageSite[];
  counts: FileLogCounts[];
}

interface Step2 {
  status: StepStatus;
  subjects: number;
  ok: number;
  missing: { pipeline: Pipeline; stage: StageId }[];
}

function sum(counts: readonly FileLogCounts[], key: keyof Omit<FileLogCounts, "file" | "language" | "role">): number {
  return counts.reduce((n, c) => n + c[key], 0);
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

function statusOf(open: number, ok: number): StepStatus {
  if (open === 0) return "done";
  return ok === 0 ? "not-started" : "in-progress";
}

/** Step 2 over a set of stage sites: each pipeline present needs its core stages. */
function assessStep2(stages: readonly StageSite[]): Step2 {
  const present = PIPELINES.filter((p) => stages.some((s) => s.pipeline === p));
  const missing: Step2["missing"] = [];
  let subjects = 0;
  for (const pipeline of present) {
    for (const stage of CORE_STAGES[pipeline]) {
      subjects++;
      if (!stages.some((s) => s.pipeline === pipeline && s.stage === stage)) missing.push({ pipeline, stage });
    }
  }
  const status: StepStatus = stages.length === 0 ? "not-started" : missing.length === 0 ? "done" : "in-progress";
  return { status, subjects, ok: subjects - missing.length, missing };
}

/** Subjects and passing subjects of steps 1 and 3–8 in a scope. */
function stepCounts(scope: Scope, step2: Step2): StepCounts[] {
  const openOf = (step: number) => scope.findings.filter((f) => f.step === step).length;
  const { counts, stages } = scope;
  const dataLoads = stages.filter((s) => s.stage === "read-data").length;
  const requests = stages.filter((s) => s.stage === "request").length;
  const subjects: Record<Exclude<StepNumber, 2>, { subjects: number; ok?: number }> = {
    1: { subjects: sum(counts, "prints") + sum(counts, "loggerCalls") },
    // A site passes step 3 unless the rule flags it (library code and tests may be exempt),
    // and step 4 when neither rule flags it: no missing log, no missing details.
    3: { subjects: stages.length },
    4: { subjects: stages.length, ok: Math.max(0, stages.length - openOf(3) - openOf(4)) },
    5: { subjects: dataLoads + requests + sum(counts, "error") + sum(counts, "handlers") },
    6: { subjects: sum(counts, "warning") + sum(counts, "error") },
    7: { subjects: sum(counts, "errorInHandlers") },
    8: { subjects: sum(counts, "info") },
  };
  const out: StepCounts[] = [];
  for (const step of [1, 2, 3, 4, 5, 6, 7, 8] as const) {
    if (step === 2) {
      out.push({ step, status: step2.status, subjects: step2.subjects, ok: step2.ok, open: step2.missing.length });
      continue;
    }
    const open = openOf(step);
    const { subjects: n, ok: given } = subjects[step];
    const ok = given ?? Math.max(0, n - open);
    let status = statusOf(open, ok);
    if ((step === 3 || step === 4) && step2.status === "not-started") status = "not-started";
    // Details go into the stage logs: step 4 is done only once step 3 has put a log on every site.
    if (step === 4 && status === "done" && out[2]!.status !== "done") status = ok === 0 ? "not-started" : "in-progress";
    out.push({ step, status, subjects: n, ok, open });
  }
  return out;
}

/** The highest step done with every step before it. */
function levelOf(steps: readonly StepCounts[]): number {
  let level = 0;
  for (const s of steps) {
    if (s.status !== "done") break;
    level = s.step;
  }
  return level;
}

function compareFiles(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Errors first, then the files with the most of these findings, then by place. */
function topPlaces(findings: readonly Finding[], top: number): Place[] {
  const perFile = countBy(findings, (f) => f.file);
  const rank = (f: Finding) => (f.severity === "error" ? 0 : 1);
  return [...findings]
    .sort(
      (a, b) =>
        rank(a) - rank(b) ||
        perFile[b.file]! - perFile[a.file]! ||
        compareFiles(a.file, b.file) ||
        a.line - b.line ||
        a.column - b.column,
    )
    .slice(0, top)
    .map((f) => ({ file: f.file, line: f.line, column: f.column, ruleId: f.ruleId, message: f.message }));
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

function ruleCommand(rules: readonly string[]): string {
  return `\`logical check ${rules.map((r) => `--rule ${r}`).join(" ")}\``;
}

function todoFor(step: StepNumber, open: Finding[], rules: string[], step2: Step2): string {
  const byRule = countBy(open, (f) => f.ruleId);
  const n = open.length;
  if ((step === 3 || step === 4) && step2.status === "not-started") {
    return "Name the critical points first (step 2): there is nothing to log on yet.";
  }
  if (step === 4 && n === 0) return "Finish step 3 first: the details go into the stage logs it adds.";
  switch (step) {
    case 1: {
      const fixable = open.filter((f) => f.fixable).length;
      const fix =
        fixable === n
          ? `\`logical fix\` converts ${n === 1 ? "it" : "them all"}`
          : fixable === 0
            ? `${ruleCommand(rules)} lists them, with why \`logical fix\` leaves any in place`
            : `\`logical fix\` converts ${fixable} of them; ${ruleCommand(rules)} shows the rest`;
      return `Turn ${plural(n, "print")} into logger calls: ${fix}.`;
    }
    case 2: {
      const howTo =
        'If your project does this through its own functions, name them under `stages` in the config, e.g. `"stages": {"read-data": {"calls": ["myco.data.load_training_set"]}}`.';
      if (step2.status === "not-started") {
        return `Name the critical points: no stage site was found (reading data, training, saving or loading a model, serving a request). ${howTo}`;
      }
      const missing = step2.missing.map((m) => `${m.stage} (${m.pipeline})`).join(", ");
      return `Name the missing critical points: no site for ${missing}. ${howTo}`;
    }
    case 3:
      return `Add an INFO log at ${plural(n, "critical point")}; each finding names the stage and what to log: ${ruleCommand(rules)}.`;
    case 4:
      return `Put the numbers into ${plural(n, "stage log")} (rows read, metrics, where the artifact went): ${ruleCommand(rules)}.`;
    case 5: {
      const parts = [
        byRule["data-load-needs-check"] && `check ${plural(byRule["data-load-needs-check"], "data load")} before use`,
        byRule["request-input-needs-check"] &&
          `validate the input of ${plural(byRule["request-input-needs-check"], "request handler")}`,
        byRule["error-must-fail"] && `make ${plural(byRule["error-must-fail"], "error log")} fail`,
        byRule["no-swallowed-exception"] &&
          `stop ${plural(byRule["no-swallowed-exception"], "handler")} swallowing exceptions`,
      ].filter(Boolean);
      const what = parts.length > 0 ? parts.join(", ") : `fix ${plural(n, "finding")}`;
      return `Fail fast: ${what}: ${ruleCommand(rules)}.`;
    }
    case 6:
      return `Remove ${plural(n, "unhelpful warning")} (one per item of a loop, blanket suppressions, messages that explain nothing): ${ruleCommand(rules)}.`;
    case 7:
      return `Log the traceback in ${plural(n, "error log")} of exception handlers: ${ruleCommand(rules)}.`;
    case 8:
      return `Downgrade ${plural(n, "INFO log")} in hot loops to DEBUG, or log once after the loop: ${ruleCommand(rules)}.`;
  }
}

function figuresFor(step: StepNumber, scope: Scope, open: Finding[]): Record<string, number> {
  const { counts, stages } = scope;
  const byRule = countBy(open, (f) => f.ruleId);
  const logged = stages.filter((s) => s.logged);
  switch (step) {
    case 1:
      return {
        printsLeft: open.length,
        fixable: open.filter((f) => f.fixable).length,
        loggerCalls: sum(counts, "loggerCalls"),
      };
    case 2:
      return {
        stageSites: stages.length,
        training: stages.filter((s) => s.pipeline === "training").length,
        inference: stages.filter((s) => s.pipeline === "inference").length,
      };
    case 3:
      return { stageSites: stages.length, logged: logged.length };
    case 4:
      return { stageSites: stages.length, logged: logged.length, detailed: logged.filter((s) => s.detailed).length };
    case 5: {
      const dataLoads = stages.filter((s) => s.stage === "read-data").length;
      const errorLogs = sum(counts, "error");
      return {
        dataLoads,
        dataLoadsChecked: Math.max(0, dataLoads - (byRule["data-load-needs-check"] ?? 0)),
        uncheckedRequestInputs: byRule["request-input-needs-check"] ?? 0,
        errorLogs,
        errorLogsThatFail: Math.max(0, errorLogs - (byRule["error-must-fail"] ?? 0)),
        swallowedExceptions: byRule["no-swallowed-exception"] ?? 0,
      };
    }
    case 6:
      return { warningLogs: sum(counts, "warning"), noisyWarnings: open.length };
    case 7:
      return { errorLogsInHandlers: sum(counts, "errorInHandlers"), withoutTraceback: open.length };
    case 8:
      return { infoLogs: sum(counts, "info"), inHotLoops: open.length };
  }
}

/**
 * The pipeline a file belongs to: that of its stage sites (the most; a tie
 * goes to the first site's); a file with none belongs to the project's only
 * pipeline, is `shared` when there are both, and `unassigned` when the project
 * has no stage site at all. Test files are `tests`.
 */
function pipelineOf(
  file: string,
  role: string | undefined,
  stages: readonly StageSite[],
  found: readonly Pipeline[],
): string {
  if (role === "test") return "tests";
  const own = stages.filter((s) => s.file === file);
  if (own.length === 0) return found.length === 1 ? found[0]! : found.length === 0 ? "unassigned" : "shared";
  const training = own.filter((s) => s.pipeline === "training").length;
  const inference = own.length - training;
  return training === inference ? own[0]!.pipeline : training > inference ? "training" : "inference";
}

/** A file's module: its directory, or the file itself when it sits at the top of the tree. */
export function moduleOf(file: string): string {
  const dir = path.posix.dirname(file);
  return dir === "." ? file : dir;
}

function group(name: string, files: ReadonlySet<string>, all: Scope, step2: Step2): GroupReport {
  const scope: Scope = {
    findings: all.findings.filter((f) => files.has(f.file)),
    stages: all.stages.filter((s) => files.has(s.file)),
    counts: all.counts.filter((c) => files.has(c.file)),
  };
  const steps = stepCounts(scope, step2);
  return { name, files: files.size, step: levelOf(steps), steps };
}

export function buildReport(result: ReportInput, options: ReportOptions): Report {
  const top = options.top ?? 5;
  const stages = result.stages ?? [];
  const counts = result.logCounts ?? [];
  const all: Scope = { findings: result.findings, stages, counts };
  const step2 = assessStep2(stages);
  const stepCountsAll = stepCounts(all, step2);
  const rulesOf = (step: Step) =>
    options.rules
      .filter((r) => r.step === step)
      .map((r) => r.id)
      .sort(compareFiles);

  const steps: StepReport[] = stepCountsAll.map((counted) => {
    const open = result.findings.filter((f) => f.step === counted.step);
    const rules = rulesOf(counted.step);
    const report: StepReport = {
      ...counted,
      title: STEP_TITLES[counted.step],
      rules,
      figures: figuresFor(counted.step, all, open),
      byRule: countBy(open, (f) => f.ruleId),
      todo: counted.status === "done" ? "" : todoFor(counted.step, open, rules, step2),
      places: topPlaces(open, top),
    };
    if (counted.step === 2) {
      report.stages = countBy(stages, (s) => s.stage);
      report.missing = step2.missing;
    }
    return report;
  });
  const step = levelOf(steps);
  const nextStep = steps.find((s) => s.status !== "done");

  const hygieneFindings = result.findings.filter((f) => f.step === 0);

  const files = new Set([...counts.map((c) => c.file), ...result.findings.map((f) => f.file)]);
  const roles = new Map(counts.map((c) => [c.file, c.role]));
  const pipelinesFound = PIPELINES.filter((p) => stages.some((s) => s.pipeline === p));
  const byPipeline = new Map<string, Set<string>>();
  const byModule = new Map<string, Set<string>>();
  for (const file of files) {
    const p = pipelineOf(file, roles.get(file), stages, pipelinesFound);
    if (!byPipeline.has(p)) byPipeline.set(p, new Set());
    byPipeline.get(p)!.add(file);
    const m = moduleOf(file);
    if (!byModule.has(m)) byModule.set(m, new Set());
    byModule.get(m)!.add(file);
  }
  // A pipeline's step 2 asks for its own core stages; shared code, tests and modules take the project's.
  const pipelines = ["training", "inference", "shared", "unassigned", "tests"]
    .filter((p) => byPipeline.has(p))
    .map((p) => {
      const own = p === "training" || p === "inference" ? assessStep2(stages.filter((s) => s.pipeline === p)) : step2;
      return group(p, byPipeline.get(p)!, all, own);
    });
  const modules = [...byModule.keys()].sort(compareFiles).map((m) => group(m, byModule.get(m)!, all, step2));

  return {
    version: 1,
    step,
    next: nextStep ? { step: nextStep.step, title: nextStep.title, todo: nextStep.todo } : null,
    files: result.files,
    steps,
    hygiene: {
      rules: rulesOf(0),
      open: hygieneFindings.length,
      byRule: countBy(hygieneFindings, (f) => f.ruleId),
      places: topPlaces(hygieneFindings, top),
    },
    pipelines,
    modules,
    errors: result.errors,
  };
}
