// GET /_sandbox/overview (getSandboxOverview): what the sandbox page shows of the calling
// partner — and only of it — without spending its rate-limit budget; and the page's own routes:
// the page, its files and icon, and the sandbox's root leading to it.
import { afterAll, beforeAll, expect, it } from "vitest";
import { KEYS, sandboxDoc, startTestSandbox, type TestSandbox } from "./harness.ts";

let sandbox: TestSandbox;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(() => sandbox.close());

const overview = async (key: string = KEYS.a) => {
  const answer = await sandbox.api.raw("GET", "/_sandbox/overview", { key });
  expect(answer.status, answer.text).toBe(200);
  return answer.body;
};

it("shows the partner's orgs newest first, open links without tokens, rate-limit use, quotas and its clock", async () => {
  const { api } = sandbox;
  await api.control("reset", undefined, KEYS.small);
  const first = await api.createOrg({ name: "First", external_id: "ov-1" }, KEYS.small);
  const second = await api.createOrg({ name: "Second" }, KEYS.small);
  const link = await api.call("createLoginLink", { key: KEYS.small, params: { orgId: first.body.id }, body: { email: "jane@example.com", name: "Jane" } });
  const o = await overview(KEYS.small);
  expect(o.partner).toEqual({ id: "small", name: "small" });
  expect(o.orgs.total).toBe(2);
  expect(o.orgs.data.map((org: { id: string }) => org.id)).toEqual([second.body.id, first.body.id]);
  expect(o.open_login_links).toEqual([{ org_id: first.body.id, email: "jane@example.com", name: "Jane", expires_at: link.body.expires_at }]);
  expect(JSON.stringify(o)).not.toContain(new URL(link.body.url).searchParams.get("token")!);
  // The "small" partner's own limits (harness config): 3 requests of 5, 1 link of 2.
  expect(o.rate_limits.map((p: { policy: string; used: number; limit: number }) => [p.policy, p.used, p.limit])).toEqual([
    ["partner", 3, 5],
    ["login-links", 1, 2],
  ]);
  expect(o.rate_limits.every((p: { resets_at: string | null }) => p.resets_at !== null)).toBe(true);
  expect(o.usage).toMatchObject({ orgs: 2, login_links: 1 });
  expect(o.usage.stored_bytes).toBeGreaterThan(0);
  expect(Object.keys(o.quotas).sort()).toEqual(["login_links", "orgs", "stored_bytes"]);
  // Reading the overview spent nothing.
  expect((await overview(KEYS.small)).rate_limits[0].used).toBe(3);
});

it("shows what the API stores but never answers: each org's language and its keys' names, never a key", async () => {
  const { api } = sandbox;
  await api.control("reset", undefined, KEYS.small);
  const plain = await api.createOrg({ name: "Plain" }, KEYS.small);
  await api.createOrg({ name: "Español", language: "es" }, KEYS.small);
  const named = await api.call("createOrgApiKey", { key: KEYS.small, params: { orgId: plain.body.id }, body: { name: "Production" } });
  const defaulted = await api.call("createOrgApiKey", { key: KEYS.small, params: { orgId: plain.body.id } });
  // Nowhere in the Partner API's answers (operations.test.ts checks every property they carry).
  expect(plain.body).not.toHaveProperty("language");
  expect([named.body, defaulted.body].map((b) => "name" in b)).toEqual([false, false]);
  const o = await overview(KEYS.small);
  const byName = Object.fromEntries(o.orgs.data.map((org: { name: string }) => [org.name, org]));
  expect(byName.Plain.language).toBe("en");
  expect(byName["Español"].language).toBe("es");
  // Oldest first by (created_at, id): two keys made in the same millisecond come in id order, so
  // the pairs are compared in that order, not in the order they were made.
  const byId = (a: string[], b: string[]) => (a[0]! < b[0]! ? -1 : 1);
  expect(byName.Plain.api_keys.map((k: { api_key_id: string; name: string }) => [k.api_key_id, k.name]).sort(byId)).toEqual(
    [
      [named.body.api_key_id, "Production"],
      [defaulted.body.api_key_id, "Default"],
    ].sort(byId),
  );
  expect(byName["Español"].api_keys).toEqual([]);
  const text = JSON.stringify(o);
  for (const key of [named.body.api_key, defaulted.body.api_key]) expect(text).not.toContain(key);
});

