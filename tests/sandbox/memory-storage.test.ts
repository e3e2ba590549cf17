// The memory engine against the storage interface's promises (storage/types/): per-partner
// clocks that never go backwards, admissions that spend all or nothing, quotas, the journal ring,
// single-use links and resets scoped to one partner.
import { describe, expect, it } from "vitest";
import { createMemoryStorage } from "../../packages/sandbox/src/storage/memory/index.ts";
import type { JournalEntry, Quotas, StoredLoginLink, StoredOrg } from "../../packages/sandbox/src/storage/types/index.ts";

const T0 = Date.parse("2030-01-01T00:00:00.000Z");
const ROOMY: Quotas = { orgs: 100, login_links: 100, stored_bytes: 1_000_000 };

function org(partnerId: string, n: number, externalId: string | null = null): StoredOrg {
  return { id: `${partnerId}-org-${n}`, name: `Org ${n}`, widget_token: "0".repeat(32), external_id: externalId, created_at: new Date(T0).toISOString(), partner_id: partnerId };
}

function link(partnerId: string, orgId: string, digest: string, expiresAtMs: number): StoredLoginLink {
  return { token_sha256: digest, org_id: orgId, partner_id: partnerId, email: "a@b.example", name: "a", role_ids: [], expires_at_ms: expiresAtMs };
}

function entry(n: number, status = 200): JournalEntry {
  return { at_ms: T0 + n, request_id: `req_${n}`, method: "GET", path: "/partner/v1/orgs", operation_id: "listOrgs", status, duration_ms: 1, client_ip: null, refused_by: null, message: null };
}

describe("clock", () => {
  it("is per partner, moves forward only, and never goes backwards when the wall clock does", async () => {
    const s = createMemoryStorage();
    expect(await s.advanceClock("a", 60_000)).toBe(60_000);
    expect(await s.partnerNow("a", T0)).toBe(T0 + 60_000);
    expect(await s.partnerNow("b", T0)).toBe(T0);
    expect(await s.partnerNow("a", T0 - 5_000)).toBe(T0 + 60_000); // the wall clock stepped back
    expect(await s.clockOffsetMs("a")).toBe(60_000);
    expect(await s.clockOffsetMs("b")).toBe(0);
  });
});

describe("admit", () => {
  const policies = [
    { name: "partner", limit: 3, windowMs: 10_000 },
    { name: "login-links", limit: 1, windowMs: 60_000 },
  ];

  it("spends one unit of every policy, and nothing at all when one is exhausted", async () => {
    const s = createMemoryStorage();
    expect(await s.admit("a", policies, T0)).toEqual({ admitted: true, nowMs: T0 });
    // login-links is spent: refused, and the partner budget is not touched.
    expect(await s.admit("a", policies, T0 + 1_000)).toEqual({ admitted: false, nowMs: T0 + 1_000, policy: 1, resetMs: T0 + 60_000 });
    expect((await s.rateWindows("a")).find((w) => w.name === "partner")?.used).toBe(1);
    expect((await s.admit("a", policies.slice(0, 1), T0 + 2_000)).admitted).toBe(true);
    expect((await s.admit("a", policies.slice(0, 1), T0 + 3_000)).admitted).toBe(true);
    expect(await s.admit("a", policies.slice(0, 1), T0 + 4_000)).toMatchObject({ admitted: false, policy: 0, resetMs: T0 + 10_000 });
    // Another partner's windows are its own; a new window opens once the old one has passed.
    expect((await s.admit("b", policies, T0 + 4_000)).admitted).toBe(true);
    expect((await s.admit("a", policies.slice(0, 1), T0 + 10_000)).admitted).toBe(true);
  });

  it("follows the partner's clock", async () => {
    const s = createMemoryStorage();
    const one = [{ name: "partner", limit: 1, windowMs: 10_000 }];
    expect((await s.admit("a", one, T0)).admitted).toBe(true);
    expect((await s.admit("a", one, T0)).admitted).toBe(false);
    await s.advanceClock("a", 10_000);
    expect(await s.admit("a", one, T0)).toEqual({ admitted: true, nowMs: T0 + 10_000 });
  });
});

