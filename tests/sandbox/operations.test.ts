// The five operations end to end, each answer checked against the document.
import { describe, expect, it } from "vitest";
import bundle from "../../generated/openapi.json" with { type: "json" };
import { KEYS, sandboxPerFile } from "./harness.ts";

const sandbox = sandboxPerFile();

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

describe("createOrg", () => {
  it("answers 201 with the org, echoing external_id (null when absent)", async () => {
    const created = await sandbox.api.createOrg({ name: "Acme Tours", external_id: "customer-1", website: "https://acme.example", language: "pt-BR" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Acme Tours", external_id: "customer-1" });
    const bare = await sandbox.api.createOrg({ name: "Harbor Kayaks" });
    expect(bare.status).toBe(201);
    expect(bare.body.external_id).toBeNull();
    expect(bare.body.id).not.toBe(created.body.id);
  });

  it("answers 409 for a second org with the same external_id and creates nothing", async () => {
    expect((await sandbox.api.createOrg({ name: "One", external_id: "dup" })).status).toBe(201);
    const again = await sandbox.api.createOrg({ name: "Two", external_id: "dup" });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe('Org with external_id "dup" already exists');
    const list = await sandbox.api.call("listOrgs");
    expect(list.body.total).toBe(1);
    expect(list.body.data[0].name).toBe("One");
  });

  it("lets two partners use the same external_id: two orgs", async () => {
    const a = await sandbox.api.createOrg({ name: "A's", external_id: "shared" }, KEYS.a);
    const b = await sandbox.api.createOrg({ name: "B's", external_id: "shared" }, KEYS.b);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).not.toBe(b.body.id);
  });

  it("connects FareHarbor in the object and array forms", async () => {
    const single = await sandbox.api.createOrg({ name: "FH", integrations: { fareharbor: { app_key: "k", user_key: "u", name: "Primary" } } });
    const multiple = await sandbox.api.createOrg({
      name: "FH2",
      integrations: { fareharbor: [{ name: "Lisbon", app_key: "k", user_key: "u" }, { name: "Porto", app_key: "k", user_key: "v" }] },
    });
    expect([single.status, multiple.status]).toEqual([201, 201]);
  });

  it("fails FareHarbor credentials whose app_key starts with the documented prefix: 400, nothing created", async () => {
    const prefix = String((await import("../../generated/openapi.json", { with: { type: "json" } })).default.components.schemas.FareHarborConnection["x-sandbox-invalid-app-key-prefix"]);
    const failed = await sandbox.api.createOrg({
      name: "Bad creds",
      external_id: "fh-bad",
      integrations: { fareharbor: [{ name: "Good", app_key: "fine", user_key: "u" }, { name: "Lisbon", app_key: `${prefix}-key`, user_key: "u" }] },
    });
    expect(failed.status).toBe(400);
    expect(failed.body.message).toBe('FareHarbor credentials for connection "Lisbon" failed validation');
    expect((await sandbox.api.call("listOrgs")).body.total).toBe(0);
    expect((await sandbox.api.call("getOrgByExternalId", { params: { externalId: "fh-bad" } })).status).toBe(404);
    // The external_id was not taken by the failed attempt.
    expect((await sandbox.api.createOrg({ name: "Retry", external_id: "fh-bad" })).status).toBe(201);
  });
});

describe("listOrgs", () => {
  it("pages oldest first with limit/offset and counts every org in total", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await sandbox.api.createOrg({ name: `Org ${i}` })).body.id);
    await sandbox.api.createOrg({ name: "Other partner's" }, KEYS.b);
    const first = await sandbox.api.call("listOrgs", { query: "limit=3" });
    const second = await sandbox.api.call("listOrgs", { query: "limit=3&offset=3" });
    const last = await sandbox.api.call("listOrgs", { query: "limit=3&offset=6" });
    const beyond = await sandbox.api.call("listOrgs", { query: "offset=100" });
    expect([first.body.total, second.body.total, last.body.total, beyond.body.total]).toEqual([7, 7, 7, 7]);
    expect([...first.body.data, ...second.body.data, ...last.body.data].map((o: { id: string }) => o.id)).toEqual(ids);
    expect(beyond.body.data).toEqual([]);
  });

  it("defaults to 50 per page, sorted by created_at then id", async () => {
    for (let i = 0; i < 55; i++) await sandbox.api.createOrg({ name: `Org ${i}` }, KEYS.unlimited);
    const page = await sandbox.api.call("listOrgs", { key: KEYS.unlimited });
    expect(page.body.data).toHaveLength(50);
    expect(page.body.total).toBe(55);
    const keys = page.body.data.map((o: { created_at: string; id: string }) => `${o.created_at} ${o.id}`);
    expect(keys).toEqual([...keys].sort());
  });

  it("answers an empty list for a partner without orgs", async () => {
    const empty = await sandbox.api.call("listOrgs", { key: KEYS.b });
    expect(empty.body).toEqual({ data: [], total: 0 });
  });
});

