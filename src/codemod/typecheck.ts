import { existsSync, readdirSync } from "node:fs";
import path from "node:path";

/** `@types/*` packages in node_modules folders at and above `dir` (TypeScript 5's default `types`). */
function visibleTypePackages(dir: string): string[] {
  const names = new Set<string>();
  for (let d = dir; ; d = path.dirname(d)) {
    const root = path.join(d, "node_modules", "@types");
    if (existsSync(root)) for (const name of readdirSync(root)) if (!name.startsWith(".")) names.add(name);
    if (path.dirname(d) === d) break;
  }
  return [...names];
}

/**
 * `--typecheck`: TypeScript's diagnostics for the changed files, before and
 * after the codemod, in one ts-morph project (ts-morph is loaded only for
 * this). Sources are replaced in memory, then the program is checked once:
 * per DESIGN's measurement, edits between checks rebuild the whole program.
 */

export interface TypecheckResult {
  /** Files that gain diagnostics, with the new messages; these are rolled back. */
  regressions: { file: string; messages: string[] }[];
  /** Diagnostics counted before and after, over the checked files. */
  before: number;
  after: number;
}

/** Changed file contents (absolute path → new text), plus files the codemod creates. */
export async function typecheckChanges(
  tsconfig: string,
  changes: ReadonlyMap<string, string>,
): Promise<TypecheckResult> {
  const { Project, ts } = await import("ts-morph");
  const probe = ts.readConfigFile(tsconfig, (f) => ts.sys.readFile(f));
  const declaresTypes =
    (probe.config as { compilerOptions?: { types?: unknown } } | undefined)?.compilerOptions?.types !== undefined;
  // ts-morph bundles TypeScript 6, where `types` defaults to [] instead of every visible
  // @types package (TypeScript 5): list them, so the check matches the project's own tsc.
  const project = new Project({
    tsConfigFilePath: tsconfig,
    ...(declaresTypes ? {} : { compilerOptions: { types: visibleTypePackages(path.dirname(tsconfig)) } }),
  });
  const checked = [...changes.keys()].filter((f) => /\.[cm]?tsx?$/.test(f));
  // Compared by message, not position: the codemod moves lines.
  const messageOf = (d: import("ts-morph").Diagnostic): string =>
    ts.flattenDiagnosticMessageText(d.getMessageText() as string | import("ts-morph").ts.DiagnosticMessageChain, " ");
  const diagnosticsOf = (file: string): { line: number; message: string }[] => {
    const source = project.getSourceFile(file);
    if (!source) return [];
    return [...source.getPreEmitDiagnostics()].map((d) => ({ line: d.getLineNumber() ?? 0, message: messageOf(d) }));
  };

  const before = new Map(checked.map((f) => [f, diagnosticsOf(f)]));
  for (const [file, text] of changes) {
    const source = project.getSourceFile(file);
    if (source) source.replaceWithText(text);
    else project.createSourceFile(file, text, { overwrite: true });
  }
  const regressions: TypecheckResult["regressions"] = [];
  let after = 0;
  for (const file of checked) {
    const now = diagnosticsOf(file);
    after += now.length;
    const remaining = (before.get(file) ?? []).map((d) => d.message);
    const gained = now.filter((d) => {
      const k = remaining.indexOf(d.message);
      if (k === -1) return true;
      remaining.splice(k, 1);
      return false;
    });
    if (gained.length > 0) regressions.push({ file, messages: gained.map((d) => `${d.line}: ${d.message}`) });
  }
  return { regressions, before: [...before.values()].reduce((n, d) => n + d.length, 0), after };
}