describe("orgs, keys and links", () => {
  it("keeps external_id unique per partner, lists oldest first, and hides other partners' orgs", async () => {
    const s = createMemoryStorage();
    expect(await s.createOrg(org("a", 1, "x"), ROOMY)).toEqual({ created: org("a", 1, "x") });
    expect(await s.createOrg(org("a", 2, "x"), ROOMY)).toEqual({ conflict: true });
    expect("created" in (await s.createOrg(org("b", 3, "x"), ROOMY))).toBe(true);
    await s.createOrg(org("a", 4), ROOMY);
    const page = await s.listOrgs("a", 10, 0);
    expect(page.total).toBe(2);
    expect(page.data.map((o) => o.id)).toEqual(["a-org-1", "a-org-4"]);
    expect((await s.listOrgs("a", 1, 1)).data.map((o) => o.id)).toEqual(["a-org-4"]);
    expect((await s.orgByExternalId("b", "x"))?.id).toBe("b-org-3");
    expect(await s.ownedOrg("a", "b-org-3")).toBeUndefined();
    expect((await s.ownedOrg("b", "b-org-3"))?.id).toBe("b-org-3");
  });

  it("counts quotas: orgs, live links and the stored records' UTF-8 JSON bytes", async () => {
    const s = createMemoryStorage();
    const first = org("a", 1);
    const bytes = Buffer.byteLength(JSON.stringify(first));
    expect(await s.createOrg(first, { ...ROOMY, orgs: 1 })).toEqual({ created: first });
    expect(await s.createOrg(org("a", 2), { ...ROOMY, orgs: 1 })).toEqual({ quota: "orgs" });
    expect(await s.usage("a", T0)).toEqual({ orgs: 1, login_links: 0, stored_bytes: bytes });
    expect(await s.createOrg(org("a", 3), { ...ROOMY, stored_bytes: bytes + 10 })).toEqual({ quota: "stored_bytes" });
    const key = { id: "k", org_id: first.id, partner_id: "a", name: "Ünïcode", key_sha256: "f".repeat(64), created_at: first.created_at };
    expect(await s.addApiKey(key, ROOMY)).toEqual({ added: true });
    expect((await s.usage("a", T0)).stored_bytes).toBe(bytes + Buffer.byteLength(JSON.stringify(key)));

    const links = { ...ROOMY, login_links: 1 };
    expect(await s.addLoginLink(link("a", first.id, "d1", T0 + 1_000), links, T0)).toEqual({ added: true });
    expect(await s.addLoginLink(link("a", first.id, "d2", T0 + 1_000), links, T0)).toEqual({ quota: "login_links" });
    expect(await s.addLoginLink(link("b", "b-org", "d3", T0 + 1_000), links, T0)).toEqual({ added: true }); // b's own count
    // An expired link counts for nothing.
    expect(await s.addLoginLink(link("a", first.id, "d4", T0 + 5_000), links, T0 + 1_000)).toEqual({ added: true });
    expect((await s.usage("a", T0 + 1_000)).login_links).toBe(1);
    expect((await s.openLoginLinks("a", T0 + 1_000)).map((l) => l.token_sha256)).toEqual(["d4"]);
  });

  it("hands a link out once, peeks without consuming, and judges expiry on the owning partner's clock", async () => {
    const s = createMemoryStorage();
    await s.createOrg(org("a", 1), ROOMY);
    await s.addLoginLink(link("a", "a-org-1", "d1", T0 + 1_000), ROOMY, T0);
    await s.addLoginLink(link("a", "a-org-1", "d2", T0 + 1_000), ROOMY, T0);
    expect(await s.peekLoginLink("d1", T0)).toMatchObject({ orgName: "Org 1", link: { token_sha256: "d1" } });
    expect(await s.consumeLoginLink("d1", T0)).toMatchObject({ orgName: "Org 1" });
    expect(await s.consumeLoginLink("d1", T0)).toBeUndefined();
    expect(await s.peekLoginLink("d1", T0)).toBeUndefined();
    await s.advanceClock("a", 1_000);
    expect(await s.peekLoginLink("d2", T0)).toBeUndefined(); // expired exactly at expires_at
    expect(await s.consumeLoginLink("unknown", T0)).toBeUndefined();
  });

  it("sweeps expired links and frees their bytes", async () => {
    const s = createMemoryStorage();
    await s.createOrg(org("a", 1), ROOMY);
    const before = (await s.usage("a", T0)).stored_bytes;
    await s.addLoginLink(link("a", "a-org-1", "d1", T0 + 1_000), ROOMY, T0);
    await s.addLoginLink(link("a", "a-org-1", "d2", T0 + 9_000), ROOMY, T0);
    expect(await s.sweepExpired(T0 + 1_000)).toBe(1);
    expect(await s.sweepExpired(T0 + 1_000)).toBe(0);
    await s.consumeLoginLink("d2", T0 + 1_000);
    expect((await s.usage("a", T0 + 1_000)).stored_bytes).toBe(before);
  });
});

