// The per-partner controls (openapi/sandbox: resetSandbox, advanceSandboxClock): a partner's key
// acts on that partner only, after the API's own 401 and 403 layers; the admin token resets
// everything and moves a named partner's clock. Every answer is checked against the sandbox's
// own document (generated/sandbox-openapi.json).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMemoryStorage } from "../../packages/sandbox/src/storage/memory/index.ts";
import { ADMIN_TOKEN, KEYS, startTestSandbox, type Answer, type TestSandbox } from "./harness.ts";

// The engine is held here so the rate windows can be read (the API shows them only on a 429).
const storage = createMemoryStorage();
const PARTNER_OF: Record<string, string> = { [KEYS.a]: "a", [KEYS.b]: "b", [KEYS.small]: "small" };
let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox({ storage });
});
afterAll(() => sandbox?.close());
beforeEach(async () => {
  expect((await sandbox.api.resetAll()).status).toBe(200);
});

/** Requests counted in the partner's global window (0 when none is open). */
async function used(key: string): Promise<number> {
  const windows = await storage.rateWindows(PARTNER_OF[key]!);
  return windows.find((w) => w.name === "partner")?.used ?? 0;
}

const clock = (key: string | null, body: unknown = { advance_seconds: 0 }): Promise<Answer> => sandbox.api.control("clock", body, key);
const offset = async (key: string): Promise<number> => (await clock(key)).body.offset_seconds;

/** created_at of one of the partner's orgs, as listOrgs shows it. */
async function createdAt(key: string, orgId: string): Promise<string> {
  const list = await sandbox.api.call("listOrgs", { key, query: "limit=100" });
  return list.body.data.find((o: { id: string }) => o.id === orgId).created_at;
}

/** Partner's org, an open login link and some spent budget. */
async function populate(key: string): Promise<{ orgId: string; link: string; createdAt: string }> {
  const org = await sandbox.api.createOrg({ name: `Org of ${key}`, external_id: "shared-external-id" }, key);
  expect(org.status).toBe(201);
  const link = await sandbox.api.call("createLoginLink", { key, params: { orgId: org.body.id }, body: { email: "a@b.example" } });
  expect(link.status).toBe(201);
  return { orgId: org.body.id, link: link.body.url, createdAt: await createdAt(key, org.body.id) };
}

describe("a partner's controls never touch another partner", () => {
  it("A's reset forgets A's orgs, links, rate window and clock; B's stay as they were", async () => {
    const a = await populate(KEYS.a);
    const b = await populate(KEYS.b);
    expect((await clock(KEYS.a, { advance_seconds: 30 })).body.offset_seconds).toBe(30);
    const bBefore = await used(KEYS.b);
    expect(await used(KEYS.a)).toBeGreaterThan(0);

    const reset = await sandbox.api.control("reset", undefined, KEYS.a);
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({ reset: true, scope: "partner", partner_id: "a" });

    // A: nothing left, a full window again, the clock back on the wall clock.
    expect((await sandbox.api.call("listOrgs", { key: KEYS.a })).body.total).toBe(0);
    expect((await sandbox.api.call("getOrgByExternalId", { key: KEYS.a, params: { externalId: "shared-external-id" } })).status).toBe(404);
    expect((await fetch(a.link)).status).toBe(410);
    expect(await used(KEYS.a)).toBe(2); // the two checks above
    expect(await offset(KEYS.a)).toBe(0);
    // B: its org, its link and its window are untouched (one more request spent, by the check above).
    const bOrgs = await sandbox.api.call("listOrgs", { key: KEYS.b });
    expect(bOrgs.body.data.map((o: { id: string; created_at: string }) => [o.id, o.created_at])).toEqual([[b.orgId, b.createdAt]]);
    expect(await used(KEYS.b)).toBe(bBefore + 1);
    expect((await fetch(b.link)).status).toBe(200);
  });

  it("A's clock moves A's link expiry, windows and created_at only", async () => {
    const a = await populate(KEYS.a);
    const b = await populate(KEYS.b);
    // Both windows are open; move A a window and a link lifetime ahead.
    const bBefore = await used(KEYS.b);
    expect(await used(KEYS.a)).toBeGreaterThan(0);
    const moved = await clock(KEYS.a, { advance_seconds: 3600 });
    expect(moved.status).toBe(200);
    expect(moved.body.partner_id).toBe("a");
    expect(moved.body.offset_seconds).toBe(3600);
    expect(Date.parse(moved.body.now) - Date.now()).toBeGreaterThan(3590_000);

    expect(await offset(KEYS.b)).toBe(0);
    expect((await fetch(a.link)).status).toBe(410); // expired on A's clock
    expect((await fetch(b.link)).status).toBe(200); // not on B's
    await sandbox.api.call("listOrgs", { key: KEYS.a });
    await sandbox.api.call("listOrgs", { key: KEYS.b });
    expect(await used(KEYS.a)).toBe(1); // a new window for A
    expect(await used(KEYS.b)).toBe(bBefore + 1); // B's window goes on
    const later = await sandbox.api.createOrg({ name: "Later" }, KEYS.a);
    expect(Date.parse(await createdAt(KEYS.a, later.body.id)) - Date.parse(a.createdAt)).toBeGreaterThan(3590_000);
    const bLater = await sandbox.api.createOrg({ name: "Later" }, KEYS.b);
    expect(Date.parse(await createdAt(KEYS.b, bLater.body.id)) - Date.parse(b.createdAt)).toBeLessThan(60_000);
  });

  it("a second key of A acts on A; partner_id with a partner key is a 400", async () => {
    await populate(KEYS.a);
    expect((await sandbox.api.control("reset", undefined, KEYS.a2)).body.partner_id).toBe("a");
    expect((await sandbox.api.call("listOrgs", { key: KEYS.a })).body.total).toBe(0);
    const named = await clock(KEYS.a, { advance_seconds: 5, partner_id: "b" });
    expect(named.status).toBe(400);
    expect(named.body.message).toEqual(["partner_id is only accepted with the admin token; a partner key moves its own clock"]);
    expect(await offset(KEYS.b)).toBe(0);
    expect(await offset(KEYS.a)).toBe(0);
  });

  it("controls spend no rate-limit budget", async () => {
    await sandbox.api.call("listOrgs", { key: KEYS.small }); // small: 5 per 10 s
    for (let i = 0; i < 8; i++) expect((await clock(KEYS.small)).status).toBe(200);
    expect((await sandbox.api.control("reset", undefined, KEYS.small)).status).toBe(200);
    await sandbox.api.call("listOrgs", { key: KEYS.small });
    for (let i = 0; i < 8; i++) expect((await clock(KEYS.small)).status).toBe(200);
    expect(await used(KEYS.small)).toBe(1);
    for (let i = 0; i < 4; i++) expect((await sandbox.api.call("listOrgs", { key: KEYS.small })).status).toBe(200);
  });
});

