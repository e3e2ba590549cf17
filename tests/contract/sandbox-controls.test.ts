// The sandbox's reset (CONTRACT_SANDBOX=1; runs last, see setup/sequencer.ts): afterwards nothing
// of the partner's remains — orgs, lookups by external_id, login links (one minted before answers
// 410), rate-limit counters — and, since the controls act on the calling partner only (the sandbox document:
// they carry its key), another partner's data is untouched.
import { describe, it } from "vitest";
import { call } from "./lib/client.ts";
import { globalRateLimit } from "./lib/document.ts";
import { ContractViolation, expectFact, expectStatus } from "./lib/expect-contract.ts";
import { createOrg, validBody, type CreatedOrg } from "./lib/fixtures.ts";
import { servesLoginPage, visit } from "./lib/login-page.ts";
import { needKey, needRateLimits, needSandbox, skip } from "./lib/requirements.ts";
import { resetSandbox, sendControl } from "./lib/sandbox-controls.ts";

interface OrgList {
  data: { id: string }[];
  total: number;
}

const WHY = "only the sandbox has a reset";

describe("sandbox reset", () => {
  it("forgets the partner's orgs, their external_id lookups, keys' orgs and login links (a link minted before answers 410)", async (ctx) => {
    await needSandbox(ctx, WHY);
    const org = await createOrg();
    const link = expectStatus(await call("createLoginLink", { path: { orgId: org.id }, body: validBody("createLoginLink") }), 201).json as { url: string };
    expectStatus(await call("getOrgByExternalId", { path: { externalId: org.external_id! } }), 200);
    await resetSandbox();
    const list = expectStatus(await call("listOrgs"), 200);
    expectFact(list, "the partner's orgs after a reset", { data: [], total: 0 }, list.json);
    expectStatus(await call("getOrgByExternalId", { path: { externalId: org.external_id! } }), 404);
    expectStatus(await call("createOrgApiKey", { path: { orgId: org.id } }), 403);
    if (!servesLoginPage(link.url)) await skip(ctx, "the server under test does not serve the link page");
    expectStatus(await visit(link.url), 410);
  });

  it("forgets the partner's rate-limit counters", async (ctx) => {
    await needSandbox(ctx, WHY);
    await needRateLimits(ctx);
    let refused = false;
    for (let sent = 0; sent <= globalRateLimit.limit && !refused; sent++) refused = (await call("listOrgs", { expect429: true })).status === 429;
    expectStatus(await call("listOrgs", { expect429: true }), 429);
    await resetSandbox();
    expectStatus(await call("listOrgs", { expect429: true }), 200);
  });

  it("leaves another partner's data untouched (the controls act on the calling partner only)", async (ctx) => {
    await needSandbox(ctx, WHY);
    await needKey(ctx, "other");
    // Harmless probe (moving the clock by 0): per the sandbox document the controls need the partner's key.
    const probe = await sendControl("/_sandbox/clock", null, { advance_seconds: 0 });
    if (probe.status >= 200 && probe.status < 300) {
      throw new ContractViolation(
        `sandbox controls are not authenticated: POST /_sandbox/clock without a key answered ${probe.status} (the sandbox document: the controls act on the ` +
          `partner whose key they carry and answer 401 without one), so a reset cannot be scoped to one partner`,
      );
    }
    const theirs: CreatedOrg = await createOrg("other");
    const before = expectStatus(await call("listOrgs", { auth: "other" }), 200).json as OrgList;
    await resetSandbox();
    const found = expectStatus(await call("getOrgByExternalId", { auth: "other", path: { externalId: theirs.external_id! } }), 200);
    expectFact(found, "another partner's org after this partner's reset", theirs.id, (found.json as CreatedOrg).id);
    const after = expectStatus(await call("listOrgs", { auth: "other" }), 200);
    expectFact(after, "another partner's org count after this partner's reset", before.total, (after.json as OrgList).total);
  });
});
