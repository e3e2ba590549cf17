// A bounded load run on loopback (autocannon, a fixed number of requests): zero errors, zero
// non-2xx, and afterwards every created org is listed exactly once with a matching total.
import { afterAll, beforeAll, expect, it } from "vitest";
import { runLoad as run } from "../helpers/autocannon.ts";
import { KEYS, startTestSandbox, type TestSandbox } from "./harness.ts";

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox?.close());
const headers = { authorization: `Bearer ${KEYS.unlimited}`, "content-type": "application/json" };

it("serves 4000 createOrg and 4000 listOrgs calls with zero errors, then lists each org once", async () => {
  const created = await run({ url: `${sandbox.url}/partner/v1/orgs`, method: "POST", headers, body: JSON.stringify({ name: "Load" }), amount: 4000 });
  expect({ errors: created.errors, timeouts: created.timeouts, non2xx: created.non2xx, ok: created["2xx"] }).toEqual({ errors: 0, timeouts: 0, non2xx: 0, ok: 4000 });

  const listed = await run({ url: `${sandbox.url}/partner/v1/orgs?limit=20`, headers, amount: 4000 });
  expect({ errors: listed.errors, timeouts: listed.timeouts, non2xx: listed.non2xx, ok: listed["2xx"] }).toEqual({ errors: 0, timeouts: 0, non2xx: 0, ok: 4000 });

  const ids = new Set<string>();
  let total = -1;
  for (let offset = 0; ; offset += 100) {
    const page = await sandbox.api.call("listOrgs", { key: KEYS.unlimited, query: `limit=100&offset=${offset}` });
    total = page.body.total;
    for (const org of page.body.data) ids.add(org.id);
    if (page.body.data.length < 100) break;
  }
  expect(total).toBe(4000);
  expect(ids.size).toBe(4000);
});
