// Where the rate limit is decided. An admitted request's admission runs in its unit of work, after
// the body is read; the order of checks must not notice: a body refused before the handler (413,
// 415, malformed JSON) or by validation (400) still answers 429 when the partner is out of budget,
// an `Expect: 100-continue` upload is refused before its body is invited, and every request
// spends exactly one unit of each policy — never two (100-continue), never none (a refused body).
// On every engine: on the SQL engines the admission is part of one transaction.
import { describe, expect, it } from "vitest";
import { KEYS, sandboxPerFile } from "./harness.ts";
import { lastResponse, openSocket } from "./socket-client.ts";

// Partner "small": 5 requests per 10 s (testConfig).
const BUDGET = 5;
const sandbox = sandboxPerFile();

const TOO_LARGE = JSON.stringify({ name: "x".repeat(1_100_000) });
/** Bodies refused before the operation runs, with what they answer while there is budget. */
const REFUSED_BODIES: [string, { rawBody: string; headers: Record<string, string> }, number][] = [
  ["a body over the size limit", { rawBody: TOO_LARGE, headers: { "content-type": "application/json" } }, 413],
  ["a body of another media type", { rawBody: "name=x", headers: { "content-type": "text/plain" } }, 415],
  ["malformed JSON", { rawBody: '{"name":', headers: { "content-type": "application/json" } }, 400],
  ["a body that breaks the schema", { rawBody: '{"nope":1}', headers: { "content-type": "application/json" } }, 400],
];

/** Units of the partner's global policy spent so far (the overview spends none). */
async function spent(key: string): Promise<number> {
  const overview = await sandbox.api.sandboxCall("getSandboxOverview", { key });
  expect(overview.status).toBe(200);
  return overview.body.rate_limits.find((p: { policy: string }) => p.policy === "partner").used as number;
}

async function exhaust(key: string): Promise<void> {
  for (let i = 0; i < BUDGET; i++) expect((await sandbox.api.call("listOrgs", { key })).status).toBe(200);
}

/** One `Expect: 100-continue` createOrg on a raw socket: what the server wrote, having sent the body only if invited. */
async function expectContinue(key: string, body: string): Promise<string> {
  const client = await openSocket(sandbox.url);
  client.socket.write(
    `POST /partner/v1/orgs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`,
  );
  const first = await client.waitFor(/^HTTP\/1\.1 \d{3}/);
  if (first.startsWith("HTTP/1.1 100")) client.socket.write(body);
  await client.closed;
  return client.received();
}

describe("a body refused before the operation", () => {
  it.each(REFUSED_BODIES)("%s answers its own status and spends one unit while there is budget", async (_label, request, status) => {
    const refused = await sandbox.api.raw("POST", "/partner/v1/orgs", { key: KEYS.small, ...request });
    expect(refused.status).toBe(status);
    expect(await spent(KEYS.small)).toBe(1);
  });

  it.each(REFUSED_BODIES)("%s answers 429 once the partner is out of budget", async (_label, request) => {
    await exhaust(KEYS.small);
    const refused = await sandbox.api.raw("POST", "/partner/v1/orgs", { key: KEYS.small, ...request });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(refused.body.message).toBe("Rate limit exceeded: 5 requests per 10 seconds");
    expect(await spent(KEYS.small)).toBe(BUDGET);
  });
});

describe("Expect: 100-continue", () => {
  it("refuses a partner out of budget with 429 before inviting the body", async () => {
    await exhaust(KEYS.small);
    const received = await expectContinue(KEYS.small, JSON.stringify({ name: "Never sent" }));
    expect(received).not.toContain("100 Continue");
    expect(lastResponse(received).status).toBe(429);
    await sandbox.api.control("clock", { advance_seconds: 10 }, KEYS.small);
    expect((await sandbox.api.call("listOrgs", { key: KEYS.small })).body.total).toBe(0);
  });

  it("admits once: the invited request spends one unit, not two, and is created", async () => {
    const received = await expectContinue(KEYS.small, JSON.stringify({ name: "Invited" }));
    expect(received).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\n/);
    expect(lastResponse(received).status).toBe(201);
    expect(await spent(KEYS.small)).toBe(1);
    expect((await sandbox.api.call("listOrgs", { key: KEYS.small })).body.total).toBe(1);
  });

  it("an invited body that is then refused (malformed JSON) keeps its one unit and answers 400", async () => {
    const received = await expectContinue(KEYS.small, '{"name":');
    expect(received).toContain("100 Continue");
    expect(lastResponse(received).status).toBe(400);
    expect(await spent(KEYS.small)).toBe(1);
  });
});

describe("the unit of work", () => {
  it("an admitted operation that is then refused (409, 403 ownership) still spends its unit", async () => {
    const org = await sandbox.api.createOrg({ name: "Mine", external_id: "mine" }, KEYS.small);
    expect(org.status).toBe(201);
    expect((await sandbox.api.raw("POST", "/partner/v1/orgs", { key: KEYS.small, body: { name: "Again", external_id: "mine" } })).status).toBe(409);
    const foreign = (await sandbox.api.createOrg({ name: "B's" }, KEYS.b)).body.id as string;
    expect((await sandbox.api.raw("POST", `/partner/v1/orgs/${foreign}/login-links`, { key: KEYS.small, body: { email: "a@b.example" } })).status).toBe(403);
    expect(await spent(KEYS.small)).toBe(3);
  });

  it("a refused admission changes nothing: no org is created past the budget", async () => {
    await exhaust(KEYS.small);
    expect((await sandbox.api.raw("POST", "/partner/v1/orgs", { key: KEYS.small, body: { name: "Too many" } })).status).toBe(429);
    await sandbox.api.control("clock", { advance_seconds: 10 }, KEYS.small);
    expect((await sandbox.api.call("listOrgs", { key: KEYS.small })).body.total).toBe(0);
  });
});
