// Proof that the contract suite has teeth: the sandbox behind a proxy that breaks one
// documented rule at a time. For every fault the suite must fail and name the affected
// operation; through a transparent proxy it must pass (so the failures are the faults').
import { describe, expect, it } from "vitest";
import { startLocalSandbox } from "../contract/setup/local-sandbox.ts";
import { buildFaults } from "./faults.ts";
import { startFaultyProxy, type Fault } from "./faulty-proxy.ts";
import { failures, runContractSuite, type SuiteRun } from "./run-suite.ts";

const RUN_TIMEOUT_MS = 120_000;

/** A fresh sandbox (own state, own clock) behind a proxy with the given fault. */
async function suiteThrough(pick: (keys: Record<string, string>) => Fault | undefined): Promise<SuiteRun> {
  const sandbox = await startLocalSandbox();
  const keys = sandbox.keys as Record<string, string>;
  const proxy = await startFaultyProxy(sandbox.url, pick(keys));
  try {
    return await runContractSuite(
      {
        CONTRACT_BASE_URL: proxy.url,
        CONTRACT_API_KEY: keys.primary!,
        CONTRACT_OTHER_API_KEY: keys.other!,
        CONTRACT_REVOKED_API_KEY: keys.revoked!,
        CONTRACT_INACTIVE_API_KEY: keys.inactive!,
        CONTRACT_BLOCKED_API_KEY: keys.blocked!,
        CONTRACT_SANDBOX: "1",
        CONTRACT_RATE_LIMITS: "1",
      },
      RUN_TIMEOUT_MS,
    );
  } finally {
    await proxy.close();
    await sandbox.close();
  }
}

const describeRun = (run: SuiteRun) =>
  run.timedOut ? `timed out after ${RUN_TIMEOUT_MS} ms` : run.report ? `${run.report.numFailedTests} failed, ${run.report.numPassedTests} passed` : `no report (exit ${run.exitCode}):\n${run.output.slice(-2000)}`;

describe("fault injection", () => {
  it("passes through a transparent proxy", async () => {
    const run = await suiteThrough(() => undefined);
    expect(run.report?.numFailedTests, `${describeRun(run)}\n${run.report ? failures(run.report).join("\n\n").slice(0, 4000) : ""}`).toBe(0);
    expect(run.report!.numPassedTests).toBeGreaterThan(0);
  });

  // Fault names only; each run builds its own fault instance with the sandbox's keys.
  const names = buildFaults("placeholder").map((f) => [f.operationId, f.name] as const);
  it.concurrent.for(names)("fails naming %s when a server has %s", async ([operationId, name]) => {
    const run = await suiteThrough((keys) => buildFaults(keys.primary!).find((f) => f.name === name));
    expect(run.timedOut, describeRun(run)).toBe(false);
    expect(run.report, describeRun(run)).toBeDefined();
    const failed = failures(run.report!);
    expect(failed.length, `the suite passed despite the fault: ${describeRun(run)}`).toBeGreaterThan(0);
    // Every contract failure message starts with the operation it concerns.
    const naming = failed.filter((f) => f.includes(`${operationId}:`) || f.includes(`${operationId} (`));
    expect(naming.length, `no failure names ${operationId}; failures:\n${failed.join("\n\n").slice(0, 4000)}`).toBeGreaterThan(0);
    console.log(`[fault] ${name}: ${failed.length} check(s) failed, ${naming.length} naming ${operationId}, e.g.\n  ${naming[0]!.split("\n").slice(0, 3).join("\n  ")}`);
  });
});
