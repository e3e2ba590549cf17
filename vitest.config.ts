// First, before any test file loads: on a Node without type stripping (Node 20) every .ts file
// would fail with its own ERR_UNKNOWN_FILE_EXTENSION stack; say in one line which Node to get.
import "./scripts/require-node.mjs";
import { defineConfig } from "vitest/config";

/** Sandbox test files whose subject is not stored state: run on the memory engine only. */
const STATELESS_SANDBOX_TESTS = [
  "tests/sandbox/{cli,cli-hosting,start-sandbox,http-flags,http-fuzz,hostile-clients,admin-token,control-validation}.test.ts",
  "tests/sandbox/{memory-storage,journal,load,signals}.test.ts",
];

// One project per kind of test, so each can be run alone (`vitest run --project unit`).
// Each project's owner edits only its own entry.
export default defineConfig({
  test: {
    // `npm test` runs the projects in two vitest processes side by side (package.json's
    // test:vitest, and test:vitest:processes for the files that mostly wait on the processes,
    // servers, browser and installs they start); tests/unit/test-steps.test.ts checks that each
    // project is in exactly one. Within a process, the files of its projects run side by side in
    // one pool (they share no ports or state: servers bind free ports, temp dirs are per file,
    // Prism starts once for the mock project). One worker per core unless a script says otherwise
    // (test:vitest:processes passes --maxWorkers=3). vitest's own default is one fewer (a single
    // worker on a 2-core machine, which ran the files one after another); 3 or 4 workers on 2
    // cores cost 17% more CPU here (modules evaluated once per worker).
    maxWorkers: "100%",
    //
    // `isolate: false` where a project's files import the same heavy modules (the sandbox, its
    // validators, the document): a worker evaluates them once instead of once per file, which cut
    // these projects' CPU by a third to a half. Files then share a worker's module registry: a
    // file that mocks a module loads what it tests after vi.resetModules() and resets again
    // afterwards (tests/sandbox/admin-token.test.ts).
    projects: [
      // Pure unit tests: no servers, no network.
      { test: { name: "unit", include: ["tests/unit/**/*.test.ts"], isolate: false } },
      // Tests against the Prism mock, started once on a free loopback port.
      {
        test: {
          name: "mock",
          include: ["tests/mock/**/*.test.ts"],
          globalSetup: ["tests/setup/prism.ts"],
          isolate: false,
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      // Compile-time tests of the client (*.test-d.ts with @ts-expect-error), checked by tsc.
      {
        test: {
          name: "types",
          include: [],
          typecheck: { enabled: true, only: true, include: ["tests/types/**/*.test-d.ts"], tsconfig: "tests/types/tsconfig.json" },
        },
      },
      // Each workspace package packed, installed into a temporary project and used from there: the
      // client type-checked and run, the sandbox started through its bin and in-process.
      {
        test: {
          name: "packaging",
          include: ["tests/packaging/**/*.test.ts"],
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
      // The stateful sandbox, started in-process by the tests themselves.
      {
        test: {
          name: "sandbox",
          include: ["tests/sandbox/**/*.test.ts"],
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      // The same behaviour suite on the SQL engines (one suite, every engine): each file's
      // sandboxes open the engine SANDBOX_TEST_ENGINE names (tests/sandbox/harness.ts). Left out:
      // files about the process, the HTTP layer or the package rather than state, the memory
      // engine's own test, the journal (it runs every engine itself) and the 8000-request load run.
      ...(["sqlite", "postgres"] as const).map((engine) => ({
        test: {
          name: `sandbox-${engine}`,
          include: ["tests/sandbox/**/*.test.ts"],
          exclude: STATELESS_SANDBOX_TESTS,
          env: { SANDBOX_TEST_ENGINE: engine },
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      })),
      // The partner journeys (openapi/arazzo/) run by Redocly Respect against sandboxes started by
      // the tests, and their fault-injection proof. Each Respect run is a child process;
      // maxConcurrency bounds only the it.concurrent tests within one file (faults.test.ts runs
      // two at a time), not the files, which run side by side in the pool like any others.
      {
        test: {
          name: "journeys",
          include: ["tests/journeys/**/*.test.ts"],
          maxConcurrency: 2,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      // The storage engines (memory, sqlite, postgres) behind one interface; PostgreSQL from TEST_DATABASE_URL.
      { test: { name: "storage", include: ["tests/storage/**/*.test.ts"], isolate: false, testTimeout: 60_000, hookTimeout: 60_000 } },
      // The published docs in a real headless browser.
      {
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          // Builds dist/docs/index.html once, as `npm run docs` does.
          globalSetup: ["tests/e2e/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
