/** What `logical init` prints or writes besides the config: an ESLint config and a GitHub Actions workflow. */

export function eslintConfig(languages: { python: boolean; js: boolean; ts: boolean }): string {
  const lines = ['import logical from "logical/eslint-plugin";'];
  if (languages.ts) lines.push('import tsParser from "@typescript-eslint/parser";');
  lines.push("", "export default [");
  if (languages.js) {
    lines.push(
      languages.ts
        ? "  { ...logical.configs.recommended, languageOptions: { parser: tsParser } }, // JS/TS"
        : "  logical.configs.recommended, // JS",
    );
  }
  if (languages.python) lines.push("  logical.configs.python, // .py files, through the logical/python language");
  lines.push("];", "");
  return lines.join("\n");
}

/** The gate on every push and pull request, its findings uploaded to code scanning as SARIF. */
export function githubWorkflow(baseline: boolean): string {
  const gate = `npx logical check${baseline ? " --strict-baseline" : ""} --cache --format sarif --output-file logical.sarif`;
  return `name: logical
on:
  push:
    branches: [main]
  pull_request:
permissions:
  contents: read
  security-events: write # upload-sarif
jobs:
  logical:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm ci
      - uses: actions/cache@v4
        with:
          path: .logicalcache
          key: logical-\${{ runner.os }}-\${{ github.sha }}
          restore-keys: logical-\${{ runner.os }}-
      - name: logical check
        run: ${gate}
      - uses: github/codeql-action/upload-sarif@v3
        if: \${{ !cancelled() }}
        with:
          sarif_file: logical.sarif
          category: logical
`;
}