describe("getOrgByExternalId", () => {
  it("finds the caller's org, URL-decoding the external_id", async () => {
    const created = await sandbox.api.createOrg({ name: "Slashy", external_id: "team/42 ü?&" });
    const found = await sandbox.api.call("getOrgByExternalId", { params: { externalId: encodeURIComponent("team/42 ü?&") } });
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ id: created.body.id, name: "Slashy", external_id: "team/42 ü?&" });
    expect(Date.parse(found.body.created_at)).not.toBeNaN();
    expect(found.body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("never reveals another partner's org: 404", async () => {
    await sandbox.api.createOrg({ name: "A's", external_id: "only-a" }, KEYS.a);
    const other = await sandbox.api.call("getOrgByExternalId", { key: KEYS.b, params: { externalId: "only-a" } });
    expect(other.status).toBe(404);
    expect(other.body.message).toBe('Org with external_id "only-a" not found');
  });
});

describe("createOrgApiKey", () => {
  it("answers 201 with a JWT-shaped key, with or without a body", async () => {
    const org = await sandbox.api.createOrg({ name: "Keys" });
    const named = await sandbox.api.call("createOrgApiKey", { params: { orgId: org.body.id }, body: { name: "Production" } });
    const bare = await sandbox.api.call("createOrgApiKey", { params: { orgId: org.body.id } });
    const empty = await sandbox.api.call("createOrgApiKey", { params: { orgId: org.body.id }, body: {} });
    for (const key of [named, bare, empty]) {
      expect(key.status).toBe(201);
      expect(key.body.api_key).toMatch(JWT);
    }
    expect(new Set([named, bare, empty].map((k) => k.body.api_key)).size).toBe(3);
  });

  it("answers 403 for another partner's org and for an org id that does not exist, alike", async () => {
    const org = await sandbox.api.createOrg({ name: "A's" });
    const foreign = await sandbox.api.call("createOrgApiKey", { key: KEYS.b, params: { orgId: org.body.id } });
    const unknown = await sandbox.api.call("createOrgApiKey", { key: KEYS.b, params: { orgId: "00000000-0000-4000-8000-000000000000" } });
    expect([foreign.status, unknown.status]).toEqual([403, 403]);
    expect(foreign.body).toEqual(unknown.body);
  });
});

describe("createLoginLink and the login page", () => {
  async function link(body: Record<string, unknown> = { email: "jane@acme.example", name: "Jane <Smith>" }) {
    const org = await sandbox.api.createOrg({ name: "Acme & Co" });
    const created = await sandbox.api.call("createLoginLink", { params: { orgId: org.body.id }, body });
    expect(created.status).toBe(201);
    return created.body as { url: string; expires_at: string };
  }

  it("gives a link on the sandbox's own login page with a 256-bit token and a 15-minute TTL", async () => {
    const before = Date.now();
    const { url, expires_at } = await link();
    const parsed = new URL(url);
    expect(parsed.origin + parsed.pathname).toBe(`${sandbox.url}/partner-login`);
    expect(parsed.searchParams.get("token")).toMatch(/^[0-9a-f]{64}$/);
    const ttl = Date.parse(expires_at) - before;
    expect(ttl).toBeGreaterThan(899_000);
    expect(ttl).toBeLessThanOrEqual(900_000 + (Date.now() - before));
  });

  it("works once: 200 naming user and org, then 410; safe headers on both", async () => {
    const { url } = await link();
    const first = await fetch(url);
    const html = await first.text();
    expect(first.status).toBe(200);
    expect(html).toContain("Jane &lt;Smith&gt;");
    expect(html).toContain("jane@acme.example");
    expect(html).toContain("Acme &amp; Co");
    const second = await fetch(url);
    expect(second.status).toBe(410);
    for (const res of [first, second]) {
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      expect(res.headers.get("x-request-id")).toBeTruthy();
    }
  });

  it("defaults the user name to the email prefix", async () => {
    const { url } = await link({ email: "sam.smith@acme.example" });
    expect(await (await fetch(url)).text()).toContain(">sam.smith<");
  });

  it("answers one identical 410 page for used, expired, unknown and malformed tokens", async () => {
    const used = await link();
    await fetch(used.url);
    const expired = await link();
    expect((await sandbox.api.control("clock", { advance_seconds: 901 })).status).toBe(200);
    const bodies = [];
    for (const url of [used.url, expired.url, `${sandbox.url}/partner-login?token=${"ab".repeat(32)}`, `${sandbox.url}/partner-login?token=zz`, `${sandbox.url}/partner-login`]) {
      const res = await fetch(url);
      expect(res.status).toBe(410);
      bodies.push(await res.text());
    }
    expect(new Set(bodies).size).toBe(1);
  });

  it("still works just before expiry", async () => {
    const { url } = await link();
    await sandbox.api.control("clock", { advance_seconds: 899 });
    expect((await fetch(url)).status).toBe(200);
  });

  it("HEAD never consumes the link", async () => {
    const { url } = await link();
    for (let i = 0; i < 3; i++) expect((await fetch(url, { method: "HEAD" })).status).toBe(200);
    expect((await fetch(url)).status).toBe(200);
    expect((await fetch(url, { method: "HEAD" })).status).toBe(410);
  });

  it("answers 403 for another partner's org and creates no link", async () => {
    const org = await sandbox.api.createOrg({ name: "A's" });
    const denied = await sandbox.api.call("createLoginLink", { key: KEYS.b, params: { orgId: org.body.id }, body: { email: "x@y.example" } });
    expect(denied.status).toBe(403);
    expect(denied.body.message).toBe("Org does not belong to this partner");
  });
});

// The sandbox answers what the document describes and nothing more: a property a partner could
// read only in the sandbox would be `undefined` in production.
describe("success answers", () => {
  const schemas = bundle.components.schemas as Record<string, { properties: Record<string, unknown> }>;
  const declared = (name: string) => Object.keys(schemas[name]!.properties).sort();

  it("carry exactly the properties the document declares, on every operation", async () => {
    const created = await sandbox.api.createOrg({ name: "Exact", external_id: "exact-1", website: "https://exact.example", language: "pt-BR" });
    const bare = await sandbox.api.createOrg({ name: "Bare" });
    const orgId = created.body.id as string;
    const list = await sandbox.api.call("listOrgs");
    const found = await sandbox.api.call("getOrgByExternalId", { params: { externalId: "exact-1" } });
    const named = await sandbox.api.call("createOrgApiKey", { params: { orgId }, body: { name: "Production" } });
    const defaulted = await sandbox.api.call("createOrgApiKey", { params: { orgId } });
    const link = await sandbox.api.call("createLoginLink", { params: { orgId }, body: { email: "owner@exact.example" } });
    const keysOf = (body: object) => Object.keys(body).sort();
    expect([keysOf(created.body), keysOf(bare.body)]).toEqual([declared("CreatedOrg"), declared("CreatedOrg")]);
    expect(keysOf(list.body)).toEqual(declared("OrgList"));
    expect(list.body.data.map(keysOf)).toEqual([declared("Org"), declared("Org")]);
    expect(keysOf(found.body)).toEqual(declared("Org"));
    expect([keysOf(named.body), keysOf(defaulted.body)]).toEqual([declared("OrgApiKey"), declared("OrgApiKey")]);
    expect(keysOf(link.body)).toEqual(declared("LoginLink"));
  });
});

describe("sandbox controls", () => {
  it("reset forgets orgs, and clock rejects bad input with an ErrorResponse", async () => {
    await sandbox.api.createOrg({ name: "Gone soon", external_id: "x" });
    await sandbox.api.control("reset");
    expect((await sandbox.api.call("listOrgs")).body.total).toBe(0);
    for (const bad of [{}, { advance_seconds: -1 }, { advance_seconds: "10" }, { advance_seconds: 1, extra: true }, []]) {
      const res = await sandbox.api.control("clock", bad);
      expect(res.status).toBe(400);
    }
    const moved = await sandbox.api.control("clock", { advance_seconds: 60 });
    expect(moved.body.offset_seconds).toBeGreaterThanOrEqual(60);
  });
});
