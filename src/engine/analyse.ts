/**
 * The per-file work of a check: read, model, run rules, and hand back
 * findings and the file's project facts. The model is dropped afterwards, so
 * memory stays flat however large the tree. Runs on the main thread or in a
 * worker (./worker.ts) alike.
 */
import picomatch from "picomatch";
import { rules as allRules } from "../../rules/index.js";
import { readSourceIf } from "../discover/read-source.js";
import { buildFileModelIf, languageOf, syntaxError } from "../languages/index.js";
import type { PartialChoice, PartialModel } from "../languages/js/index.js";
import { escapeRegExp, lineColAt } from "../model/source.js";
import {
  ParseError,
  type CommentSpan,
  type FileModel,
  type Fix,
  type Language,
  type ProjectModel,
} from "../model/types.js";
import { ConfigurationError, type LogicalConfig, type Preset, type RuleSetting } from "./config.js";
import { entryByText, roleFromContent, roleFromPath } from "./file-role.js";
import { countLogs, type FileLogCounts } from "./log-counts.js";
import { matchesNeedles, matchesNeedlesInCode, type NeedleSet } from "./needles.js";
import { factNeedles, fileFacts, unmodelledFacts, type FileFacts } from "./project.js";
import { mergeOptions, suppressionAliases, type Rule, type Severity, type Step } from "./rule.js";
import { collectSuppressions, type Suppressions } from "./suppressions.js";
import { STAGES, type Pipeline, type StageConfig, type StageId } from "../stages/catalog.js";
import { stageStatuses } from "../stages/detect.js";
import { isTestOrDemo } from "../model/queries.js";

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

export interface ActiveRule {
  rule: Rule<object>;
  severity: Severity;
  options: object;
}

/** RuleSelector.needlesOf's results, by rule list, language and added needles. */
const gathered = new WeakMap<readonly ActiveRule[], Map<Language, Map<NeedleSet, NeedleSet | null>>>();
const NO_NEEDLES: NeedleSet = [];

const RULES_BY_ID = new Map(allRules.map((r) => [r.meta.id, r]));
const ALIASES = suppressionAliases(allRules);

function toSeverity(
  setting: RuleSetting | undefined,
  rule: Rule<object>,
): { severity: Severity | null; options: object } {
  const level = setting === undefined ? rule.meta.defaultSeverity : Array.isArray(setting) ? setting[0] : setting;
  const given = Array.isArray(setting) ? setting[1] : undefined;
  const options = mergeOptions(rule.defaultOptions, given as Partial<object> | undefined);
  return { severity: level === "off" ? null : level === "warn" ? "warning" : "error", options };
}

/** The rules in force, before per-file overrides. Unknown rule ids are configuration errors. */
/**
 * A preset's rule settings. `recommended`: each rule's default. `strict`: every rule an error.
 * `step-N`: the rules of steps 1..N at their default severity, the others off; the hygiene rules
 * (footnote 1, step 0) join at step-8, with the rest of the ladder.
 */
export function presetRules(preset: Preset): Record<string, RuleSetting> {
  const settings: Record<string, RuleSetting> = {};
  for (const rule of allRules) {
    const { id, step, defaultSeverity } = rule.meta;
    if (preset === "recommended") settings[id] = defaultSeverity;
    else if (preset === "strict") settings[id] = "error";
    else {
      const upTo = Number(preset.slice("step-".length));
      const included = step === 0 ? upTo === 8 : step <= upTo;
      settings[id] = included ? (defaultSeverity === "off" ? "warn" : defaultSeverity) : "off";
    }
  }
  return settings;
}

export function resolveRules(config: LogicalConfig, onlyRules?: readonly string[]): ActiveRule[] {
  const named = [
    ...Object.keys(config.rules ?? {}),
    ...(config.overrides ?? []).flatMap((o) => Object.keys(o.rules)),
    ...(onlyRules ?? []),
  ];
  for (const id of named) {
    if (!RULES_BY_ID.has(id)) throw new ConfigurationError(`unknown rule '${id}' (see \`logical rules\`)`);
  }
  const preset = config.extends ? presetRules(config.extends) : undefined;
  const active: ActiveRule[] = [];
  for (const rule of allRules) {
    if (onlyRules && !onlyRules.includes(rule.meta.id)) continue;
    const { severity, options } = toSeverity(config.rules?.[rule.meta.id] ?? preset?.[rule.meta.id], rule);
    if (severity === null && !onlyRules) continue;
    active.push({ rule, severity: severity ?? "error", options });
  }
  return active;
}

