/**
 * Python as an ESLint language (ESLint's language plugin API, as @eslint/json
 * does it). `parse` runs logical's Python frontend and keeps the model on the
 * root node, so rules read the same model the CLI builds. The tree ESLint
 * traverses is just the root: every rule works on the model, not on nodes.
 */
import path from "node:path";
import { ConfigCommentParser, Directive, TextSourceCodeBase, VisitNodeStep } from "@eslint/plugin-kit";
import { roleFromContent, roleFromPath } from "../engine/file-role.js";
import { parsePython } from "../languages/python/index.js";
import { lineColAt } from "../model/source.js";
import { ParseError, type FileModel } from "../model/types.js";

interface Position {
  line: number;
  column: number;
}

interface Loc {
  start: Position;
  end: Position;
}

export interface PythonRoot {
  type: "Module";
  range: [number, number];
  loc: Loc;
  model: FileModel;
}

interface PythonComment {
  type: "Comment";
  value: string;
  range: [number, number];
  loc: Loc;
}

interface EslintFile {
  body: string | Uint8Array;
  path: string;
  physicalPath?: string;
}

const INLINE_CONFIG = /^\s*(?:eslint(?:-enable|-disable(?:(?:-next)?-line)?)?)(?:\s|$)/u;
const commentParser = new ConfigCommentParser();

function locOf(model: FileModel, range: readonly [number, number]): Loc {
  return { start: lineColAt(model.lineStarts, range[0]), end: lineColAt(model.lineStarts, range[1]) };
}

export class PythonSourceCode extends TextSourceCodeBase {
  override ast: PythonRoot;
  readonly model: FileModel;
  readonly comments: PythonComment[];
  #steps: VisitNodeStep[] | undefined;

  constructor({ text, ast }: { text: string; ast: PythonRoot }) {
    super({ text, ast });
    this.ast = ast;
    this.model = ast.model;
    this.comments = this.model.comments.map((c) => ({
      type: "Comment",
      value: c.value,
      range: [c.range[0], c.range[1]],
      loc: locOf(this.model, c.range),
    }));
  }

  getInlineConfigNodes(): PythonComment[] {
    return this.comments.filter((c) => INLINE_CONFIG.test(c.value));
  }

  /** `# eslint-disable-next-line logical/no-print` and friends, written as Python comments. */
  getDisableDirectives(): { problems: unknown[]; directives: Directive[] } {
    const directives: Directive[] = [];
    for (const comment of this.getInlineConfigNodes()) {
      const { label, value, justification } = commentParser.parseDirective(comment.value) ?? {};
      switch (label) {
        case "eslint-disable":
        case "eslint-enable":
        case "eslint-disable-next-line":
        case "eslint-disable-line":
          directives.push(
            new Directive({
              type: label.slice("eslint-".length) as "disable" | "enable" | "disable-next-line" | "disable-line",
              node: comment,
              value: value ?? "",
              justification: justification ?? "",
            }),
          );
      }
    }
    return { problems: [], directives };
  }

  applyInlineConfig(): { configs: unknown[]; problems: unknown[] } {
    return { configs: [], problems: [] };
  }

  override getParent(): undefined {
    return undefined;
  }

  override traverse(): Iterable<VisitNodeStep> {
    this.#steps ??= [
      new VisitNodeStep({ target: this.ast, phase: 1, args: [this.ast, null] }),
      new VisitNodeStep({ target: this.ast, phase: 2, args: [this.ast, null] }),
    ];
    return this.#steps;
  }
}

export class PythonLanguage {
  readonly fileType = "text";
  readonly lineStart = 1;
  readonly columnStart = 0;
  readonly nodeTypeKey = "type";
  readonly visitorKeys = { Module: [] as string[] };
  readonly defaultLanguageOptions = {};

  validateLanguageOptions(): void {}

  parse(
    file: EslintFile,
  ): { ok: true; ast: PythonRoot } | { ok: false; errors: { message: string; line: number; column: number }[] } {
    const text = typeof file.body === "string" ? file.body : new TextDecoder().decode(file.body);
    const filePath = file.physicalPath ?? file.path;
    const relative = path.relative(process.cwd(), filePath).split(path.sep).join("/");
    const pathRole = roleFromPath(relative);
    try {
      const model = parsePython(text, filePath, pathRole ?? "library");
      if (pathRole === null) model.role = roleFromContent(model);
      const end = lineColAt(model.lineStarts, text.length);
      return {
        ok: true,
        ast: { type: "Module", range: [0, text.length], loc: { start: { line: 1, column: 0 }, end }, model },
      };
    } catch (error) {
      if (error instanceof ParseError) {
        return { ok: false, errors: [{ message: error.message, line: error.line, column: error.column }] };
      }
      throw error;
    }
  }

  createSourceCode(_file: EslintFile, parseResult: { ast: PythonRoot }): PythonSourceCode {
    return new PythonSourceCode({ text: parseResult.ast.model.text, ast: parseResult.ast });
  }
}
