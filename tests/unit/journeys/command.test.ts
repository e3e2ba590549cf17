// `npm run test:journeys` in the kit's command-line style: --help answers, an unknown flag is wrong
// usage (exit 2, the usage after it), before any sandbox or Respect starts.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../../..");
const journeys = (...args: string[]) => spawnSync(process.execPath, ["scripts/journeys.ts", ...args], { cwd: root, encoding: "utf8", timeout: 30_000 });

it("--help prints the usage and exits 0", () => {
  const result = journeys("--help");
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/^usage: npm run test:journeys /);
});

it("an unknown flag is one line and the usage, exit 2, and nothing runs", () => {
  const result = journeys("--prot");
  expect(result.status).toBe(2);
  expect(result.stderr).toMatch(/^test:journeys: unknown option --prot\nusage: npm run test:journeys /);
  expect(result.stdout).toBe("");
});
