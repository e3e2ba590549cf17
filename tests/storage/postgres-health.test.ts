// Health on PostgreSQL answers about the database, not about the request pool's queue: with a
// pool of 2 connections, both held by requests waiting on a table another connection has locked,
// `GET /_sandbox/health` still answers 200 (the database is up); it answers 503 with Retry-After
// once the database is really unreachable, and 200 again when it is back.
import pg from "pg";
import { afterEach, expect, it } from "vitest";
import { startSandbox } from "../../packages/sandbox/src/index.ts";
import { createTestDatabase, needPostgres, query } from "../helpers/postgres.ts";
import { KEYS, testConfig } from "../sandbox/harness.ts";
import { startTcpProxy } from "./tcp-proxy.ts";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

async function health(url: string): Promise<{ status: number; retryAfter: string | null; body: unknown }> {
  const res = await fetch(`${url}/_sandbox/health`);
  return { status: res.status, retryAfter: res.headers.get("retry-after"), body: await res.json() };
}

it("with --pool-size 2 and a locked table, health says 200 while the database is up, 503 with Retry-After when it is gone", async (ctx) => {
  await needPostgres(ctx);
  const db = await createTestDatabase();
  cleanups.push(() => db.drop());
  const target = new URL(db.url);
  const proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
  cleanups.push(() => proxy.stop());
  const viaProxy = new URL(db.url);
  viaProxy.port = String(proxy.port);
  const sandbox = await startSandbox({ port: 0, config: testConfig(), databaseUrl: viaProxy.toString(), database: { poolSize: 2, statementTimeoutMs: 10_000 } });
  cleanups.push(() => sandbox.close());
  expect(await health(sandbox.url)).toMatchObject({ status: 200, body: { status: "ok", engine: "postgres" } });

  // Another connection locks the orgs table; listing orgs then waits on the lock, and four such
  // requests hold both pool connections (the other two wait for one).
  const locker = new pg.Client({ connectionString: db.url });
  await locker.connect();
  cleanups.push(() => locker.end());
  await locker.query("begin");
  await locker.query("lock table orgs in access exclusive mode");
  const waiting = Array.from({ length: 4 }, () => fetch(`${sandbox.url}/partner/v1/orgs`, { headers: { authorization: `Bearer ${KEYS.unlimited}` } }).then((r) => r.status));
  const blocked = async () =>
    Number((await query<{ n: string }>(db.url, "select count(*) as n from pg_stat_activity where datname = $1 and application_name = 'opencx-sandbox' and wait_event_type = 'Lock'", [db.name]))[0]!.n);
  await expect.poll(blocked, { timeout: 5_000 }).toBe(2);

  for (let i = 0; i < 5; i++) expect(await health(sandbox.url)).toMatchObject({ status: 200, body: { status: "ok", engine: "postgres" } });

  await locker.query("rollback");
  expect(await Promise.all(waiting)).toEqual([200, 200, 200, 200]);

  // Really down: the database's port closed.
  await proxy.stop();
  expect(await health(sandbox.url)).toMatchObject({ status: 503, retryAfter: expect.stringMatching(/^[1-9]\d*$/), body: { status: "unavailable", engine: "postgres" } });
  await proxy.start();
  await expect.poll(async () => (await health(sandbox.url)).status, { timeout: 10_000 }).toBe(200);
});
