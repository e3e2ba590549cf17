// One behaviour suite for every storage engine (memory, sqlite, postgres): what
// packages/sandbox/src/storage/types/ promises, checked through the interface alone.
import { afterAll, beforeAll, describe, expect, it, type TestContext } from "vitest";
import type { JournalEntry, Quotas, RatePolicy, SandboxStorage, StoredApiKey, StoredLoginLink, StoredOrg } from "../../packages/sandbox/src/storage/types/index.ts";
import { ENGINES, type OpenedEngine } from "./engines.ts";

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const ROOMY: Quotas = { orgs: 1000, login_links: 1000, stored_bytes: 10_000_000 };
const bytesOf = (record: object): number => Buffer.byteLength(JSON.stringify(record));

function makeOrg(s: SandboxStorage, partner: string, externalId: string | null, ms = T0, extra: Partial<StoredOrg> = {}): StoredOrg {
  return {
    id: s.newOrgId(ms),
    partner_id: partner,
    name: `Org ${externalId ?? "none"}`,
    widget_token: "0123456789abcdef0123456789abcdef",
    external_id: externalId,
    created_at: new Date(ms).toISOString(),
    ...extra,
  };
}

function makeLink(org: StoredOrg, token: string, expiresAtMs: number): StoredLoginLink {
  return { token_sha256: token, org_id: org.id, partner_id: org.partner_id, email: "user@example.com", name: "User", role_ids: [], expires_at_ms: expiresAtMs };
}

function makeKey(org: StoredOrg, id: string): StoredApiKey {
  return { id, org_id: org.id, partner_id: org.partner_id, name: "Default", key_sha256: "ab".repeat(32), created_at: org.created_at };
}

function entry(i: number, status = 200, operationId: string | null = "listOrgs"): JournalEntry {
  return {
    at_ms: T0 + i,
    request_id: `req-${i}`,
    method: "GET",
    path: "/partner/v1/orgs",
    operation_id: operationId,
    status,
    duration_ms: 1,
    client_ip: "127.0.0.1",
    refused_by: status >= 400 ? "validation" : null,
    message: null,
  };
}

const PARTNER: RatePolicy = { name: "partner", limit: 3, windowMs: 60_000 };
const LINKS: RatePolicy = { name: "login-links", limit: 2, windowMs: 60_000 };

