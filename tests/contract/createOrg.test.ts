// createOrg behaviour: echoes, idempotency by external_id (409, nothing created, the lookup
// finds the first org), external_id scoped per partner, and credentials that fail validation.
import { describe, it } from "vitest";
import { call } from "./lib/client.ts";
import { decision } from "./lib/decisions.ts";
import { bundle, type JsonObject } from "./lib/document.ts";
import { expectFact, expectStatus } from "./lib/expect-contract.ts";
import { validBody, type CreatedOrg } from "./lib/fixtures.ts";
import { needKey, needSandbox, needStateful } from "./lib/requirements.ts";
import { uniqueExternalId } from "./lib/target.ts";

// Enough to race (at least 10 at once), few enough to stay inside any rate limit.
const PARALLEL_CREATES = 10;

describe("createOrg", () => {
  it("echoes name and external_id of the new org", async (ctx) => {
    await needStateful(ctx, "an echo of the request");
    const body = validBody("createOrg");
    const res = expectStatus(await call("createOrg", { body }), 201);
    const org = res.json as CreatedOrg;
    expectFact(res, "name", body.name, org.name);
    expectFact(res, "external_id", body.external_id, org.external_id);
  });

  it(`answers external_id null when none was given (${decision("external-id-null")})`, async (ctx) => {
    // Hygiene: on a live server every org this suite creates carries the run prefix.
    await needSandbox(ctx, "an org without external_id would be left on a live server without the run prefix");
    const { external_id: _, ...body } = validBody("createOrg");
    const res = expectStatus(await call("createOrg", { body }), 201);
    expectFact(res, "external_id", null, (res.json as CreatedOrg).external_id);
  });

  it(`answers 409 to a duplicate external_id, creates nothing, and the lookup finds the first org (${decision("refusal-changes-nothing")})`, async (ctx) => {
    await needStateful(ctx, "a duplicate");
    const body = validBody("createOrg");
    const first = expectStatus(await call("createOrg", { body }), 201).json as CreatedOrg;
    const dup = await call("createOrg", { body: { ...body, name: `${String(body.name)} (again)` } });
    expectStatus(dup, 409);
    const lookup = expectStatus(await call("getOrgByExternalId", { path: { externalId: String(body.external_id) } }), 200);
    expectFact(lookup, "id of the org found after the 409", first.id, (lookup.json as CreatedOrg).id);
    expectFact(lookup, "name of the org found after the 409", first.name, (lookup.json as CreatedOrg).name);
  });

  it("creates exactly one org when the same external_id is sent in parallel (one 201, the rest 409)", async (ctx) => {
    await needStateful(ctx, "concurrent creates");
    const body = validBody("createOrg");
    const answers = await Promise.all(Array.from({ length: PARALLEL_CREATES }, () => call("createOrg", { body })));
    for (const res of answers) expectStatus(res, 201, 409);
    const statuses = answers.map((r) => r.status).sort();
    expectFact(answers[0]!, "statuses of parallel creates", [201, ...Array<number>(PARALLEL_CREATES - 1).fill(409)], statuses);
  });

  it("lets two partners use the same external_id (two orgs, each finds its own)", async (ctx) => {
    await needStateful(ctx, "per-partner uniqueness");
    await needKey(ctx, "other");
    const externalId = uniqueExternalId("shared");
    const mine = expectStatus(await call("createOrg", { body: validBody("createOrg", { external_id: externalId }) }), 201).json as CreatedOrg;
    const res = expectStatus(await call("createOrg", { auth: "other", body: validBody("createOrg", { external_id: externalId }) }), 201);
    const theirs = res.json as CreatedOrg;
    expectFact(res, "a different org id for the second partner", true, mine.id !== theirs.id);
    for (const [auth, org] of [["primary", mine], ["other", theirs]] as const) {
      const found = expectStatus(await call("getOrgByExternalId", { auth, path: { externalId } }), 200);
      expectFact(found, `id found by the ${auth} partner`, org.id, (found.json as CreatedOrg).id);
    }
  });

  it(`answers 400 to integration credentials that fail validation, and creates nothing (${decision("refusal-changes-nothing")})`, async (ctx) => {
    await needSandbox(ctx, "only the sandbox has a rule for failing integration credentials");
    // The sandbox's rule, read from the document: an app_key with this prefix fails validation.
    const schemas = (bundle.components as JsonObject).schemas as JsonObject;
    const prefix = String((schemas.FareHarborConnection as JsonObject)["x-sandbox-invalid-app-key-prefix"]);
    const body = validBody("createOrg", { integrations: { fareharbor: { app_key: `${prefix}-key`, user_key: "user-key" } } });
    expectStatus(await call("createOrg", { body }), 400);
    expectStatus(await call("getOrgByExternalId", { path: { externalId: String(body.external_id) } }), 404);
  });
});
