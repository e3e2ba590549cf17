// Proof that each partner journey has teeth: against a sandbox behind a proxy that breaks the
// rule the journey exists to check, that journey fails, at the step that meets the fault; through
// a transparent proxy the same journeys pass (so the failures are the faults'). Each run has its
// own sandbox and proxy (an in-process sandbox starts in milliseconds), so runs share no state.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { failedStepIds } from "../../scripts/journeys/respect.ts";
import { runJourneys, type JourneyRun } from "../../scripts/journeys/run.ts";
import type { KeyName } from "../contract/lib/env.ts";
import { buildFaults } from "../fault-injection/faults.ts";
import type { Fault } from "../fault-injection/faulty-proxy.ts";
import { journeyFaults } from "../fault-injection/journey-faults.ts";
import { startProxiedSandbox } from "./harness.ts";

/** Each fault, the journey that must catch it, and the step where it shows. */
const CASES = [
  { fault: "a login link works twice", workflowId: "loginLinkWorksOnce", stepId: "secondVisit" },
  { fault: "no 409 on a duplicate external_id", workflowId: "provisionAgainSafely", stepId: "createOrgAgain" },
  // On a fresh partner the org to find is on the first page, so both show past the last page.
  { fault: "listOrgs total counts only the page", workflowId: "listEveryOrg", stepId: "nothingBeyondTotal" },
  { fault: "listOrgs ignores offset", workflowId: "listEveryOrg", stepId: "nothingBeyondTotal" },
  { fault: "a created org without widget_token", workflowId: "provisionCustomer", stepId: "createOrg" },
  { fault: "ownership not enforced", workflowId: "refuseOtherPartnersOrgs", stepId: "createOrgApiKeyForIt" },
] as const;

function faultNamed(name: string, keys: Record<KeyName, string>): Fault {
  const fault = [...journeyFaults(), ...buildFaults(keys)].find((f) => f.name === name);
  if (!fault) throw new Error(`no fault named "${name}"`);
  return fault;
}

/** The given journeys against a fresh sandbox behind a proxy with `fault` (none: transparent). */
async function journeysThrough(workflows: string[], fault?: string): Promise<JourneyRun> {
  const outDir = mkdtempSync(join(tmpdir(), "journeys-fault-"));
  // Key sets are random per sandbox, so the fault is built after the sandbox, then switched on.
  const sandbox = await startProxiedSandbox(1);
  try {
    const keys = sandbox.keySets[0]!;
    if (fault) sandbox.proxy.setFault(faultNamed(fault, keys));
    return await runJourneys({
      baseUrl: sandbox.proxy.url,
      apiKey: keys.primary,
      otherApiKey: keys.other,
      capabilities: { stateful: true, sandbox: true, otherKey: true, rateLimits: true },
      only: workflows,
      // Pages of one org: the two orgs listEveryOrg makes on a fresh partner span two pages.
      pageSize: 1,
      outDir,
    });
  } finally {
    await sandbox.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

const describeRun = (run: JourneyRun) => [...run.lines.map((l) => l.line), run.respect?.report ? "" : (run.respect?.output ?? "").slice(-2000)].join("\n");

describe("the journeys' fault-injection proof", () => {
  it.concurrent("the journeys under proof pass through a transparent proxy", async () => {
    const workflows = [...new Set(CASES.map((c) => c.workflowId))];
    const run = await journeysThrough(workflows);
    expect(run.lines.map((l) => l.status), describeRun(run)).toEqual(workflows.map(() => "passed"));
    expect(run.exitCode).toBe(0);
  });

  it.concurrent.for(CASES)("$workflowId fails when a server has $fault", async ({ fault, workflowId, stepId }) => {
    const run = await journeysThrough([workflowId], fault);
    const line = run.lines.find((l) => l.workflowId === workflowId);
    expect(line?.status, describeRun(run)).toBe("failed");
    expect(run.exitCode).toBe(1);
    expect(failedStepIds(run.respect!.report!, workflowId), describeRun(run)).toContain(stepId);
    console.log(`[journey fault] ${fault}: ${line!.line.replace(/\s+/g, " ")}`);
  });
});
