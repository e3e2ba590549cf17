// Proof that the contract suite has teeth: the sandbox behind a proxy that breaks one documented
// rule at a time. For every fault the suite must fail and name the affected operation; through a
// transparent proxy it must pass (so the failures are the faults'). And proof that it raises no
// false alarm: through the reference view — every success answer cut to exactly the fields the
// reference documents — it must pass too.
//
// Cheap by construction: SLOTS sandboxes and proxies are started once for the whole file; each run
// takes a free slot, switches that slot's proxy to its fault and uses its own set of partners
// (own orgs, own rate budgets), so runs never see each other's state; the slots run in parallel
// (one per core). Only the suite itself runs per fault, in a child process that stays up between
// runs (run-suite.ts). A fault's run needs only the suite's files that catch it (CAUGHT_IN); the
// transparent run is the whole suite.
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KeyName } from "../contract/lib/env.ts";
import { startLocalSandbox, type LocalSandbox } from "../contract/setup/local-sandbox.ts";
import { buildFaults, REFERENCE_VIEW } from "./faults.ts";
import { startFaultyProxy, type Fault, type FaultyProxy } from "./faulty-proxy.ts";
import { closeSuiteHosts, failures, runContractSuite, type SuiteRun } from "./run-suite.ts";

const RUN_TIMEOUT_MS = 120_000;
/** Two cores: one suite run per core. */
const SLOTS = 2;

/**
 * The files of the suite a fault's run takes: those whose checks catch it (fail naming its
 * operation, as measured on the whole suite), and any file whose traffic the fault's emulation
 * needs to see first. That is a small part of the suite, and it still shows the suite failing:
 * the files run as they run in the whole suite (in its order, on partners of their own). A fault
 * missing here runs the whole suite, so a new fault is proven without an entry (an entry only
 * makes it cheap); an entry that stops catching its fault fails that fault's check.
 */
const contract = (...names: string[]) => names.map((name) => `tests/contract/${name}.test.ts`);
const CAUGHT_IN: Record<string, string[]> = {
  "wrong status (200 instead of 201)": contract("createOrg"),
  "missing required field (total)": contract("listOrgs"),
  "mistyped field (created_at as a number)": contract("getOrgByExternalId"),
  "no 409 on a duplicate external_id": contract("createOrg"),
  "ownership not enforced": contract("ownership"),
  "auth not enforced (any key works)": contract("auth"),
  "a login link works twice": contract("createLoginLink"),
  "a short login-link token (128 bits)": contract("createLoginLink"),
  "no rate limit on login links": contract("rate-limits"),
  "a non-JSON error body": contract("createOrg"),
  "429 without Retry-After": contract("rate-limits"),
  "the client IP from the left-most X-Forwarded-For entry (spoofable)": contract("client-ip"),
  "a login link used by every one of several simultaneous visits (check-then-act race)": contract("createLoginLink"),
  "listOrgs ignores the documented default page size (20 when limit is absent)": contract("defaults"),
  "simultaneous creates with one external_id all succeed (check-then-act race)": contract("createOrg"),
  "createOrg ignores the documented default language (de when absent)": contract("defaults"),
  "createOrgApiKey ignores the documented default key name": contract("defaults"),
  "createOrg answers a property the document does not declare (language)": contract("declared-properties"),
  "validation before auth (400 before 401)": contract("order-of-checks"),
  "validation before the IP allow list (400 before 403)": contract("order-of-checks"),
  "uniqueness before validation (409 before 400)": contract("order-of-checks"),
  "a reset that keeps the rate-limit counters": contract("sandbox-controls"),
  "a reset that keeps the external_id index (a stale lookup cache)": contract("sandbox-controls"),
  // The fault replays a login page it saw served: the link checks visit pages first.
  "a reset that keeps login links": contract("createLoginLink", "sandbox-controls"),
  "listOrgs ignores the documented default offset (1 when absent)": contract("defaults"),
  "ownership before validation (403 before 400)": contract("order-of-checks"),
  "existence before auth (an unknown external_id answers 404 without a key)": contract("order-of-checks"),
  "validation before the rate limit (400 before 429)": contract("rate-limits"),
  "a reset that forgets nothing": contract("sandbox-controls"),
  "a reset that forgets every partner's data": contract("sandbox-controls"),
};

const PLACEHOLDER_KEYS: Record<KeyName, string> = { primary: "", other: "", revoked: "", inactive: "", blocked: "" };
const names = buildFaults(PLACEHOLDER_KEYS).map((f) => [f.operationId, f.name] as const);
// Every run (the transparent one, the reference view and one per fault) gets its own partners on
// its slot's sandbox. Runs go to whichever slot is free, so one slot may take more than its share:
// give each enough for all.
const RUNS_PER_SLOT = names.length + 2;

interface Slot {
  sandbox: LocalSandbox;
  proxy: FaultyProxy;
  unusedKeySets: Record<KeyName, string>[];
}

const free: Slot[] = [];
const waiting: ((slot: Slot) => void)[] = [];
const acquire = () => new Promise<Slot>((resolve) => (free.length ? resolve(free.pop()!) : waiting.push(resolve)));
const release = (slot: Slot) => (waiting.length ? waiting.shift()!(slot) : free.push(slot));
const all: Slot[] = [];

/**
 * Checks the suite reports as failing on the sandbox itself, which no fault explains: known gaps
 * of the server, probed live so the list empties itself once they are fixed.
 */
let knownGaps: string[] = [];

