// The request journal (openapi/sandbox: listSandboxRequests), on every engine: what a partner's
// requests looked like to the sandbox, which layer refused them, scoped to the partner, bounded,
// paged, and never holding a secret.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStorage } from "../../packages/sandbox/src/storage/open.ts";
import { createMemoryStorage } from "../../packages/sandbox/src/storage/memory/index.ts";
import { AuthenticationError, BadRequestError, createPartnerClient } from "../../packages/client/src/index.ts";
import type { SandboxStorage } from "../../packages/sandbox/src/storage/types/index.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/postgres.ts";
import { Api, BLOCKED_ALLOW_LIST, ENGINES, engineUnavailable, KEYS, needEngine, startTestSandbox, testConfig, type Engine, type TestSandbox } from "./harness.ts";

async function journalPage(api: Api, key: string, query = ""): Promise<{ data: any[]; next_before: number | null }> {
  const page = await api.raw("GET", `/_sandbox/requests${query ? `?${query}` : ""}`, { key });
  expect(page.status, page.text).toBe(200);
  return page.body;
}

/**
 * A journal page once `entries` requests are journaled: entries are written after the answer is
 * sent (never delaying it), so on a SQL engine the last one may land a moment after its answer.
 */
async function journal(api: Api, key: string, query = "", entries?: number): Promise<{ data: any[]; next_before: number | null }> {
  if (entries !== undefined) await expect.poll(async () => (await journalPage(api, key, query)).data.length, { timeout: 5000 }).toBe(entries);
  return journalPage(api, key, query);
}

async function openEngine(engine: Engine, dir: string, database: TestDatabase | undefined): Promise<SandboxStorage> {
  if (engine === "sqlite") return openStorage({ statePath: join(dir, "state.sqlite") });
  if (engine === "postgres") return openStorage({ databaseUrl: database!.url });
  return openStorage({});
}

