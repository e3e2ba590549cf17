// `npm run test:breaking`: the breaking-change gate's Optic fixture tests. Kept out of
// `npm test` because they need this separate Optic install (211 MB, fetched on first use) and
// take a few seconds per diff; .ci/run runs them after `npm test`.
// .mts: this folder's package.json is CommonJS (Optic's own install), and the config is ESM.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: fileURLToPath(new URL("../..", import.meta.url)),
    include: ["tests/unit/docs-breaking/**/*.optic-test.ts"],
    testTimeout: 120_000,
  },
});
