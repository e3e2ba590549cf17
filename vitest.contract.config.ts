// First, before any test file loads: on a Node without type stripping (Node 20) every .ts file
// would fail with its own ERR_UNKNOWN_FILE_EXTENSION stack; say in one line which Node to get.
import "./scripts/require-node.mjs";
import { defineConfig } from "vitest/config";
import { ContractSequencer } from "./tests/contract/setup/sequencer.ts";

// Contract runs, kept apart from vitest.config.ts: they are configured only by the CONTRACT_*
// environment variables (docs/contract-tests.md) and can target any server.
//   contract         the suite; no CONTRACT_BASE_URL: the sandbox in-process (everything runs)
//   fault-injection  proof of teeth: the suite against a sandbox behind a corrupting proxy
export default defineConfig({
  test: {
    reporters: ["default", "junit", "./tests/contract/setup/skip-reporter.ts"],
    outputFile: { junit: "reports/junit-contract.xml" },
    // One file at a time, in name order with the quota-spending file last (see the sequencer).
    fileParallelism: false,
    sequence: { sequencer: ContractSequencer },
    projects: [
      {
        test: {
          name: "contract",
          include: ["tests/contract/**/*.test.ts"],
          globalSetup: ["tests/contract/setup/global-setup.ts"],
          // One shared worker: the pacer (CONTRACT_MAX_RPM) and the shared fixtures are per run.
          isolate: false,
          pool: "forks",
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: "fault-injection",
          include: ["tests/fault-injection/**/*.test.ts"],
          // Each check runs the whole suite in a child process; two at a time on two cores.
          maxConcurrency: 2,
          testTimeout: 240_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