interface Override {
  match: (p: string) => boolean;
  settings: Record<string, RuleSetting>;
}

/** Rules and their settings for one file, after `overrides`. */
export class RuleSelector {
  private readonly base: ActiveRule[];
  private readonly overrides: Override[];

  constructor(config: LogicalConfig, onlyRules?: readonly string[]) {
    this.base = resolveRules(config, onlyRules);
    this.overrides = (config.overrides ?? []).map((o) => ({
      match: picomatch(o.files, { dot: true }),
      settings: o.rules,
    }));
  }

  get anyNeedsProjectFacts(): boolean {
    return this.base.some((a) => a.rule.meta.needsProjectFacts);
  }

  /** A rule that reads project facts is set to check tests and demos too (`includeTests`), here or in an override. */
  get projectRulesIncludeTests(): boolean {
    const includes = (id: string, options: unknown): boolean =>
      RULES_BY_ID.get(id)?.meta.needsProjectFacts === true &&
      (options as { includeTests?: unknown } | undefined)?.includeTests === true;
    return (
      this.base.some((a) => includes(a.rule.meta.id, a.options)) ||
      this.overrides.some((o) =>
        Object.entries(o.settings).some(([id, setting]) => Array.isArray(setting) && includes(id, setting[1])),
      )
    );
  }

  /**
   * The needles of these rules in a language, with `also`: a file none of them occurs in
   * holds nothing for them. null when one of the rules declares none (it can report anywhere).
   */
  static needlesOf(
    active: readonly ActiveRule[],
    language: Language,
    stages: StageConfig | undefined,
    also: NeedleSet = NO_NEEDLES,
  ): NeedleSet | null {
    // Most files share one list of rules: their needles are gathered once per list.
    let byLanguage = gathered.get(active);
    if (!byLanguage) gathered.set(active, (byLanguage = new Map()));
    let byAlso = byLanguage.get(language);
    if (!byAlso) byLanguage.set(language, (byAlso = new Map()));
    if (byAlso.has(also)) return byAlso.get(also)!;
    const set = RuleSelector.gather(active, language, stages, also);
    byAlso.set(also, set);
    return set;
  }

  private static gather(
    active: readonly ActiveRule[],
    language: Language,
    stages: StageConfig | undefined,
    also: NeedleSet,
  ): NeedleSet | null {
    const set: NeedleSet[number][] = [...also];
    for (const entry of active) {
      if (!entry.rule.meta.languages.includes(language)) continue;
      const own = ruleNeedles(entry, language, stages);
      if (!own) return null;
      set.push(...own);
    }
    return set;
  }

  forFile(relative: string): ActiveRule[] {
    let active = this.base;
    for (const { match, settings } of this.overrides) {
      if (!match(relative)) continue;
      active = active.slice();
      for (const [id, setting] of Object.entries(settings)) {
        const { severity, options } = toSeverity(setting, RULES_BY_ID.get(id)!);
        active = active.filter((a) => a.rule.meta.id !== id);
        if (severity !== null) active.push({ rule: RULES_BY_ID.get(id)!, severity, options });
      }
    }
    return active;
  }
}

/** A rule's needles in a language, with its options and the configured stages; undefined when it has none. */
function ruleNeedles(
  { rule, options }: ActiveRule,
  language: Language,
  stages: StageConfig | undefined,
): NeedleSet | undefined {
  const needles =
    typeof rule.meta.needles === "function"
      ? rule.meta.needles(options as Record<string, unknown>, stages)
      : rule.meta.needles;
  return needles?.[language];
}

export function modelText(
  text: string,
  absolute: string,
  relative: string,
): { model: FileModel } | { error: FileError } {
  return modelTextIf(text, absolute, relative, null)!;
}

/** As modelText, but null when `wanted` turns the file down after parsing (see buildFileModelIf). */
function modelTextIf(
  text: string,
  absolute: string,
  relative: string,
  wanted: ((comments: readonly CommentSpan[]) => boolean) | null,
  partial: PartialChoice = null,
): { model: FileModel } | { error: FileError } | null {
  const pathRole = roleFromPath(relative);
  try {
    const model = buildFileModelIf(text, absolute, pathRole ?? "library", wanted, partial);
    if (model === null) return null;
    if (pathRole === null) model.role = roleFromContent(model);
    return { model };
  } catch (error) {
    if (error instanceof ParseError) return { error: { file: relative, message: `syntax error: ${error.message}` } };
    return { error: { file: relative, message: `internal error while analysing: ${(error as Error).message}` } };
  }
}

