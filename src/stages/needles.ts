/**
 * Text a file must contain to hold a stage site: every way ./detect.ts finds
 * one starts from a name that is in the source. A file with none of these is
 * not modelled for its project facts (see ../engine/project.ts), so each
 * needle is a necessary condition; the prefilter tests compare runs with and
 * without it.
 */
import type { NeedleSet } from "../engine/needles.js";
import type { NeedleMap } from "../engine/rule.js";
import { dottedHead, escapeRegExp } from "../model/source.js";
import type { Language } from "../model/types.js";
import { NEXT_ROUTE_EXPORTS, ROUTE_METHODS } from "../model/queries.js";
import {
  CALL_MARKERS,
  DATA_FILE_EXTENSIONS,
  DATA_PATH_WORDS,
  LIFESPAN_APPS,
  METHOD_MARKERS,
  ML_MODULES,
  NODE_SHUTDOWN_EVENTS,
  STAGE_IDS,
  type StageConfig,
} from "./catalog.js";

/**
 * Any of these modules, as an import names them: not inside a longer name (`@tensorflow/tfjs`
 * is not `@tensorflow/tfjs-core`, `http` is not `http://…`), and any name after a prefix ending
 * in `-` (`ml-`). In JS/TS a module is a string right after `from`, `require(` or `import`, and
 * only there: the same word in another string is no import (`"ml-4"` is a CSS class, `"http"` a
 * protocol, `"google"` a provider's name), and the model finds imports only there. That is
 * checked behind the match, so the scan still starts at quotes.
 */
function modules(language: Language, names: Iterable<string>): RegExp {
  const alternatives = [...new Set(names)].map((m) => escapeRegExp(m) + (m.endsWith("-") ? "" : "(?![\\w:-])"));
  if (language === "python") return new RegExp(`\\b(?:${alternatives.join("|")})`);
  return new RegExp(`["'\`](?:${alternatives.join("|")})(?<=\\b(?:from|require|import)\\s*\\(?\\s*["'\`][\\w@./:-]*)`);
}

/**
 * What a receiver pattern needs in the text: `/trainer$/i` needs `trainer`, in any case, at the
 * end of a name (a receiver's text ends where its last name does: `trainError` is no `trainer`).
 */
function unanchored(re: RegExp): RegExp {
  const source = re.source.replace(/^\^/, "").replace(/(?<!\\)\$$/, "(?![\\w$])");
  return new RegExp(source, re.flags);
}

