import type { ChalkInstance } from "chalk";
import type { CheckResult } from "../engine/check.js";
import type { RuleMeta } from "../engine/rule.js";
import { formatGithub } from "./github.js";
import { formatJson } from "./json.js";
import { formatMarkdown } from "./markdown.js";
import { formatSarif } from "./sarif.js";
import { formatStylish } from "./stylish.js";

/** What any reporter may need besides the result; each takes only what it uses. */
export interface ReporterContext {
  /** For stylish, the only reporter that colours (chalk is loaded only for it). */
  colors?: ChalkInstance;
  /** Source text by file, for stylish's `--code-frame`. */
  sources?: ReadonlyMap<string, string>;
  rules: readonly RuleMeta[];
  version: string;
}

export type Reporter = (result: CheckResult, context: ReporterContext) => string;

/** `logical check --format <name>`: the name → reporter map the CLI offers. */
export const reporters = {
  stylish: (result, { colors, sources }) => {
    if (!colors) throw new Error("the stylish reporter needs colors");
    return formatStylish(result, { colors, ...(sources ? { sources } : {}) });
  },
  json: (result) => formatJson(result),
  sarif: (result, { rules, version }) => formatSarif(result, { rules, version }),
  github: (result) => formatGithub(result),
  markdown: (result) => formatMarkdown(result),
} satisfies Record<string, Reporter>;

export type ReporterName = keyof typeof reporters;
export const reporterNames = Object.keys(reporters) as ReporterName[];
