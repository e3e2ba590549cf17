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
import pg from "pg";
import { Kysely, PostgresDialect, sql, type PostgresPool } from "kysely";
import { migrate } from "../sql/migrations.ts";
import { postgresHotPath } from "./requests.ts";
import { sqlStorage } from "../sql/queries.ts";
import type { SandboxDb } from "../sql/schema.ts";
import { StorageUnavailableError, type SandboxStorage } from "../types/index.ts";

export interface PostgresStorageOptions {
  /** Connections in this process's pool (default 10). */
  poolSize?: number;
  /** Per statement, and the bound on waiting for a connection (default 5000 ms). */
  statementTimeoutMs?: number;
}

/** The URL as it may be printed: no password (in the authority or as a parameter). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = "";
    parsed.searchParams.delete("password");
    return parsed.toString();
  } catch {
    return "(an unparseable database URL)";
  }
}

const GONE = /Connection terminated|timeout exceeded when trying to connect|Query read timeout|connection error|Connection ended|not queryable|after calling end on the pool|driver has already been destroyed/i;

/** pg and socket errors that mean the database cannot be used now (retry later), not a bug. */
export function isUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; errors?: unknown[] } | undefined;
  if (!e) return false;
  const code = typeof e.code === "string" ? e.code : "";
  // SQLSTATE classes 08 connection, 53 resources, 57 operator intervention (57014: statement
  // timeout, 57P01: terminated by an administrator), 58 system; 40001/40P01 are retryable too.
  if (/^(08|53|57|58)/.test(code) || code === "40001" || code === "40P01") return true;
  if (/^E[A-Z0-9_]+$/.test(code)) return true; // ECONNREFUSED, ECONNRESET, ETIMEDOUT, EPIPE, ENOTFOUND, …
  if (Array.isArray(e.errors) && e.errors.some(isUnavailable)) return true; // AggregateError of a dual-stack connect
  return GONE.test(typeof e.message === "string" ? e.message : "");
}

function reason(error: unknown): string {
  const e = error as { message?: string; code?: string; errors?: { message?: string }[] };
  return e?.message || e?.errors?.[0]?.message || e?.code || String(error);
}

const INT8 = 20;
// bigint columns hold epoch milliseconds and byte counts: well inside Number's exact range.
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

// Commits do not wait for the WAL flush unless a transaction asks (../sql/queries.ts `durable`): a
// rate window's row is updated by every request of a partner, and with an fsync per update those
// requests queue on its row lock at the disk's pace. What such a commit risks is a database crash
// forgetting the last few counts, never an inconsistent state; what a caller is told was stored
// (orgs, keys, links, their use, clocks, resets) is flushed first. A SET per new connection
// rather than a startup option, which PgBouncer refuses.
const SESSION_SETUP = "set synchronous_commit = off";

/** A pool client checked out for one use: set up, and destroyed on release once it failed as "unavailable". */
export interface Checkout {
  query<R extends pg.QueryResultRow>(config: string | pg.QueryConfig, values?: unknown[]): Promise<pg.QueryResult<R>>;
  processID: number | undefined;
  release(): void;
}

/**
 * Checks out pool clients that are set up once (SESSION_SETUP) and destroyed on release once they
 * failed as "unavailable" (for Kysely and the hot path alike). Done here, not in Kysely's
 * onCreateConnection: a setup query that fails there leaves the client checked out for good, and
 * pool.end() then never returns.
 */
export function checkouts(pool: pg.Pool): () => Promise<Checkout> {
  const ready = new WeakSet<pg.PoolClient>();
  return async () => {
    const client = await pool.connect();
    if (!ready.has(client)) {
      try {
        await client.query(SESSION_SETUP);
      } catch (error) {
        client.release(true);
        throw error;
      }
      ready.add(client);
    }
    let broken = false;
    // A checked-out client whose connection dies emits "error"; unheard, it would crash the process.
    const onError = (): void => {
      broken = true;
    };
    client.on("error", onError);
    return {
      processID: (client as unknown as { processID?: number }).processID,
      query: ((config: string | pg.QueryConfig, values?: unknown[]) =>
        client.query(config as string, values).catch((error: unknown) => {
          if (isUnavailable(error)) broken = true;
          throw error;
        })) as Checkout["query"],
      release: () => {
        client.off("error", onError);
        client.release(broken || undefined);
      },
    };
  };
}

function kyselyPool(pool: pg.Pool, checkout: () => Promise<Checkout>): PostgresPool {
  return {
    options: pool.options,
    async connect() {
      const client = await checkout();
      return { processID: client.processID, query: ((text: string, values: unknown[]) => client.query(text, values)) as never, release: client.release };
    },
    end: () => pool.end(),
  };
}

export function createPool(url: string, options: PostgresStorageOptions = {}): pg.Pool {
  const timeout = Math.max(1, Math.trunc(options.statementTimeoutMs ?? 5000));
  const pool = new pg.Pool({
    connectionString: url,
    max: Math.max(1, Math.trunc(options.poolSize ?? 10)),
    connectionTimeoutMillis: timeout,
    statement_timeout: timeout,
    query_timeout: timeout + 250,
    idle_in_transaction_session_timeout: timeout * 2,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    application_name: "opencx-sandbox",
    types,
  });
  // An idle client whose server went away: the pool drops it; the next query connects anew.
  pool.on("error", () => {});
  return pool;
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
  return sqlStorage(
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
}
