// The SQL engines when things go wrong: an unreachable database at start, a database lost while
// running (a stalled or closed network, backends terminated by the server), close(), and the
// SQLite file's JSON-snapshot import or refusal.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../../mock/free-port.ts";
import { openPostgresStorage } from "../../packages/sandbox/src/storage/postgres/index.ts";
import { openSqliteStorage } from "../../packages/sandbox/src/storage/sqlite/index.ts";
import { StorageUnavailableError, type SandboxStorage, type StoredOrg } from "../../packages/sandbox/src/storage/types/index.ts";
import { createTestDatabase, needPostgres, query, type TestDatabase } from "../helpers/postgres.ts";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy.ts";

const ROOMY = { orgs: 1000, login_links: 1000, stored_bytes: 1e9 };
const TIMEOUT_MS = 800;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function database(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  cleanups.push(() => db.drop());
  return db;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-faults-"));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function org(s: SandboxStorage, partner: string, externalId: string | null): StoredOrg {
  const now = Date.now();
  return { id: s.newOrgId(now), partner_id: partner, name: "Org", widget_token: "w".repeat(32), external_id: externalId, created_at: new Date(now).toISOString() };
}

/** Every method once; each must reject with StorageUnavailableError (never hang, never another error). */
function everyMethod(s: SandboxStorage): [string, () => Promise<unknown>][] {
  const now = Date.now();
  const o = org(s, "p1", "lost");
  const link = { token_sha256: "a".repeat(64), org_id: o.id, partner_id: "p1", email: "a@example.com", name: "A", role_ids: [], expires_at_ms: now + 1000 };
  return [
    ["admit", () => s.admit("p1", [{ name: "partner", limit: 5, windowMs: 60_000 }], now)],
    ["partnerNow", () => s.partnerNow("p1", now)],
    ["advanceClock", () => s.advanceClock("p1", 1000)],
    ["clockOffsetMs", () => s.clockOffsetMs("p1")],
    ["rateWindows", () => s.rateWindows("p1")],
    ["createOrg", () => s.createOrg(o, ROOMY)],
    ["listOrgs", () => s.listOrgs("p1", 10, 0)],
    ["orgByExternalId", () => s.orgByExternalId("p1", "x")],
    ["ownedOrg", () => s.ownedOrg("p1", o.id)],
    ["addApiKey", () => s.addApiKey({ id: "k", org_id: o.id, partner_id: "p1", name: "n", key_sha256: "b".repeat(64), created_at: o.created_at }, ROOMY)],
    ["addLoginLink", () => s.addLoginLink(link, ROOMY, now)],
    ["peekLoginLink", () => s.peekLoginLink(link.token_sha256, now)],
    ["consumeLoginLink", () => s.consumeLoginLink(link.token_sha256, now)],
    ["openLoginLinks", () => s.openLoginLinks("p1", now)],
    ["usage", () => s.usage("p1", now)],
    ["sweepExpired", () => s.sweepExpired(now)],
    ["appendJournal", () => s.appendJournal([{ partnerId: "p1", entry: { at_ms: now, request_id: "r", method: "GET", path: "/", operation_id: null, status: 200, duration_ms: 1, client_ip: null, refused_by: null, message: null } }], 10)],
    ["readJournal", () => s.readJournal("p1", { limit: 10 })],
    ["resetPartner", () => s.resetPartner("p1")],
    ["resetAll", () => s.resetAll()],
    ["ping", () => s.ping()],
  ];
}

async function expectAllUnavailable(s: SandboxStorage): Promise<number> {
  const started = performance.now();
  const outcomes = await Promise.allSettled(everyMethod(s).map(([, call]) => call()));
  const elapsed = performance.now() - started;
  const wrong = outcomes
    .map((o, i) => [everyMethod(s)[i]![0], o] as const)
    .filter(([, o]) => o.status !== "rejected" || !(o.reason instanceof StorageUnavailableError))
    .map(([name, o]) => `${name}: ${o.status === "rejected" ? String(o.reason) : "resolved"}`);
  expect(wrong).toEqual([]);
  return elapsed;
}

