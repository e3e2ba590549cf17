// A full quota refuses the write with the one answer errors.ts quotaError() picks, and stores
// nothing. The default quotas are generous, so a wrapper hands the engine tiny ones.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createMemoryStorage } from "../../mock/sandbox/storage/memory.ts";
import type { Quotas, SandboxStorage } from "../../mock/sandbox/storage/types.ts";
import { KEYS, startTestSandbox, type TestSandbox } from "./harness.ts";

const TINY: Quotas = { orgs: 2, login_links: 1, stored_bytes: 1_000_000 };
const inner = createMemoryStorage();
const storage: SandboxStorage = {
  ...inner,
  engine: inner.engine,
  createOrg: (org) => inner.createOrg(org, TINY),
  addLoginLink: (link, _quotas, nowMs) => inner.addLoginLink(link, TINY, nowMs),
};
let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox({ storage });
});
afterAll(() => sandbox.close());

it("answers 403 naming the quota, per partner, and creates nothing", async () => {
  const orgId = (await sandbox.api.createOrg({ name: "One" })).body.id as string;
  await sandbox.api.createOrg({ name: "Two" });
  const third = await sandbox.api.createOrg({ name: "Three", external_id: "three" });
  expect(third.status).toBe(403);
  expect(third.body.message).toBe("Sandbox quota exceeded: orgs");
  expect((await sandbox.api.call("listOrgs")).body.total).toBe(2);
  expect((await sandbox.api.call("getOrgByExternalId", { params: { externalId: "three" } })).status).toBe(404);
  expect((await sandbox.api.createOrg({ name: "B's first" }, KEYS.b)).status).toBe(201); // b counts its own

  expect((await sandbox.api.call("createLoginLink", { params: { orgId }, body: { email: "a@b.example" } })).status).toBe(201);
  const second = await sandbox.api.call("createLoginLink", { params: { orgId }, body: { email: "c@d.example" } });
  expect(second.status).toBe(403);
  expect(second.body.message).toBe("Sandbox quota exceeded: login_links");
});
