// Guarantees that only separate OS processes can show: two processes on one PostgreSQL
// database are one sandbox (exactly-once creates, single-use links, one rate limit), schema
// migrations started at once apply once, and kill -9 during a write loop loses nothing that
// was acknowledged (sqlite and postgres).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openPostgresStorage } from "../../packages/sandbox/src/storage/postgres/index.ts";
import { openSqliteStorage } from "../../packages/sandbox/src/storage/sqlite/index.ts";
import { MIGRATION_TABLE } from "../../packages/sandbox/src/storage/sql/migrations.ts";
import type { SandboxStorage } from "../../packages/sandbox/src/storage/types/index.ts";
import { createTestDatabase, needPostgres, query, type TestDatabase } from "../helpers/postgres.ts";
import { killAll, race, startChild } from "./processes.ts";

const ROOMY = { orgs: 1_000_000, login_links: 1_000_000, stored_bytes: 1e12 };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  killAll();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function database(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  cleanups.push(() => db.drop());
  return db;
}

async function opened(open: () => Promise<SandboxStorage>): Promise<SandboxStorage> {
  const s = await open();
  cleanups.push(() => s.close());
  return s;
}

describe("two processes on one PostgreSQL database", () => {
  it("50 concurrent creates with one external_id, split across both: exactly 1 created, 49 conflicts", async (ctx) => {
    await needPostgres(ctx);
    const db = await database();
    await opened(() => openPostgresStorage(db.url)).then((s) => s.close()); // schema first: this test is about the creates
    const results = await race([
      ["postgres", db.url, "create", "25", "same-external-id"],
      ["postgres", db.url, "create", "25", "same-external-id"],
    ]);
    expect(results.reduce((n, r) => n + r.created!, 0)).toBe(1);
    expect(results.reduce((n, r) => n + r.conflict!, 0)).toBe(49);
    const rows = await query<{ n: string }>(db.url, "select count(*) as n from orgs where external_id = 'same-external-id'");
    expect(Number(rows[0]!.n)).toBe(1);
  });

  it("one login link consumed 20 times concurrently across both: exactly 1 visit gets it", async (ctx) => {
    await needPostgres(ctx);
    const db = await database();
    const s = await opened(() => openPostgresStorage(db.url));
    const now = Date.now();
    const org = { id: s.newOrgId(now), partner_id: "race-partner", name: "Race", widget_token: "w".repeat(32), external_id: "x", created_at: new Date(now).toISOString() };
    await s.createOrg(org, ROOMY);
    const token = "c".repeat(64);
    await s.addLoginLink({ token_sha256: token, org_id: org.id, partner_id: org.partner_id, email: "a@example.com", name: "A", role_ids: [], expires_at_ms: now + 900_000 }, ROOMY, now);
    const results = await race([
      ["postgres", db.url, "consume", "10", token],
      ["postgres", db.url, "consume", "10", token],
    ]);
    expect(results.reduce((n, r) => n + r.consumed!, 0)).toBe(1);
  });

  it("a partner with limit L sending 2L requests across both: exactly L admitted", async (ctx) => {
    await needPostgres(ctx);
    const db = await database();
    await opened(() => openPostgresStorage(db.url)).then((s) => s.close());
    const L = 40;
    const results = await race([
      ["postgres", db.url, "admit", String(L), String(L)],
      ["postgres", db.url, "admit", String(L), String(L)],
    ]);
    expect(results.reduce((n, r) => n + r.admitted!, 0)).toBe(L);
  });

  it("two processes migrating a fresh database at once both succeed; each version is recorded once", async (ctx) => {
    await needPostgres(ctx);
    const db = await database();
    const results = await race([
      ["postgres", db.url, "migrate"],
      ["postgres", db.url, "migrate"],
    ]);
    expect(results).toEqual([{ ok: true }, { ok: true }]);
    const rows = await query<{ name: string; n: string }>(db.url, `select name, count(*) as n from ${MIGRATION_TABLE} group by name order by name`);
    expect(rows.map((r) => [r.name, Number(r.n)])).toEqual([
      ["0001_initial", 1],
      ["0002_request_units", 1],
    ]);
  });
});

describe("two processes on one SQLite file", () => {
  it("migrate at once, then race creates: exactly 1 created", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sandbox-sqlite-race-"));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, "state.sqlite");
    expect(await race([["sqlite", file, "migrate"], ["sqlite", file, "migrate"]])).toEqual([{ ok: true }, { ok: true }]);
    const results = await race([
      ["sqlite", file, "create", "25", "same-external-id"],
      ["sqlite", file, "create", "25", "same-external-id"],
    ]);
    expect(results.reduce((n, r) => n + r.created!, 0)).toBe(1);
    expect(results.reduce((n, r) => n + r.conflict!, 0)).toBe(49);
  });
});

describe("kill -9 during a write loop loses nothing acknowledged", () => {
  async function killMidLoop(engine: string, target: string): Promise<string[]> {
    const child = startChild([engine, target, "write-loop"]);
    await child.waitFor((l) => l === "ready");
    // Let it write for a while (300 acknowledged, or 10 s on a busy machine), then kill it mid-loop.
    const deadline = Date.now() + 10_000;
    while (child.lines.length <= 300 && Date.now() < deadline && child.process.exitCode === null) await new Promise((r) => setTimeout(r, 10));
    child.process.kill("SIGKILL");
    const exit = await child.exited;
    expect(exit.signal).toBe("SIGKILL");
    return child.lines.filter((l) => l.startsWith("ack ")).map((l) => l.slice(4));
  }

  async function missing(s: SandboxStorage, ids: string[]): Promise<string[]> {
    const { data, total } = await s.listOrgs("race-partner", 1_000_000, 0);
    expect(total).toBeGreaterThanOrEqual(ids.length);
    const stored = new Set(data.map((o) => o.id));
    return ids.filter((id) => !stored.has(id));
  }

  it("sqlite", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sandbox-sqlite-kill-"));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, "state.sqlite");
    const acked = await killMidLoop("sqlite", file);
    expect(acked.length).toBeGreaterThan(0);
    const s = await opened(() => openSqliteStorage(file));
    expect(await missing(s, acked)).toEqual([]);
    console.log(`kill -9 of a sqlite writer: ${acked.length} acknowledged creates, none lost`);
  });

  it("postgres", async (ctx) => {
    await needPostgres(ctx);
    const db = await database();
    const acked = await killMidLoop("postgres", db.url);
    expect(acked.length).toBeGreaterThan(0);
    const s = await opened(() => openPostgresStorage(db.url));
    expect(await missing(s, acked)).toEqual([]);
    console.log(`kill -9 of a postgres writer: ${acked.length} acknowledged creates, none lost`);
  });
});