describe.each(ENGINES)("journal on the %s engine", (engine) => {
  let sandbox: TestSandbox;
  let storage: SandboxStorage;
  let dir: string;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    if (await engineUnavailable(engine)) return; // each test then skips (or fails under CI) by name
    dir = mkdtempSync(join(tmpdir(), "journal-"));
    if (engine === "postgres") database = await createTestDatabase();
    storage = await openEngine(engine, dir, database);
    sandbox = await startTestSandbox({ engine, storage });
  });
  afterAll(async () => {
    await sandbox?.close();
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("records successes and refusals newest first, with the refusing layer, the path template and the client IP", async (ctx) => {
    await needEngine(ctx, engine);
    const api = sandbox.api;
    await api.control("reset");
    const created = await api.createOrg({ name: "Journal Org", external_id: "journal-1" });
    const duplicate = await api.raw("POST", "/partner/v1/orgs", { body: { name: "Again", external_id: "journal-1" } });
    expect(duplicate.status).toBe(409);
    const invalid = await api.raw("POST", "/partner/v1/orgs", { body: { name: "" } });
    expect(invalid.status).toBe(400);
    const foreign = await api.raw("POST", "/partner/v1/orgs/00000000-0000-7000-8000-000000000000/api-keys", { body: {} });
    expect(foreign.status).toBe(403);

    const { data } = await journal(api, KEYS.a, "", 4);
    expect(data.map((e) => [e.operation_id, e.status, e.refused_by])).toEqual([
      ["createOrgApiKey", 403, "ownership"],
      ["createOrg", 400, "validation"],
      ["createOrg", 409, "conflict"],
      ["createOrg", 201, null],
    ]);
    const [ownership, validation, conflict, success] = data;
    expect(success).toMatchObject({ method: "POST", path: "/partner/v1/orgs", client_ip: "127.0.0.1", message: null, request_id: created.headers.get("x-request-id") });
    expect(conflict.message).toBe(duplicate.body.message);
    expect(validation.message).toEqual(invalid.body.message);
    expect(ownership.path).toBe("/partner/v1/orgs/{orgId}/api-keys"); // the template, never the id
    expect(Date.parse(success.at)).toBeGreaterThan(0);
    expect(data.every((e: { duration_ms: number }) => e.duration_ms >= 0)).toBe(true);
  });

  it("journals a revoked key and an IP refusal to their partner, an unknown key nowhere, and another partner's requests never", async (ctx) => {
    await needEngine(ctx, engine);
    const api = sandbox.api;
    await api.control("reset");
    await api.control("reset", undefined, KEYS.b);
    await api.raw("GET", "/partner/v1/orgs", { key: KEYS.aRevoked });
    await api.raw("GET", "/partner/v1/orgs", { key: "test-key-nobody-has" });
    await api.raw("GET", "/partner/v1/orgs", { key: KEYS.b });
    const b = await journal(api, KEYS.b, "", 1);
    const a = await journal(api, KEYS.a, "", 1);
    expect(a.data.map((e) => [e.status, e.refused_by, e.message])).toEqual([[401, "auth", "Partner API key has been revoked"]]);
    expect(b.data.map((e) => [e.operation_id, e.status])).toEqual([["listOrgs", 200]]);

    // The blocked partner's own journal, read through a trusted proxy from an allowed address.
    const allowed = { "x-forwarded-for": BLOCKED_ALLOW_LIST[2]! };
    await api.control("reset", undefined, KEYS.blocked, allowed);
    await api.raw("GET", "/partner/v1/orgs", { key: KEYS.blocked, headers: { "x-forwarded-for": "192.0.2.1" } });
    let refused = await api.raw("GET", "/_sandbox/requests", { key: KEYS.blocked, headers: allowed });
    for (let i = 0; i < 100 && refused.body.data.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      refused = await api.raw("GET", "/_sandbox/requests", { key: KEYS.blocked, headers: allowed });
    }
    expect(refused.body.data.map((e: any) => [e.status, e.refused_by, e.client_ip])).toEqual([[403, "ip", "192.0.2.1"]]);
  });

  it("keeps a caller's X-Request-Id of sane shape and replaces any other", async (ctx) => {
    await needEngine(ctx, engine);
    const api = sandbox.api;
    await api.control("reset");
    const own = await api.raw("GET", "/partner/v1/orgs", { headers: { "x-request-id": "partner-trace-42" } });
    expect(own.headers.get("x-request-id")).toBe("partner-trace-42");
    const odd = await api.raw("GET", "/partner/v1/orgs", { headers: { "x-request-id": "has spaces <and> markup" } });
    expect(odd.headers.get("x-request-id")).not.toBe("has spaces <and> markup");
    const { data } = await journal(api, KEYS.a, "", 2);
    expect(data.map((e) => e.request_id)).toEqual([odd.headers.get("x-request-id"), "partner-trace-42"]);
  });

  it("pages with limit and before, filters by status and operation_id, and answers 400 for a bad query", async (ctx) => {
    await needEngine(ctx, engine);
    const api = sandbox.api;
    await api.control("reset");
    for (let i = 0; i < 5; i++) await api.createOrg({ name: `Page ${i}`, external_id: `page-${i}` });
    await api.raw("POST", "/partner/v1/orgs", { body: { name: "Dup", external_id: "page-0" } });
    await api.call("listOrgs");
    await journal(api, KEYS.a, "", 7);
    const first = await journal(api, KEYS.a, "limit=3");
    expect(first.data).toHaveLength(3);
    expect(first.next_before).toBe(first.data[2].seq);
    const second = await journal(api, KEYS.a, `limit=3&before=${first.next_before}`);
    expect(second.data).toHaveLength(3);
    expect(second.next_before).toBe(second.data[2].seq);
    const rest = await journal(api, KEYS.a, `limit=3&before=${second.next_before}`);
    expect(rest.data).toHaveLength(1); // 7 requests in all
    expect(rest.next_before).toBeNull();
    const seqs = [...first.data, ...second.data].map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => y - x));
    expect((await journal(api, KEYS.a, "status=409")).data.map((e) => e.status)).toEqual([409]);
    expect((await journal(api, KEYS.a, "operation_id=listOrgs")).data.map((e) => e.operation_id)).toEqual(["listOrgs"]);
    for (const bad of ["limit=0", "limit=501", "before=0", "status=99", "limit=abc"]) {
      expect((await api.raw("GET", `/_sandbox/requests?${bad}`)).status, bad).toBe(400);
    }
    expect((await api.raw("GET", "/_sandbox/requests", { key: null })).status).toBe(401);
  });

  it("is emptied by the partner's reset, and reading it or the overview is not journaled", async (ctx) => {
    await needEngine(ctx, engine);
    const api = sandbox.api;
    await api.control("reset");
    await api.call("listOrgs");
    await journal(api, KEYS.a, "", 1);
    await api.raw("GET", "/_sandbox/overview");
    await api.raw("GET", "/_sandbox/requests");
    await new Promise((r) => setTimeout(r, 200)); // room for a (wrong) journal write to land
    expect((await journal(api, KEYS.a)).data).toHaveLength(1);
    await api.control("reset");
    expect((await journal(api, KEYS.a)).data).toEqual([]);
  });

  it("never stores a secret: keys, org API keys, login tokens and integration credentials are absent from every stored row", async (ctx) => {
    await needEngine(ctx, engine);
    const api = sandbox.api;
    await api.control("reset");
    const org = await api.createOrg({ name: "Secrets", external_id: "secrets-1" });
    const orgApiKey = (await api.call("createOrgApiKey", { params: { orgId: org.body.id }, body: { name: "k" } })).body.api_key as string;
    const link = (await api.call("createLoginLink", { params: { orgId: org.body.id }, body: { email: "s@example.com" } })).body.url as string;
    const token = new URL(link).searchParams.get("token")!;
    const credentials = { app_key: "invalid-app-key-SECRET-1", user_key: "user-key-SECRET-2" };
    await api.raw("POST", "/partner/v1/orgs", { body: { name: "Creds", integrations: { fareharbor: credentials } } });
    // Secrets echoed back in messages: an org key and a login token as external_ids.
    await api.createOrg({ name: "Echo key", external_id: orgApiKey.slice(0, 255) });
    await api.raw("POST", "/partner/v1/orgs", { body: { name: "Echo key again", external_id: orgApiKey.slice(0, 255) } });
    await api.raw("GET", `/partner/v1/orgs/by-external-id/${token}`);
    await api.raw("GET", "/partner/v1/orgs", { key: KEYS.aRevoked });
    await api.raw("GET", "/partner/v1/orgs", { headers: { authorization: `Basic ${KEYS.a}` } });

    await expect.poll(async () => (await storage.readJournal("a", { limit: 500 })).length, { timeout: 5000 }).toBe(8);
    const rows = await storage.readJournal("a", { limit: 500 });
    const secrets = [KEYS.a, KEYS.aRevoked, orgApiKey.slice(0, 255), token, credentials.app_key, credentials.user_key];
    const stored = JSON.stringify(rows);
    for (const secret of secrets) expect(stored, `a stored journal row holds ${secret.slice(0, 12)}…`).not.toContain(secret);
    if (engine === "sqlite") {
      // The whole file: no table may hold a secret the request carried. (The org key used as an
      // external_id above is, rightly, that org's external_id: it is left out of this scan.)
      const bytes = readdirSync(dir).map((f) => readFileSync(join(dir, f)).toString("latin1")).join("\n");
      for (const secret of secrets.filter((s) => s !== orgApiKey.slice(0, 255))) {
        expect(bytes.includes(secret), `the SQLite files hold ${secret.slice(0, 12)}…`).toBe(false);
      }
    }
  });
});

