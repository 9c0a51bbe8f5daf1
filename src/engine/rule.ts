import type { Fix, FileModel, Language, ProjectModel, Range } from "../model/types.js";
import type { StageConfig } from "../stages/catalog.js";
import type { NeedleSet } from "./needles.js";

/** Needles by language (see ./needles.ts). */
export type NeedleMap = Partial<Record<Language, NeedleSet>>;

export type Severity = "error" | "warning";
export type SeveritySetting = "off" | "warn" | "error";

/** The post's eight steps, plus 0 for the hygiene rules of its footnote 1. */
export type Step = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

export interface RuleReport {
  range: Range;
  message: string;
  fix?: Fix;
  /** Offered in editors, never applied by `logical fix` without review (behaviour could change). */
  suggestions?: Fix[];
  /**
   * Raises this finding to error whatever the rule's configured severity (a DEBUG log formatted
   * eagerly on every request). Only raises; `off` still wins. ESLint has no per-report
   * severity, so the plugin keeps the rule's.
   */
  raiseToError?: boolean;
}

export interface RuleContext<Options> {
  file: FileModel;
  project: ProjectModel;
  options: Options;
  report(report: RuleReport): void;
}

export interface RuleMeta {
  id: string;
  step: Step;
  /** One line: what the rule finds. */
  description: string;
  languages: readonly Language[];
  fixable: boolean;
  defaultSeverity: SeveritySetting;
  /** Rules that skip test files unless their options say otherwise. */
  skipsTests: boolean;
  /** Ruff/flake8 codes of the same check: `# noqa: T201` suppresses this rule too. */
  ruffCodes: readonly string[];
  /** ESLint rules of the same check: `// eslint-disable-next-line no-console` suppresses this rule too. */
  eslintRules: readonly string[];
  /**
   * Reads project facts that need every file parsed (`entryPoints`, `hasRequestLogging`,
   * `hasLoggingConfig`). Such rules run in a second pass; others see only path facts
   * (`root`, `loggerModules`) and run while each file is first modelled.
   */
  needsProjectFacts: boolean;
  /**
   * Text a file's code must contain for this rule to find anything in it (`console` for
   * no-print in JS/TS; strings, expressions, or groups all of which must occur, see
   * ./needles.ts), or a function of the rule's options (and the configured stages) giving
   * them. A needle inside a comment does not count (JS/TS, where the parser reports comments
   * before the model is built). When no active rule can match a file, the file is only
   * syntax-checked, not modelled. Omit for rules that can report anywhere.
   */
  needles?: NeedleMap | ((options: Record<string, unknown>, stages: StageConfig | undefined) => NeedleMap);
  /**
   * JS/TS: words every statement this rule reads holds (no-print: `console`, and what its fix
   * plans read). When each active rule of a file gives them, the statements inside functions and
   * blocks that hold none are left out of its model (module-level statements stay in), and
   * `partialSuffices` says whether that model gives the rule what the whole one would; when it
   * does not, the file is modelled whole.
   */
  statementWords?: (options: Record<string, unknown>) => readonly string[];
  partialSuffices?: (
    model: FileModel,
    project: ProjectModel,
    options: Record<string, unknown>,
    keep: RegExp,
  ) => boolean;
}

export interface Rule<Options extends object = object> {
  meta: RuleMeta;
  defaultOptions: Options;
  /** Pure: reads the model, reports findings; never parses, prints or reads files. */
  check(context: RuleContext<Options>): void;
}

/** Fills defaults so a rule never handles a missing option. */
export function createRule<Options extends object>(
  rule: {
    meta: Omit<RuleMeta, "skipsTests" | "ruffCodes" | "eslintRules" | "needsProjectFacts"> & Partial<RuleMeta>;
  } & Omit<Rule<Options>, "meta">,
): Rule<Options> {
  return {
    ...rule,
    meta: { skipsTests: false, ruffCodes: [], eslintRules: [], needsProjectFacts: false, ...rule.meta },
  };
}

export function mergeOptions<Options extends object>(defaults: Options, given: Partial<Options> | undefined): Options {
  return { ...defaults, ...(given ?? {}) };
}

/** The URL of a rule's documentation page. */
export function ruleDocsUrl(id: string): string {
  return `https://github.com/logical-lint/logical/blob/main/rules/${id}.md`;
}

/** Other tools' names for our rules (Ruff codes, ESLint rule names) → rule id, for suppression comments. */
export function suppressionAliases(rules: readonly Rule<object>[]): ReadonlyMap<string, string> {
  return new Map(
    rules.flatMap((r) => [...r.meta.ruffCodes, ...r.meta.eslintRules].map((c) => [c, r.meta.id] as const)),
  );
}
