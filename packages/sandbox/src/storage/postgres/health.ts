// The health check's own PostgreSQL connection (`GET /_sandbox/health` → storage.ping()). Through
// the request pool, a ping waits behind the requests: with `--pool-size 2` and both connections
// held by requests waiting on a locked table, health answered 503 every other time while the
// database itself answered at once. One dedicated connection, opened on the first check and
// again after any failure, answers about the database: up when `select 1` returns, down (503)
// when it cannot connect or the statement times out.
import pg from "pg";
import { StorageUnavailableError } from "../types/index.ts";

export interface HealthConnection {
  /** Resolves when the database answers `select 1`; rejects with StorageUnavailableError. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function healthConnection(url: string, shownUrl: string, timeoutMs: number): HealthConnection {
  let client: pg.Client | undefined;
  let connecting: Promise<pg.Client> | undefined;
  let closed = false;

  const drop = (which: pg.Client): void => {
    if (client === which) client = undefined;
    void which.end().catch(() => {});
  };
  const open = async (): Promise<pg.Client> => {
    const fresh = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: timeoutMs,
      statement_timeout: timeoutMs,
      query_timeout: timeoutMs + 250, // a half-open connection answers nothing
      keepAlive: true,
      application_name: "opencx-sandbox-health",
    });
    // A connection lost while idle emits "error"; unheard, it would crash the process.
    fresh.on("error", () => drop(fresh));
    try {
      await fresh.connect();
    } catch (error) {
      void fresh.end().catch(() => {});
      throw error;
    }
    if (closed) {
      void fresh.end().catch(() => {});
      throw new Error("closed");
    }
    client = fresh;
    return fresh;
  };

  return {
    async ping() {
      if (closed) throw new StorageUnavailableError(`postgres at ${shownUrl}: the sandbox is closing`);
      let used: pg.Client | undefined;
      try {
        used = client ?? (await (connecting ??= open().finally(() => (connecting = undefined))));
        await used.query("select 1");
      } catch (error) {
        if (used) drop(used); // whatever failed, the next check starts from a fresh connection
        const e = error as { message?: string; code?: string };
        throw new StorageUnavailableError(`postgres at ${shownUrl}: ${e?.message || e?.code || String(error)}`);
      }
    },
    async close() {
      closed = true;
      const last = client ?? (await connecting?.catch(() => undefined));
      client = undefined;
      await last?.end().catch(() => {});
    },
  };
}
