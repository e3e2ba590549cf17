// Org-scoped operations (every path with {orgId}, from the document) refuse another partner's
// org and an org id that does not exist with the same 403: no cross-partner access, no
// existence oracle.
import { randomUUID } from "node:crypto";
import { describe, it } from "vitest";
import { call } from "./lib/client.ts";
import { decision } from "./lib/decisions.ts";
import { operations } from "./lib/document.ts";
import { expectStatus } from "./lib/expect-contract.ts";
import { createOrg, validBody } from "./lib/fixtures.ts";
import { needKey, needStateful } from "./lib/requirements.ts";

const orgScoped = operations.filter((op) => op.parameters.some((p) => p.in === "path" && p.name === "orgId"));

describe.each(orgScoped.map((op) => [op.operationId, op] as const))("%s", (operationId, op) => {
  const body = () => (op.requestBody ? { body: validBody(operationId) } : {});

  it("answers 403 to another partner's org", async (ctx) => {
    await needStateful(ctx, "who owns an org");
    await needKey(ctx, "other");
    const theirs = await createOrg("other");
    expectStatus(await call(operationId, { path: { orgId: theirs.id }, ...body() }), 403);
  });

  if (op.requestBody) {
    // The documented order: validation (400) comes before ownership (403).
    it(`answers 400, not 403, to an invalid body for another partner's org (${decision("order-of-checks")})`, async (ctx) => {
      await needStateful(ctx, "who owns an org");
      await needKey(ctx, "other");
      const theirs = await createOrg("other");
      expectStatus(await call(operationId, { path: { orgId: theirs.id }, body: { unexpected_field: true } }), 400);
    });
  }

  it(`answers 403 to an org id that does not exist (${decision("unknown-org-is-forbidden")})`, async (ctx) => {
    await needStateful(ctx, "which orgs exist");
    expectStatus(await call(operationId, { path: { orgId: randomUUID() }, ...body() }), 403);
  });
});
