// Proof that each partner journey has teeth: against a sandbox behind a proxy that breaks the
// rule the journey exists to check, that journey fails, at the step that meets the fault; through
// a transparent proxy the same journeys pass (so the failures are the faults').
//
// Each Respect run costs about a CPU-second whatever it runs (mostly Respect building a validator
// per workflow of the file), so faults that touch only their own journey's requests share one
// run, one journey each; a fault that touches every journey's requests (every createOrg, every
// listOrgs) has a run to itself. Each run has its own sandbox and proxy (an in-process sandbox
// starts in milliseconds), so runs share no state.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { failedStepIds } from "../../scripts/journeys/respect.ts";
import { runJourneys, type JourneyRun } from "../../scripts/journeys/run.ts";
import type { KeyName } from "../contract/lib/env.ts";
import { buildFaults } from "../fault-injection/faults.ts";
import type { Fault } from "../fault-injection/faulty-proxy.ts";
import { composeFaults, journeyFaults } from "../fault-injection/journey-faults.ts";
import { startProxiedSandbox } from "./harness.ts";

/** Each fault, the journey that must catch it, the step where it shows, and the run it is in. */
const CASES = [
  { fault: "a login link works twice", workflowId: "loginLinkWorksOnce", stepId: "secondVisit", run: "own requests" },
  { fault: "no 409 on a duplicate external_id", workflowId: "provisionAgainSafely", stepId: "createOrgAgain", run: "own requests" },
  // Earlier journeys' orgs come first, so the org to find is past the one page a short total allows.
  { fault: "listOrgs total counts only the page", workflowId: "listEveryOrg", stepId: "page", run: "own requests" },
  { fault: "ownership not enforced", workflowId: "refuseOtherPartnersOrgs", stepId: "createOrgApiKeyForIt", run: "own requests" },
  // On a fresh partner the org to find is on the first page: the repeated page shows past the last.
  { fault: "listOrgs ignores offset", workflowId: "listEveryOrg", stepId: "nothingBeyondTotal", run: "offset" },
  { fault: "a created org without widget_token", workflowId: "provisionCustomer", stepId: "createOrg", run: "widget_token" },
] as const;

function faultNamed(name: string, keys: Record<KeyName, string>): Fault {
  const fault = [...journeyFaults(), ...buildFaults(keys)].find((f) => f.name === name);
  if (!fault) throw new Error(`no fault named "${name}"`);
  return fault;
}

/** The given journeys against a fresh sandbox behind a proxy with the given faults (none: transparent). */
async function journeysThrough(workflows: string[], faults: string[]): Promise<JourneyRun> {
  const outDir = mkdtempSync(join(tmpdir(), "journeys-fault-"));
  // Keys are random per sandbox, and one fault impersonates a key: built once the sandbox is up.
  const sandbox = await startProxiedSandbox(1);
  try {
    const keys = sandbox.keySets[0]!;
    if (faults.length) sandbox.setFault(composeFaults(faults.map((name) => faultNamed(name, keys))));
    return await runJourneys({
      baseUrl: sandbox.url,
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

const runs = new Map<string, Promise<JourneyRun>>();
/** The run a case is in, started by the first case that needs it. */
function runOf(group: string): Promise<JourneyRun> {
  if (!runs.has(group)) {
    const cases = CASES.filter((c) => c.run === group);
    runs.set(group, journeysThrough([...new Set(cases.map((c) => c.workflowId))], cases.map((c) => c.fault)));
  }
  return runs.get(group)!;
}

const describeRun = (run: JourneyRun) => [...run.lines.map((l) => l.line), run.respect?.report ? "" : (run.respect?.output ?? "").slice(-2000)].join("\n");

describe("the journeys' fault-injection proof", () => {
  it.concurrent("the journeys under proof pass through a transparent proxy", async () => {
    const workflows = [...new Set(CASES.map((c) => c.workflowId))];
    const run = await journeysThrough(workflows, []);
    expect(run.lines.map((l) => l.status), describeRun(run)).toEqual(workflows.map(() => "passed"));
    expect(run.exitCode).toBe(0);
  });

  it.concurrent.for(CASES)("$workflowId fails when a server has $fault", async ({ fault, workflowId, stepId, run: group }) => {
    const run = await runOf(group);
    const line = run.lines.find((l) => l.workflowId === workflowId);
    expect(line?.status, describeRun(run)).toBe("failed");
    expect(run.exitCode).toBe(1);
    expect(failedStepIds(run.respect!.report!, workflowId), describeRun(run)).toContain(stepId);
    console.log(`[journey fault] ${fault}: ${line!.line.replace(/\s+/g, " ")}`);
  });
});
