import type { FileModel, FileRole, Language } from "../model/types.js";

const TEST_FILE = /(?:^|\/)(?:test_[^/]*\.py|[^/]*_test\.py|conftest\.py|[^/]*\.(?:test|spec)\.[cm]?[jt]sx?)$/;
const TEST_DIR = /(?:^|\/)(?:tests?|__tests__)\//;
const SCRIPT_DIR = /(?:^|\/)(?:scripts|bin|tools)\//;

/** What a path alone says about a file's role; `null` when the content must decide. */
export function roleFromPath(relativePath: string): FileRole | null {
  const p = relativePath.split("\\").join("/");
  if (TEST_FILE.test(p) || TEST_DIR.test(p)) return "test";
  if (SCRIPT_DIR.test(p)) return "script";
  return null;
}

/** Entry points run as programs: a `__main__` block, a shebang, or a JS server that listens. */
export function roleFromContent(model: FileModel): FileRole {
  if (model.mainBlock !== null || entryByText(model.text, model.path, model.language)) return "entry";
  if (model.language === "javascript") {
    const listens = model.calls.some((c) => c.method === "listen" && c.receiverText !== null);
    if (listens) return "entry";
  }
  return "library";
}

/** What roleFromContent reads without a model: a shebang, or Python's `__main__.py`. */
export function entryByText(text: string, path: string, language: Language): boolean {
  return text.startsWith("#!") || (language === "python" && /(?:^|[\\/])__main__\.py$/.test(path));
}
