// getOrgByExternalId behaviour: finds the caller's own org (also with reserved characters in
// the id), 404 for an unknown id and for another partner's org.
import { describe, it } from "vitest";
import { call } from "./lib/client.ts";
import { expectFact, expectStatus } from "./lib/expect-contract.ts";
import { createOrg } from "./lib/fixtures.ts";
import { needKey, needStateful } from "./lib/requirements.ts";
import { uniqueExternalId } from "./lib/target.ts";

describe("getOrgByExternalId", () => {
  it("finds the org created with that external_id", async (ctx) => {
    await needStateful(ctx, "a created org");
    const org = await createOrg();
    const res = expectStatus(await call("getOrgByExternalId", { path: { externalId: org.external_id! } }), 200);
    expectFact(res, "org", { id: org.id, name: org.name, external_id: org.external_id }, pick(res.json));
  });

  it("finds an external_id with reserved characters, URL-encoded", async (ctx) => {
    await needStateful(ctx, "a created org");
    const org = await createOrg("primary", { external_id: `${uniqueExternalId("reserved")}/a b?c#d%e` });
    const res = expectStatus(await call("getOrgByExternalId", { path: { externalId: org.external_id! } }), 200);
    expectFact(res, "id", org.id, (res.json as { id: string }).id);
  });

  it("answers 404 to an external_id no org has", async (ctx) => {
    await needStateful(ctx, "which orgs exist");
    expectStatus(await call("getOrgByExternalId", { path: { externalId: uniqueExternalId("never-created") } }), 404);
  });

  it("answers 404 to another partner's external_id", async (ctx) => {
    await needStateful(ctx, "which orgs exist");
    await needKey(ctx, "other");
    const theirs = await createOrg("other");
    expectStatus(await call("getOrgByExternalId", { path: { externalId: theirs.external_id! } }), 404);
  });
});

const pick = (json: unknown) => {
  const { id, name, external_id } = json as Record<string, unknown>;
  return { id, name, external_id };
};
