// The security layers and their order: 401 -> 403 IP -> 429 -> 400 -> 403 ownership -> 404/409.
import { beforeEach, describe, expect, it } from "vitest";
import { doc, KEYS, sandboxPerFile, startTestSandbox } from "./harness.ts";
import { rawRequest } from "./raw-http.ts";

const sandbox = sandboxPerFile();
let orgId: string;
beforeEach(async () => {
  orgId = (await sandbox.api.createOrg({ name: "Acme" }, KEYS.unlimited)).body.id;
});

/** A valid request for each operation, for the unlimited partner's org. */
function validCall(operationId: string): { params?: Record<string, string>; body?: unknown } {
  switch (operationId) {
    case "createOrg":
      return { body: { name: "New" } };
    case "getOrgByExternalId":
      return { params: { externalId: "nope" } };
    case "createOrgApiKey":
      return { params: { orgId }, body: { name: "k" } };
    case "createLoginLink":
      return { params: { orgId }, body: { email: "a@b.example" } };
    default:
      return {};
  }
}

describe("401: the key", () => {
  const operations = [...doc.operations.keys()];

  it.each(operations)("%s succeeds with a valid key and answers 401 for every bad one", async (operationId) => {
    const ok = await sandbox.api.call(operationId, { key: KEYS.unlimited, ...validCall(operationId) });
    expect(ok.status).toBeLessThan(405); // 2xx, or 404 for the unknown external_id
    const cases: [string, Record<string, string>, string][] = [
      ["missing", {}, "Missing partner API key"],
      ["scheme only", { authorization: "Bearer" }, "Invalid partner API key"],
      ["empty token", { authorization: "Bearer " }, "Invalid partner API key"],
      ["basic", { authorization: `Basic ${Buffer.from("a:b").toString("base64")}` }, "Invalid partner API key"],
      ["unknown", { authorization: "Bearer not-a-key" }, "Invalid partner API key"],
      ["key with spaces", { authorization: `Bearer ${KEYS.unlimited} x` }, "Invalid partner API key"],
      ["revoked", { authorization: `Bearer ${KEYS.aRevoked}` }, "Partner API key has been revoked"],
      ["inactive partner", { authorization: `Bearer ${KEYS.inactive}` }, "Partner account is inactive"],
    ];
    for (const [label, headers, message] of cases) {
      const res = await sandbox.api.call(operationId, { key: null, headers, ...validCall(operationId) });
      expect(res.status, label).toBe(401);
      expect(res.body.message, label).toBe(message);
    }
  });

  it("accepts the scheme name in any case, and refuses two Authorization headers", async () => {
    expect((await sandbox.api.call("listOrgs", { key: null, headers: { authorization: `bearer ${KEYS.a}` } })).status).toBe(200);
    const twice = await rawRequest(sandbox.url, `GET /partner/v1/orgs HTTP/1.1\nAuthorization: Bearer ${KEYS.a}\nAuthorization: Bearer ${KEYS.a}`);
    expect(twice.status).toBe(401);
    expect(JSON.parse(twice.body)).toMatchObject({ statusCode: 401, message: "Invalid partner API key" });
  });

  it("answers 401, not 403, for a bad key from a blocked IP, and 401 before 400", async () => {
    const res = await sandbox.api.call("listOrgs", { key: "unknown", headers: { "x-forwarded-for": "192.0.2.1" } });
    expect(res.status).toBe(401);
    const invalid = await sandbox.api.call("createOrg", { key: "unknown", body: { nope: 1 } });
    expect(invalid.status).toBe(401);
  });
});

