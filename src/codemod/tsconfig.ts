import { existsSync } from "node:fs";
import path from "node:path";

/**
 * What the TypeScript project says about import specifiers: whether
 * relative imports need a `.js` extension (node16/nodenext resolution), and
 * which `paths` aliases exist. Read with TypeScript's own config reader
 * (through ts-morph, loaded only when a tsconfig.json is there), so
 * `extends` and comments are handled as tsc handles them.
 */

export interface TsConfigInfo {
  file: string;
  /** Lower-cased `moduleResolution` as TypeScript resolves it (`nodenext`, `bundler`, `node10`, …). */
  moduleResolution: string;
  /** `paths` patterns mapped to absolute target patterns. */
  paths: { pattern: string; targets: string[] }[];
}

export async function readTsConfig(root: string): Promise<TsConfigInfo | null> {
  const file = path.join(root, "tsconfig.json");
  if (!existsSync(file)) return null;
  const { ts } = await import("ts-morph");
  const read = ts.readConfigFile(file, (f) => ts.sys.readFile(f));
  if (read.error) return null;
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(file), undefined, file);
  const options = parsed.options;
  const module = options.module;
  let resolution = options.moduleResolution;
  if (resolution === undefined) {
    if (module === ts.ModuleKind.Node16 || module === ts.ModuleKind.NodeNext)
      resolution = ts.ModuleResolutionKind.NodeNext;
    else if (module === ts.ModuleKind.Preserve) resolution = ts.ModuleResolutionKind.Bundler;
  }
  const base = options.baseUrl ?? (options.pathsBasePath as string | undefined) ?? path.dirname(file);
  const paths = Object.entries(options.paths ?? {}).map(([pattern, targets]) => ({
    pattern,
    targets: targets.map((t) => path.resolve(base, t)),
  }));
  return {
    file,
    moduleResolution: resolution === undefined ? "" : String(ts.ModuleResolutionKind[resolution]).toLowerCase(),
    paths,
  };
}

/** Relative imports need an extension under node16/nodenext resolution; otherwise follow each file's own imports. */
export function extensionsFor(info: TsConfigInfo | null): "js" | "auto" {
  return info && /^node(?:16|next)$/.test(info.moduleResolution) ? "js" : "auto";
}

/**
 * The `paths` alias that reaches `file` (`@/lib/logger` for `src/lib/logger.ts`
 * under `"@/*": ["src/*"]`), when the project's imports already use that alias.
 */
export function aliasFor(
  info: TsConfigInfo | null,
  file: string,
  specifiersInUse: readonly string[],
  withJs: boolean,
): string | null {
  if (!info) return null;
  const bare = file.replace(/\.[cm]?[jt]sx?$/, "");
  for (const { pattern, targets } of info.paths) {
    const star = pattern.indexOf("*");
    const prefix = star === -1 ? pattern : pattern.slice(0, star);
    if (!specifiersInUse.some((s) => (star === -1 ? s === pattern : s.startsWith(prefix)))) continue;
    for (const target of targets) {
      const t = target.replace(/\.[cm]?[jt]sx?$/, "");
      const ts = t.indexOf("*");
      if (ts === -1) {
        if (t === bare && star === -1) return pattern;
        continue;
      }
      const [head, tail] = [t.slice(0, ts), t.slice(ts + 1)];
      if (star === -1 || !bare.startsWith(head) || !bare.endsWith(tail)) continue;
      const middle = bare
        .slice(head.length, bare.length - tail.length)
        .split(path.sep)
        .join("/");
      return pattern.slice(0, star) + middle + pattern.slice(star + 1) + (withJs ? ".js" : "");
    }
  }
  return null;
}
