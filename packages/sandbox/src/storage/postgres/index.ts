// The `postgres` engine (--database-url URL or DATABASE_URL): PostgreSQL over a pg connection
// pool. Several sandbox processes on one database are one sandbox: every guarantee is the
// database's (../sql/queries.ts, ./functions.ts), and the schema's migrations run at start under
// an advisory lock. Each API request is one round trip: one server-side function call (./requests.ts).
//
// A lost database never hangs a caller: connecting waits at most the statement timeout, the
// server cancels a statement after it (statement_timeout), the client gives up a little later
// (query_timeout: a half-open connection answers nothing), and ../sql/queries.ts bounds each call.
// A client that failed that way is destroyed, not reused; the pool reconnects on demand, so the
// engine recovers by itself when the database is back.
import { Kysely, PostgresDialect, sql } from "kysely";
import { redactUrl } from "../../common/redact-url.ts";
import { migrate } from "../sql/migrations.ts";
import { sqlStorage } from "../sql/queries.ts";
import type { SandboxDb } from "../sql/schema.ts";
import { StorageUnavailableError, type SandboxStorage } from "../types/index.ts";
import { healthConnection } from "./health.ts";
import { checkouts, createPool, isUnavailable, kyselyPool, type PostgresStorageOptions } from "./pool.ts";
import { postgresHotPath } from "./requests.ts";

export { createPool, isUnavailable, type PostgresStorageOptions } from "./pool.ts";

function reason(error: unknown): string {
  const e = error as { message?: string; code?: string; errors?: { message?: string }[] };
  return e?.message || e?.errors?.[0]?.message || e?.code || String(error);
}

export async function openPostgresStorage(url: string, options: PostgresStorageOptions = {}): Promise<SandboxStorage> {
  const shown = redactUrl(url);
  const timeout = Math.max(1, Math.trunc(options.statementTimeoutMs ?? 5000));
  const pool = createPool(url, options);
  const checkout = checkouts(pool);
  const db = new Kysely<SandboxDb>({ dialect: new PostgresDialect({ pool: kyselyPool(pool, checkout) }) });
  try {
    await pool.query("select 1");
  } catch (error) {
    await db.destroy().catch(() => {});
    throw new Error(`cannot reach PostgreSQL at ${shown}: ${reason(error)}`);
  }
  try {
    await migrate(db, "postgres");
  } catch (error) {
    await db.destroy().catch(() => {});
    throw new Error(`cannot prepare the sandbox schema in PostgreSQL at ${shown}: ${reason(error)}`);
  }
  const storage = sqlStorage(
    {
      engine: "postgres",
      db,
      deadlineMs: timeout + 500,
      durable: async (trx) => {
        await sql`set local synchronous_commit = on`.execute(trx);
      },
      unavailable: (error) => (isUnavailable(error) ? new StorageUnavailableError(`postgres at ${shown}: ${reason(error)}`) : undefined),
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    },
    (parts) => postgresHotPath(checkout, parts),
  );
  // Health asks the database on a connection of its own, never waiting behind the pool's queue.
  const health = healthConnection(url, shown, timeout);
  return {
    ...storage,
    ping: () => health.ping(),
    close: async () => {
      await health.close();
      await storage.close();
    },
  };
}