describe("403: the IP allow list", () => {
  const asBlocked = (xff?: string) => sandbox.api.call("listOrgs", { key: KEYS.blocked, headers: xff === undefined ? {} : { "x-forwarded-for": xff } });

  it("refuses a caller outside the list (loopback here) with 403 IP address not allowed", async () => {
    const res = await asBlocked();
    expect(res.status).toBe(403);
    expect(res.body.message).toBe("IP address not allowed");
  });

  it.each([
    ["203.0.113.0", 200],
    ["203.0.113.255", 200],
    ["203.0.112.255", 403],
    ["203.0.114.0", 403],
    ["198.51.100.7", 200],
    ["198.51.100.8", 403],
    ["::ffff:203.0.113.9", 200],
    ["::FFFF:203.0.113.9", 200],
    ["2001:db8::1", 200],
    ["2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", 200],
    ["2001:db9::1", 403],
    ["[2001:db8::5]:443", 200],
    ["203.0.113.7:51234", 200],
  ])("behind a trusted proxy, X-Forwarded-For %s answers %i", async (xff, status) => {
    expect((await asBlocked(xff)).status).toBe(status);
  });

  it("ignores entries a client prepends: the right-most untrusted entry is the client", async () => {
    expect((await asBlocked("203.0.113.5, 192.0.2.10")).status).toBe(403);
    expect((await asBlocked("192.0.2.10, 203.0.113.5")).status).toBe(200);
    // Trusted proxies on the right are skipped.
    expect((await asBlocked("192.0.2.10, 203.0.113.5, 127.0.0.2, ::1")).status).toBe(200);
    expect((await asBlocked("203.0.113.5, 192.0.2.10, 127.0.0.2")).status).toBe(403);
  });

  it.each(["garbage", "", "0x7f.0.0.1", "010.0.113.5", "203.0.113.5.1", "3405803781", "203.0.113.5, bogus", "fe80::1%eth0", "203.0.113.5,,"])(
    "fails closed for a malformed X-Forwarded-For %j: 403, never a 5xx",
    async (xff) => {
      expect((await asBlocked(xff)).status).toBe(403);
    },
  );

  it("applies a partner's list only to that partner", async () => {
    expect((await sandbox.api.call("listOrgs", { key: KEYS.a, headers: { "x-forwarded-for": "192.0.2.99" } })).status).toBe(200);
    expect((await sandbox.api.call("listOrgs", { key: KEYS.a, headers: { "x-forwarded-for": "garbage" } })).status).toBe(200);
  });

  it("does not believe X-Forwarded-For from a peer that is not a trusted proxy", async () => {
    const untrusting = await startTestSandbox({
      config: { trusted_proxies: [], partners: [{ id: "x", api_keys: ["k"], ip_allow_list: ["203.0.113.0/24"] }] },
    });
    try {
      expect((await untrusting.api.call("listOrgs", { key: "k", headers: { "x-forwarded-for": "203.0.113.5" } })).status).toBe(403);
    } finally {
      await untrusting.close();
    }
  });

  it("accepts an IPv6 loopback caller by an IPv6 list entry", async () => {
    const v6 = await startTestSandbox({ host: "::1", config: { partners: [{ id: "x", api_keys: ["k"], ip_allow_list: ["::1/128"] }, { id: "y", api_keys: ["k2"], ip_allow_list: ["127.0.0.1"] }] } });
    try {
      expect(v6.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
      expect((await v6.api.call("listOrgs", { key: "k" })).status).toBe(200);
      expect((await v6.api.call("listOrgs", { key: "k2" })).status).toBe(403);
    } finally {
      await v6.close();
    }
  });

  it("checks the IP before the rate limit and before validation", async () => {
    const invalid = await sandbox.api.call("createOrg", { key: KEYS.blocked, body: { nope: 1 } });
    expect(invalid.status).toBe(403);
  });
});

describe("429: rate limits", () => {
  it("allows the documented 100 requests a minute per partner, then 429 with Retry-After and RateLimit fields", async () => {
    for (let i = 0; i < 100; i++) expect((await sandbox.api.call("listOrgs", { key: KEYS.a })).status).toBe(200);
    const refused = await sandbox.api.call("listOrgs", { key: KEYS.a });
    expect(refused.status).toBe(429);
    expect(refused.body.message).toBe("Rate limit exceeded: 100 requests per 60 seconds");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect(refused.headers.get("ratelimit-policy")).toBe('"partner";q=100;w=60');
    expect(refused.headers.get("ratelimit")).toMatch(/^"partner";r=0;t=\d+$/);
    // Partner B is never slowed by partner A, and a second key of A shares A's budget.
    expect((await sandbox.api.call("listOrgs", { key: KEYS.b })).status).toBe(200);
    expect((await sandbox.api.call("listOrgs", { key: KEYS.a2 })).status).toBe(429);
    // 429 comes before validation.
    expect((await sandbox.api.call("createOrg", { key: KEYS.a, body: { nope: 1 } })).status).toBe(429);
    // The window moves with the sandbox clock.
    await sandbox.api.control("clock", { advance_seconds: 60 });
    expect((await sandbox.api.call("listOrgs", { key: KEYS.a })).status).toBe(200);
  });

  it("limits login links to 30 a minute; a link spends the global budget too, a refused one does not", async () => {
    const own = (await sandbox.api.createOrg({ name: "A org" }, KEYS.a)).body.id; // 1 global
    const link = () => sandbox.api.call("createLoginLink", { key: KEYS.a, params: { orgId: own }, body: { email: "a@b.example" } });
    for (let i = 0; i < 30; i++) expect((await link()).status).toBe(201); // 31 global
    const refused = await link();
    expect(refused.status).toBe(429);
    expect(refused.body.message).toBe("Rate limit exceeded: 30 login links per 60 seconds");
    expect(refused.headers.get("ratelimit-policy")).toBe('"partner";q=100;w=60, "login-links";q=30;w=60');
    expect(refused.headers.get("ratelimit")).toMatch(/^"login-links";r=0;t=\d+$/);
    for (let i = 0; i < 69; i++) expect((await sandbox.api.call("listOrgs", { key: KEYS.a })).status).toBe(200); // 100 global
    expect((await sandbox.api.call("listOrgs", { key: KEYS.a })).status).toBe(429);
  });

  it("honours per-partner overrides from the config", async () => {
    const own = (await sandbox.api.createOrg({ name: "S org" }, KEYS.small)).body.id;
    const link = () => sandbox.api.call("createLoginLink", { key: KEYS.small, params: { orgId: own }, body: { email: "a@b.example" } });
    expect([(await link()).status, (await link()).status, (await link()).status]).toEqual([201, 201, 429]);
    expect((await sandbox.api.call("listOrgs", { key: KEYS.small })).status).toBe(200);
    expect((await sandbox.api.call("listOrgs", { key: KEYS.small })).status).toBe(200); // 5 of 5: two links, one org, two lists
    const refused = await sandbox.api.call("listOrgs", { key: KEYS.small });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("ratelimit-policy")).toBe('"partner";q=5;w=10');
    await sandbox.api.control("clock", { advance_seconds: 10 }, KEYS.small);
    expect((await sandbox.api.call("listOrgs", { key: KEYS.small })).status).toBe(200);
  });

  it("is spent by the caller only: B's refused attempts on A's org cost A nothing", async () => {
    const own = (await sandbox.api.createOrg({ name: "S org" }, KEYS.small)).body.id; // small: 1 of 5
    for (let i = 0; i < 20; i++) {
      expect((await sandbox.api.call("createLoginLink", { key: KEYS.b, params: { orgId: own }, body: { email: "a@b.example" } })).status).toBe(403);
    }
    const link = () => sandbox.api.call("createLoginLink", { key: KEYS.small, params: { orgId: own }, body: { email: "a@b.example" } });
    expect([(await link()).status, (await link()).status]).toEqual([201, 201]);
  });
});

describe("order of checks after the rate limit", () => {
  it("answers 400 before the ownership 403, and the ownership 403 before 404/409", async () => {
    const foreign = (await sandbox.api.createOrg({ name: "A's" }, KEYS.a)).body.id;
    const bad = await sandbox.api.call("createLoginLink", { key: KEYS.b, params: { orgId: foreign }, body: { email: "not-an-email" } });
    expect(bad.status).toBe(400);
    const badId = await sandbox.api.call("createLoginLink", { key: KEYS.b, params: { orgId: "not-a-uuid" }, body: { email: "a@b.example" } });
    expect(badId.status).toBe(400);
    expect(badId.body.message).toEqual(["orgId must be a UUID"]);
    const owned = await sandbox.api.call("createLoginLink", { key: KEYS.b, params: { orgId: foreign }, body: { email: "a@b.example" } });
    expect(owned.status).toBe(403);
  });
});