beforeAll(async () => {
  for (let i = 0; i < SLOTS; i++) {
    const sandbox = await startLocalSandbox(RUNS_PER_SLOT);
    const proxy = await startFaultyProxy(sandbox.url);
    const slot = { sandbox, proxy, unusedKeySets: [...sandbox.keySets] };
    all.push(slot);
    free.push(slot);
  }
  // The sandbox document: the controls need the partner's key. Until the sandbox has per-partner
  // controls, the suite's "another partner untouched" check fails on it, with or without a fault.
  const probe = await fetch(`${all[0]!.sandbox.url}/_sandbox/clock`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"advance_seconds":0}' });
  if (probe.ok) knownGaps = ["leaves another partner's data untouched"];
});

afterAll(async () => {
  await closeSuiteHosts();
  for (const { proxy, sandbox } of all) {
    await proxy.close();
    await sandbox.close();
  }
});

/** The suite against a slot's sandbox behind its proxy, switched to the given fault. */
async function suiteThrough(pick: (keys: Record<KeyName, string>) => Fault | undefined, files?: string[]): Promise<SuiteRun> {
  const slot = await acquire();
  const keys = slot.unusedKeySets.shift();
  try {
    if (!keys) throw new Error("a slot ran out of partner sets: RUNS_PER_SLOT is too small");
    slot.proxy.setFault(pick(keys));
    return await runContractSuite(
      {
        CONTRACT_BASE_URL: slot.proxy.url,
        CONTRACT_API_KEY: keys.primary,
        CONTRACT_OTHER_API_KEY: keys.other,
        CONTRACT_REVOKED_API_KEY: keys.revoked,
        CONTRACT_INACTIVE_API_KEY: keys.inactive,
        CONTRACT_BLOCKED_API_KEY: keys.blocked,
        CONTRACT_ALLOWED_IP: slot.sandbox.allowedIp,
        CONTRACT_SANDBOX: "1",
        CONTRACT_RATE_LIMITS: "1",
      },
      RUN_TIMEOUT_MS,
      files,
    );
  } finally {
    slot.proxy.setFault(undefined);
    release(slot);
  }
}

const describeRun = (run: SuiteRun) =>
  run.timedOut ? `timed out after ${RUN_TIMEOUT_MS} ms` : run.report ? `${run.report.numFailedTests} failed, ${run.report.numPassedTests} passed` : `no report (${run.exitCode === null ? "the suite could not run" : `exit ${run.exitCode}`}):\n${run.output.slice(-2000)}`;

/** Failures other than the known gaps of the sandbox itself. */
const unexplained = (run: SuiteRun) => failures(run.report!).filter((f) => !knownGaps.some((gap) => f.split("\n")[0]!.includes(gap)));

describe("fault injection", () => {
  it.concurrent("passes through a transparent proxy", async () => {
    const run = await suiteThrough(() => undefined);
    expect(run.report, describeRun(run)).toBeDefined();
    if (knownGaps.length) console.log(`[fault] known gaps of the sandbox, failing without a fault: ${knownGaps.join("; ")}`);
    expect(unexplained(run), describeRun(run)).toEqual([]);
    expect(run.report!.errors, describeRun(run)).toEqual([]);
    expect(run.report!.numPassedTests).toBeGreaterThan(0);
  });

  it.concurrent("passes against a server that answers exactly the reference's fields (the reference view): no false alarms", async () => {
    const run = await suiteThrough(() => REFERENCE_VIEW);
    expect(run.report, describeRun(run)).toBeDefined();
    expect(unexplained(run), describeRun(run)).toEqual([]);
    expect(run.report!.numPassedTests).toBeGreaterThan(0);
  });

  it("lists only faults that exist, under files of the suite", () => {
    expect(Object.keys(CAUGHT_IN).filter((fault) => !names.some(([, name]) => name === fault))).toEqual([]);
    expect(Object.values(CAUGHT_IN).flat().filter((file) => !existsSync(new URL(`../../${file}`, import.meta.url)))).toEqual([]);
  });

  it.concurrent.for(names)("fails naming %s when a server has %s", async ([operationId, name], ctx) => {
    const fault = buildFaults(PLACEHOLDER_KEYS).find((f) => f.name === name)!;
    if (fault.needsPerPartnerControls && knownGaps.length) {
      // Skipped by name, never silently: the check that catches it fails on this sandbox already.
      const reason = "the sandbox's controls are not per partner yet (the sandbox document says they are), so its reset already forgets every partner";
      await ctx.annotate(reason, "skipped");
      ctx.skip(reason);
    }
    const run = await suiteThrough((keys) => buildFaults(keys).find((f) => f.name === name), CAUGHT_IN[name]);
    expect(run.timedOut, describeRun(run)).toBe(false);
    expect(run.report, describeRun(run)).toBeDefined();
    const failed = unexplained(run);
    expect(failed.length, `the suite passed despite the fault: ${describeRun(run)}`).toBeGreaterThan(0);
    // Every contract failure message starts with the operation it concerns.
    const naming = failed.filter((f) => f.includes(`${operationId}:`) || f.includes(`${operationId} (`));
    expect(naming.length, `no failure names ${operationId}; failures:\n${failed.join("\n\n").slice(0, 4000)}`).toBeGreaterThan(0);
    console.log(`[fault] ${name}: ${failed.length} check(s) failed, ${naming.length} naming ${operationId}, e.g.\n  ${naming[0]!.split("\n").slice(0, 3).join("\n  ")}`);
  });
});