it("follows the partner's clock: a moved clock expires its links and closes its windows", async () => {
  const { api } = sandbox;
  await api.control("reset", undefined, KEYS.small);
  const org = await api.createOrg({ name: "Clock" }, KEYS.small);
  await api.call("createLoginLink", { key: KEYS.small, params: { orgId: org.body.id }, body: { email: "x@example.com" } });
  await api.control("clock", { advance_seconds: 3600 }, KEYS.small);
  const o = await overview(KEYS.small);
  expect(o.clock_offset_seconds).toBeGreaterThanOrEqual(3600);
  expect(o.open_login_links).toEqual([]);
  expect(o.rate_limits.map((p: { used: number; resets_at: string | null }) => [p.used, p.resets_at])).toEqual([
    [0, null],
    [0, null],
  ]);
});

it("answers only the calling partner, after the API's 401 and 403", async () => {
  const { api } = sandbox;
  await api.control("reset", undefined, KEYS.b);
  await api.createOrg({ name: "Only A's" }, KEYS.a);
  expect((await overview(KEYS.b)).orgs).toEqual({ data: [], total: 0 });
  expect((await api.raw("GET", "/_sandbox/overview", { key: null })).status).toBe(401);
  expect((await api.raw("GET", "/_sandbox/overview", { key: KEYS.aRevoked })).status).toBe(401);
  expect((await api.raw("GET", "/_sandbox/overview", { key: KEYS.inactive })).status).toBe(401);
  expect((await api.raw("GET", "/_sandbox/overview", { key: KEYS.blocked })).status).toBe(403);
});

it("serves the page and its files under a strict CSP, and 404s anything else under assets", async () => {
  const page = await fetch(`${sandbox.url}/_sandbox/`);
  expect(page.status).toBe(200);
  const csp = page.headers.get("content-security-policy")!;
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain("unsafe-inline");
  const html = await page.text();
  expect(html).not.toMatch(/<script>(?!<\/script>)|<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
  for (const [file, type] of [["page.js", "text/javascript"], ["page.css", "text/css"]]) {
    const asset = await fetch(`${sandbox.url}/_sandbox/assets/${file}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-type")).toContain(type);
  }
  for (const name of ["index.html", "..%2Fserver.ts", "nope.js"]) expect((await fetch(`${sandbox.url}/_sandbox/assets/${name}`)).status, name).toBe(404);
  expect((await fetch(`${sandbox.url}/_sandbox`, { redirect: "manual" })).headers.get("location")).toBe("/_sandbox/");
});

it("leads the sandbox's root to its page, and serves the page's icon under the same CSP, at /favicon.ico too", async () => {
  const root = await fetch(`${sandbox.url}/`, { redirect: "manual" });
  expect(root.status).toBe(302);
  expect(root.headers.get("location")).toBe("/_sandbox/");
  expect(sandboxDoc.problems("redirectToSandboxPage", { status: root.status, headers: root.headers, body: await root.text() })).toEqual([]);
  expect((await fetch(`${sandbox.url}/`)).url).toBe(`${sandbox.url}/_sandbox/`);
  expect((await fetch(`${sandbox.url}/`, { method: "HEAD", redirect: "manual" })).status).toBe(302);
  const post = await fetch(`${sandbox.url}/`, { method: "POST" });
  expect(post.status).toBe(405);
  expect(post.headers.get("allow")).toBe("GET, HEAD");

  const page = await fetch(`${sandbox.url}/_sandbox/`);
  expect(await page.text()).toContain('<link rel="icon" href="/_sandbox/assets/favicon.svg" type="image/svg+xml">');
  for (const [path, operationId] of [["/_sandbox/assets/favicon.svg", "getSandboxPageAsset"], ["/favicon.ico", "getSandboxFavicon"]] as const) {
    const icon = await fetch(`${sandbox.url}${path}`);
    const body = await icon.text();
    expect(icon.status, path).toBe(200);
    expect(icon.headers.get("content-type"), path).toBe("image/svg+xml");
    expect(icon.headers.get("content-security-policy"), path).toBe(page.headers.get("content-security-policy"));
    expect(body, path).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<\/svg>\n$/);
    expect(sandboxDoc.problems(operationId, { status: icon.status, headers: icon.headers, body })).toEqual([]);
  }
  expect((await fetch(`${sandbox.url}/favicon.ico`, { method: "DELETE" })).headers.get("allow")).toBe("GET, HEAD");
});
