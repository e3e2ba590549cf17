// Per-partner quotas from the config (`quotas: { orgs, login_links, stored_bytes }`): a full quota
// refuses the write with quotaError's 403 naming the quota, stores nothing, and never touches
// another partner; unset quotas take DEFAULT_QUOTAS.
import { afterAll, beforeAll, expect, it } from "vitest";
import { resolveConfig } from "../../packages/sandbox/src/config/config.ts";
import { loadContract } from "../../packages/sandbox/src/contract/contract.ts";
import { DEFAULT_QUOTAS } from "../../packages/sandbox/src/config/quotas.ts";
import { createPartnerClient, PermissionDeniedError, SandboxQuotaExceededError } from "../../packages/client/src/index.ts";
import { KEYS, startTestSandbox, testConfig, type TestSandbox } from "./harness.ts";

const config = testConfig();
config.partners.find((p) => p.id === "a")!.quotas = { orgs: 2, login_links: 1 };
config.partners.find((p) => p.id === "b")!.quotas = { stored_bytes: 600 };
let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox({ config });
});
afterAll(() => sandbox.close());

it("refuses the org past the partner's orgs quota with a message naming it, and creates nothing", async () => {
  const { api } = sandbox;
  await api.createOrg({ name: "One" });
  await api.createOrg({ name: "Two" });
  const third = await api.createOrg({ name: "Three", external_id: "three" });
  expect(third.status).toBe(403);
  expect(third.body.message).toMatch(/^Sandbox quota exceeded: orgs \(2 orgs per partner;/);
  expect(third.body).toMatchObject({ code: "sandbox_quota_exceeded", quota: "orgs" }); // the document's machine-readable reason
  expect((await api.call("listOrgs")).body.total).toBe(2);
  expect((await api.call("getOrgByExternalId", { params: { externalId: "three" } })).status).toBe(404);
  expect((await api.createOrg({ name: "Globex's first" }, KEYS.unlimited)).status).toBe(201); // another partner counts its own
});

it("counts live login links only: an expired one frees its place", async () => {
  const { api } = sandbox;
  const orgId = (await api.call("listOrgs")).body.data[0].id as string;
  expect((await api.call("createLoginLink", { params: { orgId }, body: { email: "a@b.example" } })).status).toBe(201);
  const second = await api.call("createLoginLink", { params: { orgId }, body: { email: "c@d.example" } });
  expect(second.status).toBe(403);
  expect(second.body.message).toMatch(/^Sandbox quota exceeded: login_links/);
  await api.control("clock", { advance_seconds: 16 * 60 });
  expect((await api.call("createLoginLink", { params: { orgId }, body: { email: "e@f.example" } })).status).toBe(201);
});

it("refuses a write that would pass stored_bytes, whatever kind of record it is", async () => {
  const { api } = sandbox;
  const org = await api.createOrg({ name: "Small", ai_instructions: "x".repeat(200) }, KEYS.b);
  expect(org.status).toBe(201);
  const big = await api.createOrg({ name: "Big", ai_instructions: "y".repeat(400) }, KEYS.b);
  expect(big.status).toBe(403);
  expect(big.body.message).toMatch(/^Sandbox quota exceeded: stored_bytes \(600 stored bytes per partner;/);
});

it("fills every unset quota from the defaults, which keep one partner within 64 MB", () => {
  const resolved = resolveConfig(config, loadContract().operations.map((o) => o.operationId));
  expect(resolved.partners.find((p) => p.id === "a")!.quotas).toEqual({ ...DEFAULT_QUOTAS, orgs: 2, login_links: 1 });
  expect(resolved.partners.find((p) => p.id === "inactive")!.quotas).toEqual(DEFAULT_QUOTAS);
  expect(DEFAULT_QUOTAS.stored_bytes).toBeLessThanOrEqual(64 * 1024 * 1024);
  expect(() => resolveConfig({ partners: [{ id: "x", quotas: { orgs: -1 } as never }] }, [])).toThrow(/quotas/);
});

it("reaches the typed client as a SandboxQuotaExceededError naming the quota (still a PermissionDeniedError)", async () => {
  const client = createPartnerClient({ apiKey: KEYS.a, baseUrl: sandbox.url, maxRetries: 0 });
  const error = await client.createOrg({ name: "Over" }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SandboxQuotaExceededError);
  expect(error).toBeInstanceOf(PermissionDeniedError);
  expect((error as SandboxQuotaExceededError).quota).toBe("orgs");
  // An IP refusal stays a plain PermissionDeniedError.
  const blocked = await createPartnerClient({ apiKey: KEYS.blocked, baseUrl: sandbox.url, maxRetries: 0 }).listOrgs().catch((e: unknown) => e);
  expect(blocked).toBeInstanceOf(PermissionDeniedError);
  expect(blocked).not.toBeInstanceOf(SandboxQuotaExceededError);
});