describe("the controls pass the API's security layers first", () => {
  const callers: [string, string | null, number, string][] = [
    ["no key", null, 401, "Missing partner API key"],
    ["an unknown key", "no-such-key", 401, "Invalid partner API key"],
    ["a revoked key", KEYS.aRevoked, 401, "Partner API key has been revoked"],
    ["an inactive partner", KEYS.inactive, 401, "Partner account is inactive"],
    ["a caller outside the allow list", KEYS.blocked, 403, "IP address not allowed"],
  ];
  for (const [who, key, status, message] of callers) {
    it(`${who}: ${status} on reset and clock, and nothing changes`, async () => {
      await populate(KEYS.a);
      const reset = await sandbox.api.control("reset", undefined, key);
      const moved = await clock(key, { advance_seconds: 60 });
      for (const res of [reset, moved]) {
        expect(res.status).toBe(status);
        expect(res.body.message).toBe(message);
      }
      // Before the body is read: a bad body or media type does not change the answer.
      const raw = await sandbox.api.raw("POST", "/_sandbox/clock", { key, rawBody: "{nope", headers: { "content-type": "text/plain" } });
      expect(raw.status).toBe(status);
      expect((await sandbox.api.call("listOrgs", { key: KEYS.a })).body.total).toBe(1);
      expect(await offset(KEYS.a)).toBe(0);
    });
  }

  it("checks the body after the caller: 400 lists every problem", async () => {
    for (const bad of [{}, { advance_seconds: -1 }, { advance_seconds: "10" }, { advance_seconds: 1, extra: true }, []]) {
      const res = await clock(KEYS.a, bad);
      expect(res.status).toBe(400);
    }
    expect((await sandbox.api.control("reset", { surprise: true }, KEYS.a)).status).toBe(400);
  });
});

describe("the admin token", () => {
  it("resets every partner", async () => {
    await populate(KEYS.a);
    await populate(KEYS.b);
    await clock(KEYS.b, { advance_seconds: 10 });
    const reset = await sandbox.api.control("reset", undefined, ADMIN_TOKEN);
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({ reset: true, scope: "all", partner_id: null });
    for (const key of [KEYS.a, KEYS.b]) expect((await sandbox.api.call("listOrgs", { key })).body.total).toBe(0);
    expect(await offset(KEYS.b)).toBe(0);
  });

  it("moves the clock of the partner named by partner_id, and only that one", async () => {
    const moved = await clock(ADMIN_TOKEN, { advance_seconds: 120, partner_id: "b" });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ partner_id: "b", offset_seconds: 120 });
    expect(await offset(KEYS.b)).toBe(120);
    expect(await offset(KEYS.a)).toBe(0);
  });

  it("needs partner_id for the clock (400) and answers 404 for a partner not in the config", async () => {
    const missing = await clock(ADMIN_TOKEN, { advance_seconds: 1 });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toEqual(["partner_id is required with the admin token"]);
    const unknown = await clock(ADMIN_TOKEN, { advance_seconds: 1, partner_id: "nobody" });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('Partner "nobody" is not in the sandbox config');
    expect(await offset(KEYS.a)).toBe(0);
  });

  it("a wrong or truncated admin token is an unknown key: 401, nothing reset", async () => {
    await populate(KEYS.a);
    for (const wrong of [`${ADMIN_TOKEN}x`, ADMIN_TOKEN.slice(0, -1), ADMIN_TOKEN.toUpperCase()]) {
      expect((await sandbox.api.control("reset", undefined, wrong)).status).toBe(401);
      expect((await clock(wrong, { advance_seconds: 1, partner_id: "a" })).status).toBe(401);
    }
    expect((await sandbox.api.call("listOrgs", { key: KEYS.a })).body.total).toBe(1);
  });
});

describe("without an admin token", () => {
  let bare: TestSandbox;
  beforeAll(async () => {
    bare = await startTestSandbox({ adminToken: undefined });
  });
  afterAll(() => bare?.close());

  it("there is no global reset: the token that would be the admin's is an unknown key", async () => {
    await bare.api.createOrg({ name: "Stays" }, KEYS.b);
    expect((await bare.api.control("reset", undefined, ADMIN_TOKEN)).status).toBe(401);
    expect((await bare.api.control("clock", { advance_seconds: 1, partner_id: "b" }, ADMIN_TOKEN)).status).toBe(401);
    expect((await bare.api.call("listOrgs", { key: KEYS.b })).body.total).toBe(1);
    // Partner keys still work on their own data.
    expect((await bare.api.control("reset", undefined, KEYS.b)).body.scope).toBe("partner");
  });
});