/** Retries until the engine answers again (it must recover by itself), within a bound. */
async function recovered(s: SandboxStorage): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await s.ping();
      await s.listOrgs("p1", 1, 0);
      return;
    } catch (error) {
      expect(error).toBeInstanceOf(StorageUnavailableError);
      if (attempt > 50) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe("postgres faults", () => {
  it("an unreachable database at start: one clear message naming the URL without its password", async () => {
    const port = await freePort();
    const url = `postgres://sandbox:s3cret-pw@127.0.0.1:${port}/sandbox?password=s3cret-pw`;
    const error = (await openPostgresStorage(url, { statementTimeoutMs: 2000 }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain(`cannot reach PostgreSQL at postgres://sandbox@127.0.0.1:${port}/sandbox`);
    expect(error.message).not.toContain("s3cret");
    expect(error.message).toMatch(/ECONNREFUSED|connect/);
  });

  it("a stalled network: every method rejects with StorageUnavailableError, then the engine recovers by itself", async (ctx) => {
    await needPostgres(ctx);
    const db = await database();
    const target = new URL(db.url);
    const proxy: TcpProxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    cleanups.push(() => proxy.stop());
    const viaProxy = new URL(db.url);
    viaProxy.port = String(proxy.port);
    const s = await openPostgresStorage(viaProxy.toString(), { poolSize: 4, statementTimeoutMs: TIMEOUT_MS });
    cleanups.push(() => s.close());
    expect(await s.createOrg(org(s, "p1", "before"), ROOMY)).toHaveProperty("created");

    proxy.stall();
    const stalledMs = await expectAllUnavailable(s);
    proxy.resume();
    await recovered(s);
    expect(await s.orgByExternalId("p1", "before")).toBeDefined();

    await proxy.stop();
    const stoppedMs = await expectAllUnavailable(s);
    await proxy.start();
    await recovered(s);
    expect(await s.createOrg(org(s, "p1", "after"), ROOMY)).toHaveProperty("created");
    console.log(`postgres lost (timeout ${TIMEOUT_MS} ms): all ${everyMethod(s).length} methods rejected in ${Math.round(stalledMs)} ms (stalled), ${Math.round(stoppedMs)} ms (port closed)`);
  });

  it("backends terminated by the server (pg_terminate_backend): callers get StorageUnavailableError at worst, and it recovers", async (ctx) => {
    await needPostgres(ctx);
    const db = await database();
    const s = await openPostgresStorage(db.url, { poolSize: 4, statementTimeoutMs: 2000 });
    cleanups.push(() => s.close());
    // Fill the pool with connections, then have the server kill them all.
    await Promise.all(Array.from({ length: 8 }, (_, i) => s.createOrg(org(s, "p1", `warm-${i}`), ROOMY)));
    expect(s.poolStats?.().total).toBeGreaterThan(0);
    const killed = await query<{ n: string }>(
      db.url,
      "select count(pg_terminate_backend(pid)) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()",
    );
    expect(Number(killed[0]!.n)).toBeGreaterThan(0);
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => s.createOrg(org(s, "p1", `after-${i}`), ROOMY)));
    for (const o of outcomes) if (o.status === "rejected") expect(o.reason).toBeInstanceOf(StorageUnavailableError);
    await recovered(s);
    expect(await s.createOrg(org(s, "p1", "recovered"), ROOMY)).toHaveProperty("created");
  });

  it("close(): the pool ends and every later call rejects with StorageUnavailableError", async (ctx) => {
    await needPostgres(ctx);
    const db = await database();
    const s = await openPostgresStorage(db.url);
    await s.ping();
    await s.close();
    await s.close(); // twice is harmless
    await expectAllUnavailable(s);
  });
});

describe("sqlite state file", () => {
  it("persists across reopen; close() makes every call reject with StorageUnavailableError", async () => {
    const file = join(tempDir(), "state.sqlite");
    const first = await openSqliteStorage(file);
    const o = org(first, "p1", "kept");
    await first.createOrg(o, ROOMY);
    await first.advanceClock("p1", 5000);
    await first.close();
    await expectAllUnavailable(first);
    const second = await openSqliteStorage(file);
    cleanups.push(() => second.close());
    expect(await second.orgByExternalId("p1", "kept")).toEqual(o);
    expect(await second.clockOffsetMs("p1")).toBe(5000);
  });

  it("imports a JSON snapshot of the old --state format once and keeps the JSON beside it", async () => {
    const dir = tempDir();
    const file = join(dir, "state.json");
    const now = Date.now();
    const orgs = [
      { id: "01900000-0000-7000-8000-000000000001", partner_id: "pa", name: "A", widget_token: "w".repeat(32), external_id: "a", created_at: new Date(now).toISOString() },
      { id: "01900000-0000-7000-8000-000000000002", partner_id: "pb", name: "B", widget_token: "w".repeat(32), external_id: null, created_at: new Date(now).toISOString() },
    ];
    const snapshot = {
      version: 1,
      clock_offset_ms: 60_000,
      orgs,
      api_keys: [{ id: "k1", org_id: orgs[0]!.id, name: "Default", key_sha256: "c".repeat(64), created_at: orgs[0]!.created_at }],
      login_links: [{ token_sha256: "d".repeat(64), org_id: orgs[0]!.id, email: "u@example.com", name: "U", role_ids: [], expires_at_ms: now + 900_000 }],
    };
    const text = JSON.stringify(snapshot);
    writeFileSync(file, text);
    let kept: string | undefined;
    const s = await openSqliteStorage(file, { onImported: (name) => (kept = name) });
    cleanups.push(() => s.close());
    expect(kept).toMatch(/state\.json\.imported-.*\.json$/);
    expect(readFileSync(kept!, "utf8")).toBe(text);
    expect(readFileSync(file).subarray(0, 15).toString()).toBe("SQLite format 3");
    expect(await s.listOrgs("pa", 10, 0)).toEqual({ data: [orgs[0]], total: 1 });
    expect(await s.listOrgs("pb", 10, 0)).toEqual({ data: [orgs[1]], total: 1 });
    expect(await s.clockOffsetMs("pa")).toBe(60_000);
    expect(await s.peekLoginLink("d".repeat(64), now)).toEqual({ link: { ...snapshot.login_links[0], partner_id: "pa" }, orgName: "A" });
    expect((await s.usage("pa", now)).stored_bytes).toBeGreaterThan(0);
    expect(await s.createOrg({ ...orgs[0]!, id: s.newOrgId(now) }, ROOMY)).toEqual({ conflict: true });
    await s.close();
    // A second start opens the database; nothing is imported again.
    let again: string | undefined;
    const reopened = await openSqliteStorage(file, { onImported: (name) => (again = name) });
    cleanups.push(() => reopened.close());
    expect(again).toBeUndefined();
    expect((await reopened.listOrgs("pa", 10, 0)).total).toBe(1);
    expect(readdirSync(dir).filter((f) => f.includes("importing"))).toEqual([]);
  });

  it("refuses a file that is neither SQLite nor a snapshot, and leaves it untouched", async () => {
    const dir = tempDir();
    for (const [name, content, why] of [
      ["garbage.txt", "not json at all", "not a SQLite database, and not valid JSON"],
      ["other.json", JSON.stringify({ version: 2, things: [] }), "not a SQLite database, and not a sandbox state file (a version 1 JSON snapshot)"],
    ] as const) {
      const file = join(dir, name);
      writeFileSync(file, content);
      const error = (await openSqliteStorage(file).catch((e: unknown) => e)) as Error;
      expect(error.message).toContain(`cannot use the state file ${file}: ${why}`);
      expect(error.message).toContain("it was left untouched");
      expect(error.message).toContain("Move it away, or pass another --state path");
      expect(readFileSync(file, "utf8")).toBe(content);
    }
    expect(readdirSync(dir).sort()).toEqual(["garbage.txt", "other.json"]);
    expect(existsSync(join(dir, "garbage.txt-wal"))).toBe(false);
  });
});