describe("journal", () => {
  it("keeps each partner's newest `keep` entries, newest first, with a `before` cursor and filters", async () => {
    const s = createMemoryStorage();
    for (let n = 1; n <= 7; n++) await s.appendJournal([{ partnerId: "a", entry: entry(n, n % 2 ? 200 : 429) }], 5);
    await s.appendJournal([{ partnerId: "b", entry: entry(100) }], 5);
    const all = await s.readJournal("a", { limit: 10 });
    expect(all.map((e) => e.request_id)).toEqual(["req_7", "req_6", "req_5", "req_4", "req_3"]);
    expect(all.map((e) => e.seq)).toEqual([7, 6, 5, 4, 3]);
    expect((await s.readJournal("a", { limit: 2, before: 6 })).map((e) => e.seq)).toEqual([5, 4]);
    expect((await s.readJournal("a", { limit: 10, status: 429 })).map((e) => e.seq)).toEqual([6, 4]);
    expect((await s.readJournal("a", { limit: 10, operation_id: "createOrg" }))).toEqual([]);
    expect((await s.readJournal("b", { limit: 10 })).map((e) => e.request_id)).toEqual(["req_100"]);
    await s.appendJournal([{ partnerId: "a", entry: entry(8) }], 2); // a smaller `keep` applies at once
    expect((await s.readJournal("a", { limit: 10 })).map((e) => e.seq)).toEqual([8, 7]);
  });
});

describe("resets", () => {
  it("resetPartner forgets one partner's orgs, links, windows, clock and journal; resetAll forgets everything", async () => {
    const s = createMemoryStorage();
    const one = [{ name: "partner", limit: 1, windowMs: 60_000 }];
    for (const p of ["a", "b"]) {
      await s.createOrg(org(p, 1, "x"), ROOMY);
      await s.addLoginLink(link(p, `${p}-org-1`, `${p}-digest`, T0 + 60_000), ROOMY, T0);
      await s.admit(p, one, T0);
      await s.advanceClock(p, 5_000);
      await s.appendJournal([{ partnerId: p, entry: entry(1) }], 10);
    }
    await s.resetPartner("a");
    expect((await s.listOrgs("a", 10, 0)).total).toBe(0);
    expect(await s.ownedOrg("a", "a-org-1")).toBeUndefined();
    expect(await s.consumeLoginLink("a-digest", T0)).toBeUndefined();
    expect(await s.clockOffsetMs("a")).toBe(0);
    expect((await s.admit("a", one, T0)).admitted).toBe(true);
    expect(await s.readJournal("a", { limit: 10 })).toEqual([]);
    expect(await s.createOrg(org("a", 2, "x"), ROOMY)).toMatchObject({ created: { id: "a-org-2" } }); // external_id free again
    // b is untouched.
    expect((await s.listOrgs("b", 10, 0)).total).toBe(1);
    expect(await s.clockOffsetMs("b")).toBe(5_000);
    expect((await s.admit("b", one, T0)).admitted).toBe(false);
    expect(await s.peekLoginLink("b-digest", T0)).toBeDefined();
    await s.resetAll();
    expect((await s.listOrgs("b", 10, 0)).total).toBe(0);
    expect(await s.clockOffsetMs("b")).toBe(0);
    expect(await s.peekLoginLink("b-digest", T0)).toBeUndefined();
  });
});
