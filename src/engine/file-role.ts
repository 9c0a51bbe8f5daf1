import type { FileModel, FileRole } from "../model/types.js";

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
  if (model.mainBlock !== null || model.text.startsWith("#!")) return "entry";
  if (model.language === "python" && /(?:^|\/)__main__\.py$/.test(model.path)) return "entry";
  if (model.language === "javascript") {
    const listens = model.calls.some((c) => c.method === "listen" && c.receiverText !== null);
    if (listens) return "entry";
  }
  return "library";
}
