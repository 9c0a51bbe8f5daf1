/**
 * The ESLint plugin: every logical rule as an ESLint rule, for JS/TS (on
 * ESLint's own AST, through the same ESTree adapter the CLI uses) and for
 * Python (through the `logical/python` language). Rules run on the model, so
 * findings match `logical check` finding for finding.
 */
import path from "node:path";
import type { ESLint, Linter, Rule } from "eslint";
import { rules as allRules } from "../../rules/index.js";
import { roleFromContent, roleFromPath } from "../engine/file-role.js";
import { buildProjectModel } from "../engine/project.js";
import { mergeOptions, ruleDocsUrl, suppressionAliases, type Rule as LogicalRule } from "../engine/rule.js";
import { collectSuppressions, type Suppressions } from "../engine/suppressions.js";
import { buildJsModel, type EsComment, type EsNode } from "../languages/js/estree-model.js";
import { lineColAt } from "../model/source.js";
import type { FileModel, ProjectModel } from "../model/types.js";
import { PythonLanguage, PythonSourceCode } from "./python-language.js";

const ALIASES = suppressionAliases(allRules);

/** One model per parsed file, shared by all rules of one lint run. */
const models = new WeakMap<object, FileModel>();

function modelFor(context: Rule.RuleContext): FileModel {
  const sourceCode = context.sourceCode as unknown as Rule.RuleContext["sourceCode"] | PythonSourceCode;
  if (sourceCode instanceof PythonSourceCode) return sourceCode.model;
  const ast = sourceCode.ast as unknown as EsNode;
  let model = models.get(ast);
  if (!model) {
    const relative = path.relative(context.cwd, context.filename).split(path.sep).join("/");
    const pathRole = roleFromPath(relative);
    model = buildJsModel({
      program: ast,
      text: sourceCode.text,
      path: context.filename,
      role: pathRole ?? "library",
      comments: sourceCode.getAllComments() as unknown as EsComment[],
      visitorKeys: sourceCode.visitorKeys as Record<string, readonly string[]>,
    });
    if (pathRole === null) model.role = roleFromContent(model);
    models.set(ast, model);
  }
  return model;
}

/** The project facts one file gives, computed once per file rather than once per rule. */
const projects = new WeakMap<FileModel, ProjectModel>();

function projectFor(model: FileModel, cwd: string): ProjectModel {
  let project = projects.get(model);
  if (!project) projects.set(model, (project = buildProjectModel(cwd, [model])));
  return project;
}

const suppressions = new WeakMap<FileModel, Suppressions>();

/** Suppression comments, read once per file (ESLint applies its own `logical/<id>` directives). */
function suppressionsFor(model: FileModel): Suppressions {
  let found = suppressions.get(model);
  if (!found) suppressions.set(model, (found = collectSuppressions(model, ALIASES, { eslintDirectives: "aliases" })));
  return found;
}

function toEslintRule(rule: LogicalRule<object>): Rule.RuleModule {
  const { meta } = rule;
  return {
    meta: {
      type: meta.step === 0 ? "suggestion" : "problem",
      docs: { description: meta.description, url: ruleDocsUrl(meta.id) },
      ...(meta.fixable ? { fixable: "code" as const } : {}),
      hasSuggestions: true,
      schema: [{ type: "object", additionalProperties: true }],
      defaultOptions: [rule.defaultOptions],
    },
    create(context) {
      const run = (): void => {
        const model = modelFor(context);
        if (!meta.languages.includes(model.language)) return;
        const options = mergeOptions(rule.defaultOptions, context.options[0] as Partial<object> | undefined);
        rule.check({
          file: model,
          project: projectFor(model, context.cwd),
          options,
          report({ range, message, fix, suggestions }) {
            const start = lineColAt(model.lineStarts, range[0]);
            if (suppressionsFor(model).isSuppressed(meta.id, start.line)) return;
            const loc = { start, end: lineColAt(model.lineStarts, range[1]) };
            const toFixer = (edits: NonNullable<typeof fix>["edits"]) => (fixer: Rule.RuleFixer) =>
              edits.map((e) => fixer.replaceTextRange([e.range[0], e.range[1]], e.text));
            context.report({
              loc,
              message,
              ...(fix ? { fix: toFixer(fix.edits) } : {}),
              ...(suggestions ? { suggest: suggestions.map((s) => ({ desc: s.title, fix: toFixer(s.edits) })) } : {}),
            });
          },
        });
      };
      return { "Program:exit": run, "Module:exit": run } as Rule.RuleListener;
    },
  };
}

const rules = Object.fromEntries(allRules.map((r) => [r.meta.id, toEslintRule(r)]));

function recommendedRules(): Linter.RulesRecord {
  return Object.fromEntries(
    allRules
      .filter((r) => r.meta.defaultSeverity !== "off")
      .map((r) => [`logical/${r.meta.id}`, r.meta.defaultSeverity === "warn" ? "warn" : "error"]),
  );
}

const plugin = {
  meta: { name: "logical", version: "0.1.0" },
  rules,
  languages: { python: new PythonLanguage() as unknown as NonNullable<ESLint.Plugin["languages"]>[string] },
  configs: {} as Record<string, Linter.Config>,
} satisfies ESLint.Plugin & { languages: Record<string, unknown> };

plugin.configs = {
  /** JS/TS files, on ESLint's default JavaScript language (add typescript-eslint's parser for TS). */
  recommended: {
    name: "logical/recommended",
    files: ["**/*.{js,mjs,cjs,jsx,ts,tsx,mts,cts}"],
    plugins: { logical: plugin as unknown as ESLint.Plugin },
    rules: recommendedRules(),
  },
  /** Python files through the `logical/python` language. */
  python: {
    name: "logical/python",
    files: ["**/*.py"],
    plugins: { logical: plugin as unknown as ESLint.Plugin },
    language: "logical/python",
    rules: recommendedRules(),
  },
};

export default plugin;
