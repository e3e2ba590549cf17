// A state file or database written before the request units (schema version 0001) opens with
// today's code: 0002 applies once, and what was stored is all still there — orgs, counters and
// the journal, which becomes a ring without losing an entry — and keeps working.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kysely, PostgresDialect, sql } from "kysely";
import { Migrator } from "kysely/migration";
import { afterEach, describe, expect, it } from "vitest";
import { createPool, openPostgresStorage } from "../../packages/sandbox/src/storage/postgres/index.ts";
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE, migrations, type SqlDialectName } from "../../packages/sandbox/src/storage/sql/migrations.ts";
import { nodeSqliteDialect } from "../../packages/sandbox/src/storage/sqlite/dialect.ts";
import { openSqliteFile, openSqliteStorage } from "../../packages/sandbox/src/storage/sqlite/index.ts";
import type { SandboxStorage } from "../../packages/sandbox/src/storage/types/index.ts";
import { createTestDatabase, needPostgres } from "../helpers/postgres.ts";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Schema 0001 with one org, its counter and three journal entries of partner p1, as the previous release wrote them. */
async function version1(db: Kysely<any>, dialect: SqlDialectName): Promise<void> {
  const all = migrations(dialect);
  const migrator = new Migrator({ db, provider: { getMigrations: async () => all }, migrationTableName: MIGRATION_TABLE, migrationLockTableName: MIGRATION_LOCK_TABLE });
  const { error } = await migrator.migrateTo("0001_initial");
  if (error) throw error;
  const org = { id: "01900000-0000-7000-8000-000000000001", partner_id: "p1", name: "Old", widget_token: "w".repeat(32), external_id: "old", created_at: "2026-01-01T00:00:00.000Z" };
  const record = JSON.stringify(org);
  await db.insertInto("orgs").values({ id: org.id, partner_id: "p1", external_id: "old", created_at: org.created_at, name: "Old", record, bytes: Buffer.byteLength(record) }).execute();
  await db.insertInto("partner_usage").values({ partner_id: "p1", orgs: 1, stored_bytes: Buffer.byteLength(record) }).execute();
  await db.insertInto("journal_heads").values({ partner_id: "p1", seq: 3 }).execute();
  for (const seq of [1, 2, 3]) {
    const entry = { at_ms: seq, request_id: `old-${seq}`, method: "GET", path: "/partner/v1/orgs", operation_id: "listOrgs", status: 200, duration_ms: 1, client_ip: null, refused_by: null, message: null };
    await db.insertInto("journal").values({ partner_id: "p1", seq, status: 200, operation_id: "listOrgs", entry: JSON.stringify(entry) }).execute();
  }
}

async function expectCarriedOver(s: SandboxStorage): Promise<void> {
  expect((await s.listOrgs("p1", 10, 0)).data.map((o) => o.name)).toEqual(["Old"]);
  expect((await s.usage("p1", 0)).orgs).toBe(1);
  expect((await s.readJournal("p1", { limit: 10 })).map((e) => [e.seq, e.request_id])).toEqual([
    [3, "old-3"],
    [2, "old-2"],
    [1, "old-1"],
  ]);
  const next = { at_ms: 4, request_id: "new-4", method: "GET", path: "/partner/v1/orgs", operation_id: "listOrgs", status: 200, duration_ms: 1, client_ip: null, refused_by: null, message: null };
  await s.appendJournal([{ partnerId: "p1", entry: next }], 3);
  expect((await s.readJournal("p1", { limit: 10 })).map((e) => e.request_id)).toEqual(["new-4", "old-3", "old-2"]);
  expect(await s.createOrg({ ...(await s.listOrgs("p1", 1, 0)).data[0]!, id: s.newOrgId(Date.now()), external_id: "new" }, { orgs: 10, login_links: 10, stored_bytes: 1e6 })).toHaveProperty("created");
}

describe("schema 0001 → today", () => {
  it("sqlite: a state file of the previous release keeps its orgs, counters and journal", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sandbox-migrate-"));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, "state.sqlite");
    const old = new Kysely<any>({ dialect: nodeSqliteDialect(await openSqliteFile(file)) });
    await version1(old, "sqlite");
    await old.destroy();
    const s = await openSqliteStorage(file);
    cleanups.push(() => s.close());
    await expectCarriedOver(s);
  });

  it("postgres: a database of the previous release keeps its orgs, counters and journal", async (ctx) => {
    await needPostgres(ctx);
    const db = await createTestDatabase();
    cleanups.push(() => db.drop());
    const old = new Kysely<any>({ dialect: new PostgresDialect({ pool: createPool(db.url, { poolSize: 1 }) }) });
    await version1(old, "postgres");
    await old.destroy();
    const s = await openPostgresStorage(db.url);
    cleanups.push(() => s.close());
    await expectCarriedOver(s);
    // The hot rows have room for in-place (HOT) updates.
    const check = new Kysely<any>({ dialect: new PostgresDialect({ pool: createPool(db.url, { poolSize: 1 }) }) });
    cleanups.push(() => check.destroy());
    const { rows } = await sql<{ relname: string; reloptions: string[] | null }>`select relname, reloptions from pg_class where relname in ('rate_windows', 'partner_usage', 'journal_heads', 'journal') order by relname`.execute(check);
    expect(rows.map((r) => [r.relname, r.reloptions])).toEqual([
      ["journal", ["fillfactor=50"]],
      ["journal_heads", ["fillfactor=20"]],
      ["partner_usage", ["fillfactor=20"]],
      ["rate_windows", ["fillfactor=20"]],
    ]);
  });
});

describe("the journal ring", () => {
  it("postgres: a partner's journal holds at most `keep` rows however many are appended (no DELETE, no growth)", async (ctx) => {
    await needPostgres(ctx);
    const db = await createTestDatabase();
    cleanups.push(() => db.drop());
    const s = await openPostgresStorage(db.url);
    cleanups.push(() => s.close());
    const entry = (i: number) => ({ at_ms: i, request_id: `r-${i}`, method: "GET", path: "/partner/v1/orgs", operation_id: "listOrgs", status: 200, duration_ms: 1, client_ip: null, refused_by: null, message: null });
    for (let batch = 0; batch < 10; batch++) {
      await s.appendJournal(Array.from({ length: 7 }, (_, i) => ({ partnerId: "p1", entry: entry(batch * 7 + i) })), 5);
    }
    expect((await s.readJournal("p1", { limit: 100 })).map((e) => e.request_id)).toEqual(["r-69", "r-68", "r-67", "r-66", "r-65"]);
    const check = new Kysely<any>({ dialect: new PostgresDialect({ pool: createPool(db.url, { poolSize: 1 }) }) });
    cleanups.push(() => check.destroy());
    const { rows } = await sql<{ n: string }>`select count(*) as n from journal where partner_id = 'p1'`.execute(check);
    expect(Number(rows[0]!.n)).toBe(5);
  });
});
