// The pg connection pool of the `postgres` engine: options, which errors mean "the database is
// away", and clients that are set up once and dropped once they failed. Shared by the cold paths
// (Kysely, ./index.ts) and the hot path (./requests.ts).
import pg from "pg";
import type { PostgresPool } from "kysely";

export interface PostgresStorageOptions {
  /** Connections in this process's pool (default 10). */
  poolSize?: number;
  /** Per statement, and the bound on waiting for a connection (default 5000 ms). */
  statementTimeoutMs?: number;
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

export function kyselyPool(pool: pg.Pool, checkout: () => Promise<Checkout>): PostgresPool {
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
