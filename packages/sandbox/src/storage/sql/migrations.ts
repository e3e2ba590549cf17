// Versioned schema migrations for both SQL engines, run at every start by Kysely's Migrator.
// On PostgreSQL the Migrator holds an advisory lock (pg_advisory_lock) around reading and
// applying them, so instances starting at once apply each version exactly once; on SQLite the
// migration transaction is BEGIN IMMEDIATE (../sqlite/dialect.ts), which serialises processes too.
// A migration is never edited once released: add the next one.
import { sql, type Kysely } from "kysely";
import { Migrator, type Migration } from "kysely/migration";
import { REQUEST_FUNCTIONS_0002 } from "../postgres/functions.ts";

export type SqlDialectName = "sqlite" | "postgres";

/** Migration bookkeeping tables (Kysely's, under the sandbox's names). */
export const MIGRATION_TABLE = "sandbox_migration";
export const MIGRATION_LOCK_TABLE = "sandbox_migration_lock";

/** Every migration of a dialect, by name (applied in name order). */
export function migrations(dialect: SqlDialectName): Record<string, Migration> {
  const pg = dialect === "postgres";
  // Ids and timestamps order the org list: byte order on PostgreSQL too, whatever the
  // database's collation (SQLite compares text bytewise already).
  const key = pg ? sql`text collate "C"` : sql`text`;
  const ms = pg ? sql`bigint` : sql`integer`;
  return {
    "0001_initial": {
      async up(db: Kysely<any>) {
        await db.schema
          .createTable("orgs")
          .addColumn("id", key, (c) => c.primaryKey())
          .addColumn("partner_id", key, (c) => c.notNull())
          .addColumn("external_id", sql`text`)
          .addColumn("created_at", key, (c) => c.notNull())
          .addColumn("name", sql`text`, (c) => c.notNull())
          .addColumn("record", sql`text`, (c) => c.notNull())
          .addColumn("bytes", ms, (c) => c.notNull())
          .execute();
        // external_id is unique per partner by this index, never by a read-then-write (NULLs are distinct).
        await db.schema.createIndex("orgs_partner_external_id").unique().on("orgs").columns(["partner_id", "external_id"]).execute();
        await db.schema.createIndex("orgs_partner_order").on("orgs").columns(["partner_id", "created_at", "id"]).execute();

        await db.schema
          .createTable("api_keys")
          .addColumn("id", key, (c) => c.primaryKey())
          .addColumn("partner_id", key, (c) => c.notNull())
          .addColumn("org_id", key, (c) => c.notNull())
          .addColumn("record", sql`text`, (c) => c.notNull())
          .addColumn("bytes", ms, (c) => c.notNull())
          .execute();
        await db.schema.createIndex("api_keys_partner").on("api_keys").columns(["partner_id"]).execute();

        await db.schema
          .createTable("login_links")
          .addColumn("token_sha256", key, (c) => c.primaryKey())
          .addColumn("partner_id", key, (c) => c.notNull())
          .addColumn("org_id", key, (c) => c.notNull())
          .addColumn("expires_at_ms", ms, (c) => c.notNull())
          .addColumn("record", sql`text`, (c) => c.notNull())
          .addColumn("bytes", ms, (c) => c.notNull())
          .execute();
        await db.schema.createIndex("login_links_partner_expiry").on("login_links").columns(["partner_id", "expires_at_ms"]).execute();
        await db.schema.createIndex("login_links_expiry").on("login_links").columns(["expires_at_ms"]).execute();

        await db.schema
          .createTable("rate_windows")
          .addColumn("partner_id", key, (c) => c.notNull())
          .addColumn("name", key, (c) => c.notNull())
          .addColumn("started_ms", ms, (c) => c.notNull())
          .addColumn("used", sql`integer`, (c) => c.notNull())
          .addPrimaryKeyConstraint("rate_windows_pk", ["partner_id", "name"])
          .execute();

        await db.schema
          .createTable("partner_clocks")
          .addColumn("partner_id", key, (c) => c.primaryKey())
          .addColumn("offset_ms", ms, (c) => c.notNull())
          .execute();

        await db.schema
          .createTable("partner_usage")
          .addColumn("partner_id", key, (c) => c.primaryKey())
          .addColumn("orgs", ms, (c) => c.notNull())
          .addColumn("stored_bytes", ms, (c) => c.notNull())
          .execute();

        await db.schema
          .createTable("journal_heads")
          .addColumn("partner_id", key, (c) => c.primaryKey())
          .addColumn("seq", ms, (c) => c.notNull())
          .execute();

        await db.schema
          .createTable("journal")
          .addColumn("partner_id", key, (c) => c.notNull())
          .addColumn("seq", ms, (c) => c.notNull())
          .addColumn("status", sql`integer`, (c) => c.notNull())
          .addColumn("operation_id", sql`text`)
          .addColumn("entry", sql`text`, (c) => c.notNull())
          .addPrimaryKeyConstraint("journal_pk", ["partner_id", "seq"])
          .execute();
      },
    },

    // The request path's one unit of work per request; hot rows that stay flat as history grows.
    "0002_request_units": {
      async up(db: Kysely<any>) {
        // The journal becomes a ring per partner: entry `seq` lives in slot seq mod keep and
        // replaces the one `keep` places older, so appending never deletes and the table never
        // grows (a DELETE per request left dead index entries that every later trim walked
        // through: PostgreSQL's write cost grew with the requests served). Entries carried over
        // keep their seq as their slot; the read filter hides what falls outside the newest `keep`.
        await db.schema.alterTable("journal").renameTo("journal_v1").execute();
        let ring = db.schema
          .createTable("journal")
          .addColumn("partner_id", key, (c) => c.notNull())
          .addColumn("slot", ms, (c) => c.notNull())
          .addColumn("seq", ms, (c) => c.notNull())
          .addColumn("status", sql`integer`, (c) => c.notNull())
          .addColumn("operation_id", sql`text`)
          .addColumn("entry", sql`text`, (c) => c.notNull())
          .addPrimaryKeyConstraint("journal_ring_pk", ["partner_id", "slot"]);
        // Room in every page for a row's next version: an update then stays on its page and
        // touches no index (a HOT update), and the old version is pruned in place.
        if (pg) ring = ring.modifyEnd(sql`with (fillfactor = 50)`);
        await ring.execute();
        await sql`insert into journal (partner_id, slot, seq, status, operation_id, entry) select partner_id, seq, seq, status, operation_id, entry from journal_v1`.execute(db);
        await db.schema.dropTable("journal_v1").execute();
        // The keep the partner's newest entries were written with, for the read filter.
        await db.schema.alterTable("journal_heads").addColumn("keep", ms, (c) => c.notNull().defaultTo(500)).execute();
        if (!pg) return;
        // The rows every request of a partner updates: its rate windows, its counters, its journal head.
        for (const table of ["rate_windows", "partner_usage", "journal_heads", "partner_clocks"]) {
          await sql`alter table ${sql.table(table)} set (fillfactor = 20)`.execute(db);
        }
        for (const definition of REQUEST_FUNCTIONS_0002) await sql.raw(definition).execute(db);
      },
    },
  };
}

/** Applies every pending migration; throws with the failing migration's error. */
export async function migrate(db: Kysely<any>, dialect: SqlDialectName): Promise<void> {
  const all = migrations(dialect);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => all },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName;
    throw new Error(`schema migration ${failed ?? ""} failed: ${(error as Error).message ?? String(error)}`.replace("  ", " "));
  }
}
