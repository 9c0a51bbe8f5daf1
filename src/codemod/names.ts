import { dottedHead } from "../model/source.js";
import type { FileModel } from "../model/types.js";

/**
 * Names the codemod may introduce (`logger`, `logging`, `pformat`) must not
 * capture or shadow a name the file already uses.
 */

/** Every name the file binds, in any scope: assignments, imports, parameters, loop targets, handlers, functions, classes. */
export function boundNames(model: FileModel): Set<string> {
  const names = new Set<string>();
  for (const s of model.statements) for (const t of s.targets) names.add(dottedHead(t));
  for (const i of model.imports) names.add(i.local);
  for (const s of model.scopes) {
    if (s.name) names.add(s.name);
    for (const p of s.params) names.add(p);
  }
  for (const l of model.loops) for (const t of l.targets) names.add(t);
  for (const h of model.handlers) if (h.name) names.add(h.name);
  for (const c of model.calls) for (const t of c.assignedTo) names.add(dottedHead(t));
  return names;
}

/** Names bound in one function scope itself (parameters, assignments, loop targets, handler names). */
export function namesBoundInScope(model: FileModel, scopeId: number): Set<string> {
  const scope = model.scopes[scopeId];
  const names = new Set<string>(scope?.params ?? []);
  for (const s of model.statements) {
    if (model.blocks[s.block]?.scope !== scopeId) continue;
    for (const t of s.targets) names.add(t);
  }
  for (const l of model.loops) if (l.scope === scopeId) for (const t of l.targets) names.add(t);
  for (const h of model.handlers) if (h.scope === scopeId && h.name) names.add(h.name);
  for (const i of model.imports) {
    const st = model.statements[i.statement];
    if (st && model.blocks[st.block]?.scope === scopeId) names.add(i.local);
  }
  return names;
}

/** The function scopes enclosing `scopeId`, innermost first, up to (not including) the module. */
export function enclosingFunctionScopes(model: FileModel, scopeId: number): number[] {
  const out: number[] = [];
  for (let id: number | null = scopeId; id !== null && id !== 0; id = model.scopes[id]?.parent ?? null) {
    const kind = model.scopes[id]?.kind;
    if (kind === "function" || kind === "lambda") out.push(id);
  }
  return out;
}

/** Whether `name` occurs as an identifier in the code (comments blanked out). */
export function usedInCode(model: FileModel, name: string): boolean {
  const pieces: string[] = [];
  let at = 0;
  for (const c of [...model.comments].sort((a, b) => a.range[0] - b.range[0])) {
    if (c.range[0] < at) continue;
    pieces.push(model.text.slice(at, c.range[0]), " ");
    at = c.range[1];
  }
  pieces.push(model.text.slice(at));
  return new RegExp(`(?<![\\w.$])${name.replace(/\$/g, "\\$")}(?![\\w$])`).test(pieces.join(""));
}

/**
 * The first candidate that the file neither binds nor (when names may come
 * from elsewhere: star imports, JS globals) uses.
 */
export function pickFreeName(
  model: FileModel,
  candidates: readonly string[],
  bound = boundNames(model),
  checkUses = false,
): string {
  for (const name of candidates) {
    if (bound.has(name)) continue;
    if (checkUses && usedInCode(model, name)) continue;
    return name;
  }
  for (let n = 2; ; n++) {
    const name = `${candidates[0]}${n}`;
    if (!bound.has(name) && !usedInCode(model, name)) return name;
  }
}
