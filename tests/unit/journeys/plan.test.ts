// Which journeys run against which target: each one the target cannot serve is skipped by
// name with the reason; nothing runs against a stateless mock, and the run then spawns nothing.
import { describe, expect, it } from "vitest";
import { readJourneys } from "../../../scripts/journeys/description.ts";
import { planJourneys, type Capabilities } from "../../../scripts/journeys/plan.ts";
import { runJourneys } from "../../../scripts/journeys/run.ts";

const journeys = readJourneys();
const ids = journeys.map((j) => j.workflowId);
const everything: Capabilities = { stateful: true, sandbox: true, otherKey: true, rateLimits: true };
const skippedBy = (caps: Capabilities) => Object.fromEntries(planJourneys(journeys, caps).skipped.map((s) => [s.journey.workflowId, s.reason]));

describe("planJourneys", () => {
  it("runs every journey on a sandbox with both keys and rate limits on", () => {
    const plan = planJourneys(journeys, everything);
    expect(plan.run.map((j) => j.workflowId)).toEqual(ids);
    expect(plan.skipped).toEqual([]);
  });

  it("skips every journey on a stateless mock, saying why", () => {
    const skipped = skippedBy({ ...everything, stateful: false });
    expect(Object.keys(skipped)).toEqual(ids);
    for (const reason of Object.values(skipped)) expect(reason).toMatch(/^CONTRACT_STATEFUL=0: a stateless mock answers the document's fixed examples/);
  });

  it("skips only the login-page visit where the target is not a sandbox", () => {
    expect(skippedBy({ ...everything, sandbox: false })).toEqual({ loginLinkWorksOnce: expect.stringMatching(/^CONTRACT_SANDBOX is not 1: only the sandbox serves the login page/) });
  });

  it("skips only the other-partner journey without CONTRACT_OTHER_API_KEY", () => {
    expect(skippedBy({ ...everything, otherKey: false })).toEqual({ refuseOtherPartnersOrgs: expect.stringMatching(/^CONTRACT_OTHER_API_KEY is not set/) });
  });

  it("skips only the quota-spending journey when rate limits are off", () => {
    expect(skippedBy({ ...everything, rateLimits: false })).toEqual({ loginLinkRateLimit: expect.stringMatching(/^CONTRACT_RATE_LIMITS is not 1/) });
  });

  it("runs just the named journeys, and refuses a name it does not know", () => {
    expect(planJourneys(journeys, everything, ["listEveryOrg", "provisionCustomer"]).run.map((j) => j.workflowId)).toEqual(["provisionCustomer", "listEveryOrg"]);
    expect(() => planJourneys(journeys, everything, ["listEveryOrgs"])).toThrow(`no journey named listEveryOrgs; the journeys are: ${ids.join(", ")}`);
  });
});

describe("runJourneys with nothing to run", () => {
  it("starts no Respect, prints a skip line per journey and exits 0", async () => {
    const run = await runJourneys({ baseUrl: "http://127.0.0.1:9", apiKey: "k", capabilities: { ...everything, stateful: false }, pageSize: 2, outDir: "unused" });
    expect(run.respect).toBeUndefined();
    expect(run.exitCode).toBe(0);
    expect(run.lines.map((l) => l.line.split("  ")[0])).toEqual(ids.map((id) => `- ${id}`));
    expect(run.total).toMatch(/^journeys: 0 passed, 0 failed, 8 skipped/);
  });
});
