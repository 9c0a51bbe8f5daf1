import { stageSiteNeedles } from "../src/stages/needles.js";
import { createRule } from "../src/engine/rule.js";
import { isTestOrDemo, requestHandlerScopes } from "../src/model/queries.js";
import { textOf } from "../src/model/source.js";
import { isModelCall, requestValidated } from "../src/stages/detect.js";

export interface RequestInputNeedsCheckOptions {
  includeTests: boolean;
}

export default createRule<RequestInputNeedsCheckOptions>({
  meta: {
    id: "request-input-needs-check",
    step: 5,
    description: "A request handler validates its input (schema with ranges, explicit checks) before the model sees it",
    languages: ["python", "javascript"],
    fixable: false,
    defaultSeverity: "error",
    skipsTests: true,
    // It reports at stage sites only (request handlers are stage sites).
    needles: (_, stages) => stageSiteNeedles(stages),
  },
  defaultOptions: { includeTests: false },
  check({ file, project, options, report }) {
    if (isTestOrDemo(file, project) && !options.includeTests) return;
    for (const id of requestHandlerScopes(file)) {
      const handler = file.scopes[id]!;
      const call = file.calls.find(
        (c) => c.range[0] >= handler.range[0] && c.range[1] <= handler.range[1] && isModelCall(c),
      );
      if (call === undefined || requestValidated(file, handler, call)) continue;
      const callee = textOf(file, call.calleeRange).replace(/\s+/g, "");
      const schema =
        file.language === "python"
          ? "a pydantic model with `Field(ge=…, le=…)`"
          : "a zod schema with `.min()`/`.max()`";
      report({
        range: call.calleeRange,
        message: `request: \`${callee}(…)\` gets request data nothing validated; check it against the training range (${schema}, or explicit checks) and answer 4xx when it is outside: no answer beats a wrong answer (step 5).`,
      });
    }
  },
});