/** Runs rules on one model; findings are unsorted. */
export function runRules(
  model: FileModel,
  project: ProjectModel,
  active: readonly ActiveRule[],
  relative: string,
): Finding[] {
  const findings: Finding[] = [];
  // Most files have no finding: read their suppression comments only when one is reported.
  let suppressions: Suppressions | undefined;
  for (const { rule, severity, options } of active) {
    if (!rule.meta.languages.includes(model.language)) continue;
    rule.check({
      file: model,
      project,
      options,
      report({ range, message, fix, raiseToError }) {
        const start = lineColAt(model.lineStarts, range[0]);
        suppressions ??= collectSuppressions(model, ALIASES, { eslintDirectives: "all" });
        if (suppressions.isSuppressed(rule.meta.id, start.line)) return;
        const end = lineColAt(model.lineStarts, range[1]);
        const finding: Finding = {
          ruleId: rule.meta.id,
          severity: raiseToError ? "error" : severity,
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

function stageSiteJson(model: FileModel, project: ProjectModel, relative: string): StageSiteJson[] {
  // As the stage rules do: tests, examples and benchmarks are not the pipeline.
  if (isTestOrDemo(model, project)) return [];
  return stageStatuses(model, project, project.stages).map(({ site, logged, detailed }) => {
    const at = lineColAt(model.lineStarts, site.range[0]);
    return {
      file: relative,
      line: at.line,
      column: at.column + 1,
      stage: site.stage,
      marker: site.marker,
      pipeline: STAGES[site.stage].pipeline,
      logged,
      detailed,
    };
  });
}

export interface AnalyseTask {
  files: { absolute: string; relative: string }[];
  /** 1: model, facts and the rules that need no project facts; 2: the rules that do. */
  phase: 1 | 2;
  project: ProjectModel;
  config: LogicalConfig;
  onlyRules?: readonly string[];
  maxBytes: number;
  /** false: model every file, and whole, even when no rule could match it (tests compare both ways). */
  prefilter?: boolean;
  /**
   * Phase 1 for a file outside the run's selection (--changed-since, --shard):
   * only its project facts, no rules and no error entry.
   */
  factsOnly?: boolean;
  /**
   * Callee facts on demand: model only the files these names occur in, and give their facts
   * (no rules, no error entry). For files phase 1 did not model (see FileFacts.modelled).
   */
  calleesFor?: readonly string[];
  /** Phase 1: count each file's log calls (models every file). */
  logCounts?: boolean;
  /** Report every stage site with its coverage (`logical stages`, `check({ stages: true })`), in phase 2. */
  stages?: boolean;
}

/** A stage site as the JSON contract gives it: 1-based line and column, path relative to the working directory. */
export interface StageSiteJson {
  file: string;
  line: number;
  column: number;
  stage: StageId;
  marker: string;
  pipeline: Pipeline;
  /** An INFO log covers the site (in its function, its caller, or middleware/an access log for requests). */
  logged: boolean;
  /** That log carries the stage's details (step 4). */
  detailed: boolean;
}

export interface FileOutcome {
  findings: Finding[];
  stages?: StageSiteJson[];
  facts?: FileFacts;
  logCounts?: FileLogCounts;
  error?: FileError;
}

export function analyseFiles(task: AnalyseTask): FileOutcome[] {
  const selector = new RuleSelector(task.config, task.onlyRules);
  const out: FileOutcome[] = [];
  // A file none of whose needles occurs in its code is not modelled: the rules' needles, and
  // when project facts are gathered the facts' needles too (a file without them gives the facts
  // unmodelledFacts knows). A full run still syntax-checks it; a run narrowed with --rule skips
  // it entirely (its syntax errors go unreported).
  const needFacts = task.phase === 1 && (selector.anyNeedsProjectFacts || task.stages === true);
  const syntaxCheckSkipped = task.onlyRules === undefined && !task.factsOnly && task.calleesFor === undefined;
  const wantCounts = task.phase === 1 && task.logCounts === true && !task.factsOnly;
  const prefilter = task.prefilter !== false && !wantCounts && !(task.phase === 2 && task.stages === true);
  const entryPoint = task.config.entryPoints?.length ? picomatch(task.config.entryPoints, { dot: true }) : null;
  const calleeNeedles = task.calleesFor ?? null;
  // The stage functions of tests and demos need no callee facts unless a rule reports on them:
  // a name like `shutdown` would have every file that holds the word modelled for its callers.
  const includeTests = selector.projectRulesIncludeTests;
  for (const { absolute, relative } of task.files) {
    const active = task.factsOnly || calleeNeedles ? NO_RULES : ofPhase(selector.forFile(relative), task.phase);
    const language = languageOf(absolute)!;
    const needles: NeedleSet | null = !prefilter
      ? null
      : calleeNeedles
        ? calleeNeedles
        : needFacts
          ? withFacts(active, language, task.config)
          : RuleSelector.needlesOf(active, language, task.config.stages);
    // Needles that are strings can turn a file down on its raw bytes, before decoding; not when
    // facts are gathered, which a file turned down still has (see unmodelledFacts).
    const wanted =
      needles !== null && !syntaxCheckSkipped && !(needFacts && !calleeNeedles)
        ? (bytes: Buffer) => matchesNeedles(needles, bytes)
        : null;
    const read = readSourceIf(absolute, task.maxBytes, wanted);
    if (read === null) {
      out.push({ findings: [] });
      continue;
    }
    const reportsErrors = task.phase === 1 && !task.factsOnly && !calleeNeedles;
    if (!read.ok) {
      out.push(reportsErrors ? { findings: [], error: { file: relative, message: read.reason } } : { findings: [] });
      continue;
    }
    const text = read.text;
    // Not modelled; the syntax is checked unless the parser has already seen the file.
    const skipped = (parsed: boolean): FileOutcome => {
      const error = reportsErrors && syntaxCheckSkipped && !parsed ? syntaxError(text, absolute) : null;
      const outcome: FileOutcome = error
        ? { findings: [], error: { file: relative, message: `syntax error: ${error.message}` } }
        : { findings: [] };
      if (needFacts && !calleeNeedles)
        outcome.facts = unmodelledFacts(absolute, entryWithoutModel(text, absolute, relative, entryPoint));
      return outcome;
    };
    if (needles !== null && !matchesNeedles(needles, text)) {
      out.push(skipped(false));
      continue;
    }
    // Gathering facts, a JS/TS file whose code holds none of their needles has the facts
    // unmodelledFacts gives, whatever its model: its rules may then have a partial one.
    const factSet =
      needFacts && !calleeNeedles && needles !== null && language === "javascript"
        ? factNeedles(language, task.config.stages)
        : null;
    const ruleSet = factSet !== null ? RuleSelector.needlesOf(active, language, task.config.stages) : null;
    let factsInCode = true;
    const inCode =
      needles === null
        ? null
        : factSet === null
          ? (comments: readonly CommentSpan[]) => matchesNeedlesInCode(needles, text, comments)
          : (comments: readonly CommentSpan[]) => {
              factsInCode = matchesNeedlesInCode(factSet, text, comments);
              return factsInCode || ruleSet === null || matchesNeedlesInCode(ruleSet, text, comments);
            };
    // There, only the rules whose needles are not all fact needles can report (the stage-site
    // rules cannot), and those alone decide whether a partial model will do.
    const beyondFacts = factSet !== null ? rulesBeyondFacts(active, task.config.stages, factSet) : active;
    let partialUsed = false;
    const partial: PartialChoice =
      !prefilter || language !== "javascript" || task.phase !== 1 || wantCounts || calleeNeedles
        ? null
        : !needFacts
          ? partialFor(active, task.project)
          : factSet === null
            ? null
            : () => {
                const p = factsInCode ? null : partialFor(beyondFacts, task.project);
                return p && { keep: p.keep, suffices: (model) => (partialUsed = p.suffices(model)) };
              };
    const modelled = modelTextIf(text, absolute, relative, inCode, partial);
    if (modelled === null) {
      out.push(skipped(true));
      continue;
    }
    if (!("error" in modelled) && entryPoint?.(relative)) modelled.model.role = "entry";
    if ("error" in modelled) {
      out.push(reportsErrors ? { findings: [], error: modelled.error } : { findings: [] });
      continue;
    }
    const findings = runRules(modelled.model, task.project, partialUsed ? beyondFacts : active, relative);
    const outcome: FileOutcome = { findings };
    if (needFacts || calleeNeedles) {
      outcome.facts = partialUsed
        ? unmodelledFacts(absolute, entryWithoutModel(text, absolute, relative, entryPoint))
        : fileFacts(modelled.model, task.config.stages, includeTests || !isTestOrDemo(modelled.model, task.project));
    }
    if (wantCounts) outcome.logCounts = countLogs(modelled.model, relative);
    if (task.phase === 2 && task.stages) outcome.stages = stageSiteJson(modelled.model, task.project, relative);
    out.push(outcome);
  }
  return out;
}

const beyond = new WeakMap<readonly ActiveRule[], readonly ActiveRule[]>();

/**
 * The JS/TS rules among these whose needles are not all among the fact needles `facts`: in a
 * file whose code holds no fact needle, the others find nothing. Kept per list, so that the
 * result keeps its identity (see partialFor).
 */
function rulesBeyondFacts(
  active: readonly ActiveRule[],
  stages: StageConfig | undefined,
  facts: NeedleSet,
): readonly ActiveRule[] {
  let list = beyond.get(active);
  if (list) return list;
  const known = new Set<NeedleSet[number]>(facts);
  list = active.filter((entry) => {
    if (!entry.rule.meta.languages.includes("javascript")) return false;
    const own = ruleNeedles(entry, "javascript", stages);
    return own === undefined || !own.every((n) => known.has(n));
  });
  beyond.set(active, list);
  return list;
}

const partials = new WeakMap<readonly ActiveRule[], PartialModel | null>();

/** A partial model for these rules in a JS/TS file, when each of them gives its statement words (see RuleMeta.statementWords). */
function partialFor(active: readonly ActiveRule[], project: ProjectModel): PartialModel | null {
  if (partials.has(active)) return partials.get(active)!;
  const rules = active.filter((a) => a.rule.meta.languages.includes("javascript"));
  let partial: PartialModel | null = null;
  if (rules.length > 0 && rules.every((a) => a.rule.meta.statementWords !== undefined)) {
    const words = new Set(rules.flatMap((a) => a.rule.meta.statementWords!(a.options as Record<string, unknown>)));
    const keep = new RegExp([...words].map(escapeRegExp).join("|"));
    partial = {
      keep,
      suffices: (model) =>
        rules.every(
          (a) => a.rule.meta.partialSuffices?.(model, project, a.options as Record<string, unknown>, keep) ?? true,
        ),
    };
  }
  partials.set(active, partial);
  return partial;
}

const NO_RULES: readonly ActiveRule[] = [];
const phaseRules = new WeakMap<readonly ActiveRule[], Map<1 | 2, readonly ActiveRule[]>>();

/** The rules of one phase, the same list for every file with the same rules (see RuleSelector.needlesOf). */
function ofPhase(active: readonly ActiveRule[], phase: 1 | 2): readonly ActiveRule[] {
  let byPhase = phaseRules.get(active);
  if (!byPhase) phaseRules.set(active, (byPhase = new Map()));
  let list = byPhase.get(phase);
  if (!list) byPhase.set(phase, (list = active.filter((a) => a.rule.meta.needsProjectFacts === (phase === 2))));
  return list;
}

/**
 * The rules' needles and the project facts' (see factNeedles); null when either may be anywhere,
 * and for Python, whose parser builds the model as it parses: a syntax check costs what a model
 * does, so nothing would be saved, and the facts' callee lists would need a second parse.
 */
function withFacts(active: readonly ActiveRule[], language: Language, config: LogicalConfig): NeedleSet | null {
  if (language === "python") return null;
  const facts = factNeedles(language, config.stages);
  return facts === null ? null : RuleSelector.needlesOf(active, language, config.stages, facts);
}

/**
 * A file's role is "entry" without its model: by the config's entry points, by its path, or
 * by a `#!` line (a `__main__` block or a server's `listen` are fact needles: such a file is modelled).
 */
function entryWithoutModel(
  text: string,
  absolute: string,
  relative: string,
  entryPoint: ((p: string) => boolean) | null,
): boolean {
  if (entryPoint?.(relative)) return true;
  const pathRole = roleFromPath(relative);
  if (pathRole !== null) return pathRole === "entry";
  return entryByText(text, absolute, languageOf(absolute)!);
}