it("keeps the last journal_size entries per partner, oldest dropped", async () => {
  const sandbox = await startTestSandbox({ engine: "memory", journalSize: 3 });
  try {
    for (let i = 0; i < 5; i++) await sandbox.api.call("listOrgs", { query: `offset=${i}` });
    const { data } = await journal(sandbox.api, KEYS.a, "", 3);
    expect(data).toHaveLength(3);
    expect(data[0].seq - data[2].seq).toBe(2);
  } finally {
    await sandbox.close();
  }
});

it("takes journal_size from the config, where 0 turns the journal off", async () => {
  const sandbox = await startTestSandbox({ engine: "memory", config: { ...testConfig(), journal_size: 0 } });
  try {
    await sandbox.api.call("listOrgs");
    expect((await journal(sandbox.api, KEYS.a)).data).toEqual([]);
  } finally {
    await sandbox.close();
  }
});

it("is read through the typed client (client.sandbox), with the same key and errors", async () => {
  const sandbox = await startTestSandbox({ engine: "memory" });
  try {
    const client = createPartnerClient({ apiKey: KEYS.a, baseUrl: sandbox.url, maxRetries: 0 });
    await client.sandbox.resetSandbox();
    await client.createOrg({ name: "Typed", external_id: "typed-1" });
    await client.createOrg({ name: "Typed", external_id: "typed-1" }).catch(() => {});
    const refused = await client.sandbox.listSandboxRequests({ status: 409 });
    expect(refused.data.map((e) => [e.operation_id, e.refused_by])).toEqual([["createOrg", "conflict"]]);
    const overview = await client.sandbox.getSandboxOverview();
    expect(overview.orgs.total).toBe(1);
    expect((await client.sandbox.advanceSandboxClock({ advance_seconds: 5 })).offset_seconds).toBe(5);
    const bad = await client.sandbox.listSandboxRequests({ limit: 0 }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(BadRequestError);
    const stranger = createPartnerClient({ apiKey: "not-a-key", baseUrl: sandbox.url, maxRetries: 0 });
    expect(await stranger.sandbox.listSandboxRequests().catch((e: unknown) => e)).toBeInstanceOf(AuthenticationError);
  } finally {
    await sandbox.close();
  }
});

describe("journal writes off the request path", () => {
  it("close() writes every entry still buffered before the storage closes: a graceful shutdown loses none", async () => {
    const inner = createMemoryStorage();
    // The engine outlives the sandbox here, so what close() wrote can be read afterwards.
    const storage: SandboxStorage = { ...inner, engine: inner.engine, close: async () => {} };
    const sandbox = await startTestSandbox({ engine: "memory", storage });
    for (let i = 0; i < 3; i++) expect((await sandbox.api.call("listOrgs", { key: KEYS.a })).status).toBe(200);
    await sandbox.close();
    expect((await inner.readJournal("a", { limit: 10 })).map((e) => e.operation_id)).toEqual(["listOrgs", "listOrgs", "listOrgs"]);
  });
});
