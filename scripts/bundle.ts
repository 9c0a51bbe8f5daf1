/**
 * Bundles the CLI: `dist/cli/main.js` (the `logical` bin), the worker entry points and the
 * language frontends, from what tsc wrote under dist/src, with the npm packages they use. A
 * process then loads some twenty files instead of about seventy ES modules and the CommonJS
 * packages behind them (each resolved, read, compiled, and for CommonJS scanned for its exports):
 * start-up is most of a warm `--cache` run's time. Dynamic imports stay separate chunks, so a
 * command still loads only what it uses.
 */
import { build } from "esbuild";
import { rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

// Chunks are named by content hash: an earlier build's would linger.
rmSync(path.join(root, "dist/cli"), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  // Output name → module. The workers and the two language frontends (src/languages/index.ts loads
  // each at its first file, by a path relative to itself) are found beside the code that loads them.
  entryPoints: {
    main: "dist/src/cli/main.js",
    worker: "dist/src/engine/worker.js",
    "part-worker": "dist/src/logs/part-worker.js",
    "js/index": "dist/src/languages/js/index.js",
    "python/index": "dist/src/languages/python/index.js",
  },
  outdir: "dist/cli",
  // Beside the entry points: a chunk that starts a worker finds it next to itself.
  chunkNames: "[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // Not bundled: oxc-parser loads a native addon beside itself, piscina starts workers from its
  // own files, and ts-morph (TypeScript) is large and loaded only by `logical fix`.
  external: ["oxc-parser", "piscina", "ts-morph"],
  // The CommonJS packages bundled in (commander, picomatch, lilconfig…) call `require` for
  // Node's built-in modules.
  banner: {
    js: 'import { createRequire as __logicalRequire } from "node:module"; const require = __logicalRequire(import.meta.url);',
  },
  logLevel: "warning",
});
