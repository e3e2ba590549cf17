// Orgs written straight into a SQL engine's tables at fixture speed (a thousand rows a statement),
// with the partner's usage counters kept true, so a bench can start from 100k stored orgs without
// 100k requests; and taken back out, to hold a store at its size between rounds.
import { Kysely, PostgresDialect, sql } from "kysely";
import { uuidV7Factory } from "../../../packages/sandbox/src/common/secrets.ts";
import { createPool } from "../../../packages/sandbox/src/storage/postgres/index.ts";
import type { SandboxDb } from "../../../packages/sandbox/src/storage/sql/schema.ts";
import { openSqliteKysely } from "../../../packages/sandbox/src/storage/sqlite/index.ts";

export interface Fixtures {
  /** Adds `count` orgs of the partner; returns the created_at of the newest. */
  addOrgs(partnerId: string, count: number): Promise<string>;
  /** Deletes the partner's orgs created after `createdAt`, and their share of the counters. */
  removeOrgsAfter(partnerId: string, createdAt: string): Promise<number>;
  /** Fresh planner statistics after a bulk load (autovacuum would take a minute to notice). */
  analyze(): Promise<void>;
  close(): Promise<void>;
}

const nextId = uuidV7Factory();

/** An org row as the SQL engines store it. */
export interface OrgRow {
  id: string;
  partner_id: string;
  external_id: string | null;
  created_at: string;
  name: string;
  record: string;
  bytes: number;
}

/** Inserts the partner's org rows and adds them to its usage counters, in one transaction. */
export async function insertOrgRows(db: Kysely<SandboxDb>, partnerId: string, rows: OrgRow[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto("orgs").values(rows).execute();
    const bytes = rows.reduce((n, r) => n + r.bytes, 0);
    await trx
      .insertInto("partner_usage")
      .values({ partner_id: partnerId, orgs: rows.length, stored_bytes: bytes })
      .onConflict((oc) =>
        oc.column("partner_id").doUpdateSet((eb) => ({
          orgs: eb(eb.ref("partner_usage.orgs"), "+", eb.ref("excluded.orgs")),
          stored_bytes: eb(eb.ref("partner_usage.stored_bytes"), "+", eb.ref("excluded.stored_bytes")),
        })),
      )
      .execute();
  });
}

function fixtures(db: Kysely<SandboxDb>): Fixtures {
  return {
    async addOrgs(partnerId, count) {
      const BATCH = 1000;
      let newest = "";
      // Creation times in the past, so orgs the server creates afterwards sort after them.
      const start = Date.now() - count - 60_000;
      for (let done = 0; done < count; done += BATCH) {
        const rows = Array.from({ length: Math.min(BATCH, count - done) }, (_, i) => {
          const ms = start + done + i;
          const org = {
            id: nextId(ms),
            partner_id: partnerId,
            name: "Bench Tours",
            widget_token: "0123456789abcdef0123456789abcdef",
            external_id: `fixture-${done + i}-${Math.random().toString(36).slice(2)}`,
            created_at: new Date(ms).toISOString(),
            website: "https://bench.example",
            language: "en",
          };
          const record = JSON.stringify(org);
          return { id: org.id, partner_id: partnerId, external_id: org.external_id, created_at: org.created_at, name: org.name, record, bytes: Buffer.byteLength(record) };
        });
        newest = rows[rows.length - 1]!.created_at;
        await insertOrgRows(db, partnerId, rows);
      }
      return newest;
    },
    async removeOrgsAfter(partnerId, createdAt) {
      return db.transaction().execute(async (trx) => {
        const gone = await trx.deleteFrom("orgs").where("partner_id", "=", partnerId).where("created_at", ">", createdAt).returning("bytes").execute();
        const bytes = gone.reduce((n, r) => n + Number(r.bytes), 0);
        await trx
          .updateTable("partner_usage")
          .set((eb) => ({ orgs: eb(eb.ref("orgs"), "-", gone.length), stored_bytes: eb(eb.ref("stored_bytes"), "-", bytes) }))
          .where("partner_id", "=", partnerId)
          .execute();
        return gone.length;
      });
    },
    analyze: async () => {
      await sql`analyze`.execute(db);
    },
    close: () => db.destroy(),
  };
}

/** Fixtures on a SQLite state file (created and migrated if new). */
export async function sqliteFixtures(path: string): Promise<Fixtures> {
  return fixtures(await openSqliteKysely(path));
}

/** Fixtures on a PostgreSQL database the sandbox has migrated (or will: call after it started). */
export function postgresFixtures(url: string): Fixtures {
  return fixtures(new Kysely<SandboxDb>({ dialect: new PostgresDialect({ pool: createPool(url, { poolSize: 2 }) }) }));
}
