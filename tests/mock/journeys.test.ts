// The partner journeys against the Prism mock, as `npm test` runs them: `npm run test:journeys`
// (scripts/journeys.ts) pointed at the mock with CONTRACT_STATEFUL=0. A stateless mock answers the
// document's fixed examples, so no journey can pass on it: each is reported skipped by name, with
// the runner's reason, and the run exits 0 without starting Respect. A journey that could pass on
// a stateless mock would run here and count as passed.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { readJourneys } from "../../scripts/journeys/description.ts";

const root = resolve(import.meta.dirname, "../..");
const journeys = readJourneys();

const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("CONTRACT_")));
const run = spawnSync(process.execPath, ["scripts/journeys.ts"], {
  cwd: root,
  encoding: "utf8",
  env: { ...inherited, CONTRACT_BASE_URL: inject("prismUrl"), CONTRACT_API_KEY: "prism-accepts-any-bearer-token", CONTRACT_STATEFUL: "0" },
});
/** The runner's line for a workflow: `✓ name …` when it ran and passed, `- name skipped: reason` when it did not run. */
const lineOf = (workflowId: string) => run.stdout.split("\n").find((line) => new RegExp(`^[-✓✗] ${workflowId}\\s`).test(line));

describe("journeys against the Prism mock", () => {
  it("run to the end, exit 0, and account for every journey in the total", () => {
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`journeys: \\d+ passed, 0 failed, \\d+ skipped`));
    for (const journey of journeys) expect(lineOf(journey.workflowId), journey.workflowId).toBeDefined();
  });

  it.for(journeys.map((j) => j.workflowId))("%s", async (workflowId, ctx) => {
    const line = lineOf(workflowId)!;
    const skipped = /^- \S+\s+skipped: (.*)$/.exec(line);
    if (skipped) {
      // Skipped by name, with the runner's reason: never a silent pass.
      await ctx.annotate(skipped[1]!, "skipped");
      ctx.skip(skipped[1]!);
    }
    expect(line).toMatch(/^✓ /);
  });
});
