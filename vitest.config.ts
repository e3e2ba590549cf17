import { defineConfig } from "vitest/config";

// One project per kind of test, so each can be run alone (`vitest run --project unit`).
export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["tests/unit/**/*.test.ts"] } },
      {
        test: {
          name: "mock",
          include: ["tests/mock/**/*.test.ts"],
          globalSetup: ["tests/setup/prism.ts"],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