describe.each(ENGINES)("storage conformance: $name", (engine) => {
  let opened: OpenedEngine | undefined;
  beforeAll(async () => {
    if (await engine.available()) opened = await engine.open();
  }, 60_000);
  afterAll(async () => {
    await opened?.cleanup();
  });

  /** A test on a storage emptied by resetAll (the engine is opened once per file). */
  const check = (title: string, body: (s: SandboxStorage, ctx: TestContext) => Promise<void>): void => {
    it(title, async (ctx) => {
      await engine.need(ctx);
      const s = opened!.storage;
      await s.resetAll();
      await body(s, ctx);
    });
  };

  check("engine names itself and answers ping", async (s) => {
    expect(s.engine).toBe(engine.name);
    await expect(s.ping()).resolves.toBeUndefined();
  });

  check("newOrgId is time-ordered", async (s) => {
    const ids = [s.newOrgId(T0), s.newOrgId(T0), s.newOrgId(T0 + 1), s.newOrgId(T0 + 1000)];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(4);
  });

  check("createOrg stores an org; the same external_id again is a conflict; null external_ids never conflict", async (s) => {
    const org = makeOrg(s, "p1", "ext-1", T0, { website: "https://example.com", language: "pt-BR", ai_instructions: "é ✓", integrations: { fareharbor: ["main"] } });
    expect(await s.createOrg(org, ROOMY)).toEqual({ created: org });
    expect(await s.createOrg(makeOrg(s, "p1", "ext-1"), ROOMY)).toEqual({ conflict: true });
    expect(await s.createOrg(makeOrg(s, "p1", null), ROOMY)).toHaveProperty("created");
    expect(await s.createOrg(makeOrg(s, "p1", null), ROOMY)).toHaveProperty("created");
    expect(await s.orgByExternalId("p1", "ext-1")).toEqual(org);
    expect(await s.ownedOrg("p1", org.id)).toEqual(org);
    expect((await s.listOrgs("p1", 10, 0)).total).toBe(3);
  });

  check("partner isolation: one external_id under two partners is two orgs; nobody sees another's org", async (s) => {
    const a = makeOrg(s, "pa", "shared");
    const b = makeOrg(s, "pb", "shared");
    expect(await s.createOrg(a, ROOMY)).toEqual({ created: a });
    expect(await s.createOrg(b, ROOMY)).toEqual({ created: b });
    expect(await s.orgByExternalId("pa", "shared")).toEqual(a);
    expect(await s.orgByExternalId("pb", "shared")).toEqual(b);
    expect(await s.ownedOrg("pb", a.id)).toBeUndefined();
    expect(await s.ownedOrg("pa", "00000000-0000-7000-8000-000000000000")).toBeUndefined();
    expect(await s.listOrgs("pa", 10, 0)).toEqual({ data: [a], total: 1 });
    expect(await s.listOrgs("pc", 10, 0)).toEqual({ data: [], total: 0 });
  });

  check("listOrgs: oldest first, offset paging, total counts all the partner's orgs", async (s) => {
    const orgs = [makeOrg(s, "p1", "a", T0), makeOrg(s, "p1", "b", T0 + 1000), makeOrg(s, "p1", "c", T0 + 1000), makeOrg(s, "p1", "d", T0 + 5000)];
    for (const org of orgs) await s.createOrg(org, ROOMY);
    await s.createOrg(makeOrg(s, "p2", "other"), ROOMY);
    expect(await s.listOrgs("p1", 100, 0)).toEqual({ data: orgs, total: 4 });
    expect(await s.listOrgs("p1", 2, 1)).toEqual({ data: orgs.slice(1, 3), total: 4 });
    expect(await s.listOrgs("p1", 2, 4)).toEqual({ data: [], total: 4 });
  });

  // Several instances on one database create with their own clocks, so rows can arrive out of
  // (created_at, id) order; the SQL engines sort. (The memory engine is one process whose clock
  // never goes backwards: its insertion order is that order.)
  if (engine.name !== "memory") {
    check("listOrgs orders by (created_at, id) whatever the order the rows arrived in", async (s) => {
      const later = makeOrg(s, "p1", "later", T0 + 5000);
      const early = makeOrg(s, "p1", "early", T0);
      const sameA = makeOrg(s, "p1", "same-a", T0 + 1000);
      const sameB = makeOrg(s, "p1", "same-b", T0 + 1000);
      for (const org of [later, sameB, early, sameA]) await s.createOrg(org, ROOMY);
      expect((await s.listOrgs("p1", 100, 0)).data).toEqual([early, sameA, sameB, later]);
      expect(await s.listOrgs("p1", 2, 1)).toEqual({ data: [sameA, sameB], total: 4 });
    });
  }

  check("quota orgs: a create beyond it is refused and stores nothing; a conflict is still a conflict", async (s) => {
    const quotas = { ...ROOMY, orgs: 2 };
    await s.createOrg(makeOrg(s, "p1", "a"), quotas);
    await s.createOrg(makeOrg(s, "p1", "b"), quotas);
    expect(await s.createOrg(makeOrg(s, "p1", "c"), quotas)).toEqual({ quota: "orgs" });
    expect(await s.createOrg(makeOrg(s, "p1", "a"), quotas)).toEqual({ conflict: true });
    expect(await s.orgByExternalId("p1", "c")).toBeUndefined();
    expect((await s.listOrgs("p1", 10, 0)).total).toBe(2);
    expect(await s.createOrg(makeOrg(s, "p2", "c"), quotas)).toHaveProperty("created"); // per partner
  });

  check("apiKeysOfOrgs: the partner's keys of the given orgs only, oldest first by (created_at, id), as stored", async (s) => {
    const [a, b, c] = [makeOrg(s, "p1", "a"), makeOrg(s, "p1", "b"), makeOrg(s, "p1", "c")];
    const theirs = makeOrg(s, "p2", "a");
    for (const org of [a, b, c, theirs]) await s.createOrg(org, ROOMY);
    const at = (org: StoredOrg, id: string, ms: number, name = "Default"): StoredApiKey => ({ ...makeKey(org, id), name, created_at: new Date(ms).toISOString() });
    const later = at(a, "33333333-3333-4333-8333-333333333333", T0 + 2000, "Production");
    const sameB = at(b, "22222222-2222-4222-8222-222222222222", T0 + 1000);
    const sameA = at(a, "11111111-1111-4111-8111-111111111111", T0 + 1000, "Ünïcödé ✓");
    const ofC = at(c, "44444444-4444-4444-8444-444444444444", T0);
    // Arriving out of order, as from several instances: the engine orders them.
    for (const key of [later, sameB, sameA, ofC, at(theirs, "55555555-5555-4555-8555-555555555555", T0)]) await s.addApiKey(key, ROOMY);
    expect(await s.apiKeysOfOrgs("p1", [a.id, b.id])).toEqual([sameA, sameB, later]);
    expect(await s.apiKeysOfOrgs("p1", [c.id])).toEqual([ofC]);
    // Another partner's org id finds nothing; no ids, nothing.
    expect(await s.apiKeysOfOrgs("p1", [theirs.id])).toEqual([]);
    expect(await s.apiKeysOfOrgs("p1", [])).toEqual([]);
    await s.resetPartner("p1");
    expect(await s.apiKeysOfOrgs("p1", [a.id, b.id, c.id])).toEqual([]);
  });

  check("quota stored_bytes: the UTF-8 JSON length of orgs, keys and links; beyond it nothing is stored", async (s) => {
    const org = makeOrg(s, "p1", "a", T0, { name: "Ünïcödé ✓" });
    const key = makeKey(org, "11111111-1111-4111-8111-111111111111");
    const link = makeLink(org, "t".repeat(64), T0 + 60_000);
    const total = bytesOf(org) + bytesOf(key) + bytesOf(link);
    const exact = { ...ROOMY, stored_bytes: total };
    expect(await s.createOrg(org, exact)).toHaveProperty("created");
    expect(await s.addApiKey(key, exact)).toEqual({ added: true });
    expect(await s.addLoginLink(link, exact, T0)).toEqual({ added: true });
    expect(await s.usage("p1", T0)).toEqual({ orgs: 1, login_links: 1, stored_bytes: total });
    expect(await s.addApiKey(makeKey(org, "22222222-2222-4222-8222-222222222222"), exact)).toEqual({ quota: "stored_bytes" });
    expect(await s.addLoginLink(makeLink(org, "u".repeat(64), T0 + 60_000), exact, T0)).toEqual({ quota: "stored_bytes" });
    expect(await s.createOrg(makeOrg(s, "p1", "b"), exact)).toEqual({ quota: "stored_bytes" });
    expect(await s.usage("p1", T0)).toEqual({ orgs: 1, login_links: 1, stored_bytes: total });
    // A consumed link no longer counts.
    await s.consumeLoginLink(link.token_sha256, T0);
    expect(await s.usage("p1", T0)).toEqual({ orgs: 1, login_links: 0, stored_bytes: total - bytesOf(link) });
  });

  check("quota login_links counts live links only: expired or used ones free their place", async (s) => {
    const org = makeOrg(s, "p1", "a");
    await s.createOrg(org, ROOMY);
    const quotas = { ...ROOMY, login_links: 2 };
    expect(await s.addLoginLink(makeLink(org, "a".repeat(64), T0 + 1000), quotas, T0)).toEqual({ added: true });
    expect(await s.addLoginLink(makeLink(org, "b".repeat(64), T0 + 60_000), quotas, T0)).toEqual({ added: true });
    expect(await s.addLoginLink(makeLink(org, "c".repeat(64), T0 + 60_000), quotas, T0)).toEqual({ quota: "login_links" });
    expect(await s.peekLoginLink("c".repeat(64), T0)).toBeUndefined();
    // At T0 + 1000 the first has expired.
    expect(await s.addLoginLink(makeLink(org, "c".repeat(64), T0 + 61_000), quotas, T0 + 1000)).toEqual({ added: true });
    expect(await s.consumeLoginLink("b".repeat(64), T0 + 1000)).toBeDefined();
    expect(await s.addLoginLink(makeLink(org, "d".repeat(64), T0 + 61_000), quotas, T0 + 1000)).toEqual({ added: true });
    expect((await s.usage("p1", T0 + 1000)).login_links).toBe(2);
  });

  check("login links: peek does not consume; consume works once; the org's name comes along", async (s) => {
    const org = makeOrg(s, "p1", "a", T0, { name: "Acme Tours" });
    await s.createOrg(org, ROOMY);
    const link = makeLink(org, "f".repeat(64), T0 + 900_000);
    await s.addLoginLink(link, ROOMY, T0);
    expect(await s.peekLoginLink(link.token_sha256, T0)).toEqual({ link, orgName: "Acme Tours" });
    expect(await s.peekLoginLink(link.token_sha256, T0)).toEqual({ link, orgName: "Acme Tours" });
    expect(await s.openLoginLinks("p1", T0)).toEqual([link]);
    expect(await s.consumeLoginLink(link.token_sha256, T0)).toEqual({ link, orgName: "Acme Tours" });
    expect(await s.consumeLoginLink(link.token_sha256, T0)).toBeUndefined();
    expect(await s.peekLoginLink(link.token_sha256, T0)).toBeUndefined();
    expect(await s.openLoginLinks("p1", T0)).toEqual([]);
    expect(await s.consumeLoginLink("0".repeat(64), T0)).toBeUndefined();
  });

  check("login links expire on the owning partner's clock, and only its clock", async (s) => {
    const a = makeOrg(s, "pa", "a");
    const b = makeOrg(s, "pb", "b");
    await s.createOrg(a, ROOMY);
    await s.createOrg(b, ROOMY);
    await s.addLoginLink(makeLink(a, "a".repeat(64), T0 + 900_000), ROOMY, T0);
    await s.addLoginLink(makeLink(b, "b".repeat(64), T0 + 900_000), ROOMY, T0);
    await s.advanceClock("pa", 900_000);
    expect(await s.peekLoginLink("a".repeat(64), T0)).toBeUndefined();
    expect(await s.consumeLoginLink("a".repeat(64), T0)).toBeUndefined();
    expect(await s.peekLoginLink("b".repeat(64), T0)).toBeDefined();
    expect(await s.consumeLoginLink("b".repeat(64), T0 + 899_999)).toBeDefined();
  });

  check("20 concurrent consumes of one link: exactly one gets it", async (s) => {
    const org = makeOrg(s, "p1", "a");
    await s.createOrg(org, ROOMY);
    await s.addLoginLink(makeLink(org, "e".repeat(64), T0 + 900_000), ROOMY, T0);
    const visits = await Promise.all(Array.from({ length: 20 }, () => s.consumeLoginLink("e".repeat(64), T0)));
    expect(visits.filter(Boolean)).toHaveLength(1);
  });

  check("20 concurrent creates with one external_id: exactly one is created", async (s) => {
    const results = await Promise.all(Array.from({ length: 20 }, () => s.createOrg(makeOrg(s, "p1", "dup"), ROOMY)));
    expect(results.filter((r) => "created" in r)).toHaveLength(1);
    expect(results.filter((r) => "conflict" in r)).toHaveLength(19);
    expect((await s.listOrgs("p1", 100, 0)).total).toBe(1);
  });

  check("clocks: per partner, cumulative, reset with the partner", async (s) => {
    expect(await s.clockOffsetMs("pa")).toBe(0);
    expect(await s.partnerNow("pa", T0)).toBe(T0);
    expect(await s.advanceClock("pa", 60_000)).toBe(60_000);
    expect(await s.advanceClock("pa", 1_000)).toBe(61_000);
    expect(await s.clockOffsetMs("pa")).toBe(61_000);
    expect(await s.partnerNow("pa", T0)).toBe(T0 + 61_000);
    expect(await s.partnerNow("pb", T0)).toBe(T0);
    await s.resetPartner("pa");
    expect(await s.clockOffsetMs("pa")).toBe(0);
  });

  check("admit: a partner's limit admits exactly L per window; a refusal names the policy and its reset", async (s) => {
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await s.admit("p1", [PARTNER], T0 + i));
    expect(results.map((r) => r.admitted)).toEqual([true, true, true, false, false]);
    expect(results[0]).toEqual({ admitted: true, nowMs: T0 });
    expect(results[3]).toEqual({ admitted: false, nowMs: T0 + 3, policy: 0, resetMs: T0 + 60_000 });
    expect((await s.admit("p2", [PARTNER], T0)).admitted).toBe(true); // another partner is not slowed
    expect(await s.rateWindows("p1")).toEqual([{ name: "partner", used: 3, startedMs: T0 }]);
    // The window ends on the wall clock...
    expect(await s.admit("p1", [PARTNER], T0 + 60_000)).toEqual({ admitted: true, nowMs: T0 + 60_000 });
    expect(await s.rateWindows("p1")).toEqual([{ name: "partner", used: 1, startedMs: T0 + 60_000 }]);
  });

  check("admit: windows move with the partner's clock", async (s) => {
    for (let i = 0; i < 3; i++) await s.admit("p1", [PARTNER], T0);
    for (let i = 0; i < 3; i++) await s.admit("p2", [PARTNER], T0);
    expect((await s.admit("p1", [PARTNER], T0)).admitted).toBe(false);
    await s.advanceClock("p1", 60_000);
    expect(await s.admit("p1", [PARTNER], T0)).toEqual({ admitted: true, nowMs: T0 + 60_000 });
    expect((await s.admit("p2", [PARTNER], T0)).admitted).toBe(false);
  });

  check("admit: every policy is checked before any is spent", async (s) => {
    expect((await s.admit("p1", [PARTNER, LINKS], T0)).admitted).toBe(true);
    expect((await s.admit("p1", [PARTNER, LINKS], T0)).admitted).toBe(true);
    expect(await s.admit("p1", [PARTNER, LINKS], T0)).toEqual({ admitted: false, nowMs: T0, policy: 1, resetMs: T0 + 60_000 });
    // The refused login link did not spend the partner's budget: one request is left.
    expect(await s.rateWindows("p1")).toEqual(
      expect.arrayContaining([
        { name: "partner", used: 2, startedMs: T0 },
        { name: "login-links", used: 2, startedMs: T0 },
      ]),
    );
    expect((await s.admit("p1", [PARTNER], T0)).admitted).toBe(true);
    expect(await s.admit("p1", [PARTNER, LINKS], T0)).toMatchObject({ admitted: false, policy: 0 });
    expect(await s.admit("p1", [], T0)).toEqual({ admitted: true, nowMs: T0 });
  });

  check("admit: concurrent requests of one partner are admitted exactly L times", async (s) => {
    const policy = { name: "partner", limit: 7, windowMs: 60_000 };
    const results = await Promise.all(Array.from({ length: 20 }, () => s.admit("p1", [policy], T0)));
    expect(results.filter((r) => r.admitted)).toHaveLength(7);
  });

  check("journal: newest first, bounded by keep per partner, paged by seq, filtered by status and operation", async (s) => {
    for (let i = 0; i < 8; i++) await s.appendJournal([{ partnerId: "p1", entry: entry(i, i % 2 === 0 ? 200 : 400, i < 4 ? "listOrgs" : "createOrg") }], 5);
    await s.appendJournal([{ partnerId: "p2", entry: entry(100) }], 5);
    const all = await s.readJournal("p1", { limit: 50 });
    expect(all.map((e) => e.request_id)).toEqual(["req-7", "req-6", "req-5", "req-4", "req-3"]);
    const seqs = all.map((e) => e.seq!);
    expect([...seqs].sort((a, b) => b - a)).toEqual(seqs);
    expect(all[0]).toEqual({ ...entry(7, 400, "createOrg"), seq: seqs[0] });
    const page = await s.readJournal("p1", { limit: 2, before: seqs[1] });
    expect(page.map((e) => e.request_id)).toEqual(["req-5", "req-4"]);
    expect((await s.readJournal("p1", { limit: 50, status: 400 })).map((e) => e.request_id)).toEqual(["req-7", "req-5", "req-3"]);
    expect((await s.readJournal("p1", { limit: 50, operation_id: "listOrgs" })).map((e) => e.request_id)).toEqual(["req-3"]);
    expect((await s.readJournal("p1", { limit: 50, status: 200, operation_id: "createOrg" })).map((e) => e.request_id)).toEqual(["req-6", "req-4"]);
    expect((await s.readJournal("p2", { limit: 50 })).map((e) => e.request_id)).toEqual(["req-100"]);
  });

  check("sweepExpired deletes the links expired on their partner's clock and frees their bytes", async (s) => {
    const a = makeOrg(s, "pa", "a");
    const b = makeOrg(s, "pb", "b");
    await s.createOrg(a, ROOMY);
    await s.createOrg(b, ROOMY);
    const expiredA = makeLink(a, "1".repeat(64), T0 + 1000);
    await s.addLoginLink(expiredA, ROOMY, T0);
    await s.addLoginLink(makeLink(a, "2".repeat(64), T0 + 900_000), ROOMY, T0);
    await s.addLoginLink(makeLink(b, "3".repeat(64), T0 + 900_000), ROOMY, T0);
    await s.advanceClock("pb", 900_000); // pb's link has expired on pb's clock
    const before = await s.usage("pa", T0);
    expect(await s.sweepExpired(T0 + 1000)).toBe(2);
    expect(await s.sweepExpired(T0 + 1000)).toBe(0);
    expect(await s.peekLoginLink("2".repeat(64), T0 + 1000)).toBeDefined();
    expect(await s.usage("pa", T0 + 1000)).toEqual({ orgs: 1, login_links: 1, stored_bytes: before.stored_bytes - bytesOf(expiredA) });
    expect(await s.usage("pb", T0)).toEqual({ orgs: 1, login_links: 0, stored_bytes: bytesOf(b) });
  });

  check("resetPartner forgets one partner's orgs, keys, links, windows, clock and journal; others keep theirs", async (s) => {
    const fill = async (partner: string): Promise<void> => {
      const org = makeOrg(s, partner, "x");
      await s.createOrg(org, ROOMY);
      await s.addApiKey(makeKey(org, `${partner}-key`), ROOMY);
      await s.addLoginLink(makeLink(org, `${partner}`.padEnd(64, "0"), T0 + 900_000), ROOMY, T0);
      await s.admit(partner, [PARTNER], T0);
      await s.advanceClock(partner, 5000);
      await s.appendJournal([{ partnerId: partner, entry: entry(1) }], 10);
    };
    await fill("pa");
    await fill("pb");
    const pbBefore = await s.usage("pb", T0);
    await s.resetPartner("pa");
    expect(await s.listOrgs("pa", 10, 0)).toEqual({ data: [], total: 0 });
    expect(await s.orgByExternalId("pa", "x")).toBeUndefined();
    expect(await s.usage("pa", T0)).toEqual({ orgs: 0, login_links: 0, stored_bytes: 0 });
    expect(await s.peekLoginLink("pa".padEnd(64, "0"), T0)).toBeUndefined();
    expect(await s.rateWindows("pa")).toEqual([]);
    expect(await s.clockOffsetMs("pa")).toBe(0);
    expect(await s.readJournal("pa", { limit: 10 })).toEqual([]);
    expect(await s.createOrg(makeOrg(s, "pa", "x"), ROOMY)).toHaveProperty("created"); // the external_id is free again

    expect((await s.listOrgs("pb", 10, 0)).total).toBe(1);
    expect(await s.usage("pb", T0)).toEqual(pbBefore);
    expect(await s.peekLoginLink("pb".padEnd(64, "0"), T0)).toBeDefined();
    expect(await s.rateWindows("pb")).toHaveLength(1);
    expect(await s.clockOffsetMs("pb")).toBe(5000);
    expect(await s.readJournal("pb", { limit: 10 })).toHaveLength(1);

    await s.resetAll();
    expect((await s.listOrgs("pb", 10, 0)).total).toBe(0);
    expect(await s.clockOffsetMs("pb")).toBe(0);
    expect(await s.readJournal("pb", { limit: 10 })).toEqual([]);
  });
});