function build(language: Language): NeedleSet {
  const needles: (string | RegExp | (string | RegExp)[])[] = [];
  // Imports: of ML code (epoch loops and callbacks, stage-named functions), of the catalog's
  // call markers (a resolved callee names its module's import), and of the origins and
  // imports of its method markers. One expression, scanned once.
  const imported = [...ML_MODULES];
  for (const stage of STAGE_IDS) for (const m of CALL_MARKERS[stage]?.[language] ?? []) imported.push(dottedHead(m));
  // In JS/TS a method marker's modules count only with a method of the same kind of marker: a
  // server's (`listen` for `http`, which most files import to make requests, not to serve them)
  // or another stage's. The modules come first: few files import them, while the methods
  // (`run`, `save`) are everywhere.
  const serving = { modules: [] as string[], methods: [] as string[] };
  const others = { modules: [] as string[], methods: [] as string[] };
  for (const marker of METHOD_MARKERS) {
    const from = [...(marker.origins ?? []), ...(marker.imports ?? [])].map(dottedHead);
    if (from.length === 0) continue;
    if (language === "python") {
      imported.push(...from);
      continue;
    }
    const kind = marker.stage === "ready-for-serving" ? serving : others;
    kind.modules.push(...from);
    kind.methods.push(...marker.methods);
  }
  for (const kind of [serving, others]) {
    if (kind.modules.length === 0) continue;
    needles.push([
      modules(language, kind.modules),
      new RegExp(`\\b(?:${[...new Set(kind.methods)].map(escapeRegExp).join("|")})\\b`),
    ]);
  }
  if (language === "python") {
    // A lifespan: passed to an app, or shaped as one (`@asynccontextmanager async def lifespan`).
    imported.push(...[...LIFESPAN_APPS].map(dottedHead), "signal", "atexit");
    needles.push("asynccontextmanager");
  }
  needles.push(modules(language, imported));
  // Method markers that a receiver's name alone can match (`study.optimize(…)`, `trainer.train()`).
  for (const marker of METHOD_MARKERS) {
    if (!marker.receiver || marker.imports) continue;
    for (const name of marker.methods)
      needles.push([name, new RegExp(`\\b${escapeRegExp(name)}\\b`), unanchored(marker.receiver)]);
  }
  // Request handlers: a route method given a path (`@app.get("/x")`, `router.post('/x', …)`,
  // `app.get<Params>("/x", …)`). The scan stops at a quote and a slash, and only there looks
  // behind for the method: a method name first would be tried at every word.
  const method = `\\b(?:${[...ROUTE_METHODS].join("|")})\\s*(?:<[^()]*>\\s*)?\\(\\s*(?:\\w+\\s*=\\s*)?[rRbBuU]{0,2}`;
  needles.push(new RegExp(`["'\`]\\/(?<=${method}["'\`]\\/)`));
  if (language === "javascript") {
    // A Next.js route export (`export async function GET(`, `export const POST =`).
    needles.push(new RegExp(`\\b(?:${[...NEXT_ROUTE_EXPORTS].join("|")})\\s*[(=:<]`));
    // `fs.readFileSync(dataPath)` and the like: `fs` imported (or a global), and a data word or
    // extension in the text (see dataPathText); `process.on("SIGTERM", …)`.
    const fs = `${modules(language, ["fs", "node:fs"]).source}|(?<![\\w$.])fs\\b[\\s!?)]*\\.\\s*(?:promises\\b[\\s!?)]*\\.\\s*)?(?:readFile|createReadStream)`;
    needles.push([/readFile|createReadStream/, new RegExp(fs), dataPathText()]);
    needles.push(...NODE_SHUTDOWN_EVENTS);
  }
  // Lifecycle decorators (TypeScript has decorators too).
  needles.push("on_event", "before_serving", "after_serving", "before_first_request");
  return needles;
}

/**
 * Text that a path argument detect.ts takes for data holds: one of DATA_PATH_WORDS, in any case,
 * where snake-casing the argument puts an underscore (or its start or end) on both sides of it
 * (a character that is no ASCII letter or digit, or a lower-case letter or digit before an
 * upper-case one: `trainingData`, `TRAIN_DATA`, `"data/x"`), or a DATA_FILE_EXTENSIONS ending.
 * Wider than the detector (it ignores case changes inside the word), never narrower.
 */
export function dataPathText(): RegExp {
  const anyCase = (word: string): string => [...word].map((c) => `[${c}${c.toUpperCase()}]`).join("");
  const camel = "(?<=[a-z0-9])(?=[A-Z])";
  const before = `(?:(?<![A-Za-z0-9])|${camel})`;
  const after = `(?:(?![A-Za-z0-9])|${camel})`;
  const words = DATA_PATH_WORDS.map(anyCase).join("|");
  return new RegExp(`${before}(?:${words})${after}|\\.(?:${DATA_FILE_EXTENSIONS.join("|")})\\b`);
}

const BUILT = { python: build("python"), javascript: build("javascript") };

/** The needles of a rule that reports only at stage sites, in both languages (see stageNeedles). */
export function stageSiteNeedles(stages: StageConfig | undefined): NeedleMap {
  return {
    python: stageNeedles("python", stages) ?? undefined,
    javascript: stageNeedles("javascript", stages) ?? undefined,
  };
}

/**
 * The needles of stage sites in a language, with the configured markers' names; null when a
 * configured call marker starts with a wildcard (any file may hold it).
 */
export function stageNeedles(language: Language, config: StageConfig | undefined): NeedleSet | null {
  const extra: string[] = [];
  for (const markers of Object.values(config ?? {})) {
    if (!markers) continue;
    for (const call of markers.calls ?? []) {
      const h = dottedHead(call);
      if (h === "" || h.includes("*")) return null;
      extra.push(h);
    }
    extra.push(...(markers.methods ?? []), ...(markers.functions ?? []));
  }
  return extra.length === 0 ? BUILT[language] : [...BUILT[language], ...extra];
}
