// Racing requests: nothing lost, nothing doubled.
import { expect, it } from "vitest";
import { KEYS, sandboxPerFile } from "./harness.ts";

const sandbox = sandboxPerFile();
const key = KEYS.unlimited;

it("50 parallel creates with one external_id: exactly one 201 and 49 × 409, one org afterwards", async () => {
  const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => sandbox.api.createOrg({ name: `Racer ${i}`, external_id: "race" }, key)));
  const statuses = answers.map((a) => a.status).sort();
  expect(statuses.filter((s) => s === 201)).toHaveLength(1);
  expect(statuses.filter((s) => s === 409)).toHaveLength(49);
  const list = await sandbox.api.call("listOrgs", { key });
  expect(list.body.total).toBe(1);
  const winner = answers.find((a) => a.status === 201)!;
  expect((await sandbox.api.call("getOrgByExternalId", { key, params: { externalId: "race" } })).body.id).toBe(winner.body.id);
});

it("the same external_id racing under two partners: one org each", async () => {
  const answers = await Promise.all(
    Array.from({ length: 20 }, (_, i) => sandbox.api.createOrg({ name: `R${i}`, external_id: "both" }, i % 2 ? key : KEYS.b)),
  );
  expect(answers.filter((a) => a.status === 201)).toHaveLength(2);
  expect(answers.filter((a) => a.status === 409)).toHaveLength(18);
});

it("20 parallel visits of one login link: exactly one 200, the rest 410", async () => {
  const org = await sandbox.api.createOrg({ name: "Visited" }, key);
  const link = await sandbox.api.call("createLoginLink", { key, params: { orgId: org.body.id }, body: { email: "v@acme.example" } });
  const visits = await Promise.all(Array.from({ length: 20 }, () => fetch(link.body.url).then((r) => r.status)));
  expect(visits.filter((s) => s === 200)).toHaveLength(1);
  expect(visits.filter((s) => s === 410)).toHaveLength(19);
});

it("many parallel creates with distinct ids: every 201 is listed once, total matches, a full walk sees each once", async () => {
  const answers = await Promise.all(Array.from({ length: 120 }, (_, i) => sandbox.api.createOrg({ name: `Org ${i}`, external_id: `p-${i}` }, key)));
  expect(answers.every((a) => a.status === 201)).toBe(true);
  const seen: string[] = [];
  for (let offset = 0; ; offset += 25) {
    const page = await sandbox.api.call("listOrgs", { key, query: `limit=25&offset=${offset}` });
    expect(page.body.total).toBe(120);
    seen.push(...page.body.data.map((o: { id: string }) => o.id));
    if (page.body.data.length < 25) break;
  }
  expect(seen).toHaveLength(120);
  expect(new Set(seen)).toEqual(new Set(answers.map((a) => a.body.id)));
});
