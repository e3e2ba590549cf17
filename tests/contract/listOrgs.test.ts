// listOrgs behaviour: a full pagination walk sees every org exactly once, oldest first, with
// `total` right and the same order on a second walk; paging past the end is an empty page.
import { describe, it } from "vitest";
import { call, type Exchange } from "./lib/client.ts";
import { decision } from "./lib/decisions.ts";
import { operation } from "./lib/document.ts";
import { expectFact, expectStatus, expectThat } from "./lib/expect-contract.ts";
import { createOrg } from "./lib/fixtures.ts";
import { needStateful } from "./lib/requirements.ts";

interface Org {
  id: string;
  created_at: string;
}
interface OrgList {
  data: Org[];
  total: number;
}

const maxLimit = Number(operation("listOrgs").parameters.find((p) => p.name === "limit")!.schema.maximum);

async function walk(limit: number): Promise<{ ids: string[]; orgs: Org[]; totals: number[]; last: Exchange }> {
  const orgs: Org[] = [];
  const totals: number[] = [];
  for (let offset = 0; ; offset += limit) {
    const res = expectStatus(await call("listOrgs", { query: { limit, offset } }), 200);
    const page = res.json as OrgList;
    expectThat(res, `at most limit=${limit} orgs on a page`, page.data.length <= limit, page.data.length);
    orgs.push(...page.data);
    totals.push(page.total);
    if (page.data.length < limit || offset + limit >= page.total) return { ids: orgs.map((o) => o.id), orgs, totals, last: res };
  }
}

describe("listOrgs", () => {
  it(`walks every org exactly once, oldest first, with total right and a stable order (${decision("org-list-order")})`, async (ctx) => {
    await needStateful(ctx, "the orgs it holds");
    const created = [await createOrg(), await createOrg(), await createOrg()];
    const first = expectStatus(await call("listOrgs", { query: { limit: 1 } }), 200);
    const total = (first.json as OrgList).total;
    // Several pages even on a nearly empty server, few on a busy one.
    const limit = Math.min(maxLimit, Math.max(1, Math.ceil(total / 4)));
    const a = await walk(limit);
    expectFact(a.last, "total on every page", a.totals.map(() => total), a.totals);
    expectFact(a.last, "orgs walked = total", total, a.ids.length);
    expectFact(a.last, "duplicate ids in the walk", [], a.ids.filter((id, i) => a.ids.indexOf(id) !== i));
    const positions = created.map((o) => a.ids.indexOf(o.id));
    expectThat(a.last, "every org this run created appears, in creation order", positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1]!)), positions);
    const unordered = a.orgs.findIndex((o, i) => i > 0 && o.created_at < a.orgs[i - 1]!.created_at);
    expectThat(a.last, "created_at never decreases (oldest first)", unordered < 0, a.orgs[unordered]);
    const b = await walk(limit);
    expectFact(b.last, "the same order on a second walk", a.ids, b.ids);
  });

  it(`answers an empty page past the end, with total unchanged (${decision("org-list-order")})`, async (ctx) => {
    await needStateful(ctx, "the orgs it holds");
    await createOrg();
    const first = expectStatus(await call("listOrgs", { query: { limit: 1 } }), 200);
    const total = (first.json as OrgList).total;
    const past = expectStatus(await call("listOrgs", { query: { offset: total } }), 200);
    expectFact(past, "page past the end", { data: [], total }, past.json);
  });
});
