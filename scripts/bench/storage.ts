// The storage engines at the storage interface, side by side in one run (`npm run bench -- storage`):
// createOrg and listOrgs ops/s per engine (10 calls in flight, as 10 connections would send),
// createOrg/s with 1k and with 100k existing orgs of the partner on sqlite and postgres (the
// cost of a write must not grow with what was written: target second >= 0.9 x first), and
// sqlite / memory. PostgreSQL from TEST_DATABASE_URL (else 127.0.0.1:5432), in a database of
// its own that is dropped afterwards; without one its rows say so.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kysely, PostgresDialect, sql } from "kysely";
import { createMemoryStorage } from "../../packages/sandbox/src/storage/memory/index.ts";
import { createPool, openPostgresStorage } from "../../packages/sandbox/src/storage/postgres/index.ts";
import type { SandboxDb } from "../../packages/sandbox/src/storage/sql/schema.ts";
import { openSqliteKysely, openSqliteStorage } from "../../packages/sandbox/src/storage/sqlite/index.ts";
import type { Quotas, SandboxStorage, StoredOrg } from "../../packages/sandbox/src/storage/types/index.ts";
import { createTestDatabase, postgresProblem } from "../../tests/helpers/postgres.ts";
import { median } from "./lib/load.ts";
import { insertOrgRows } from "./lib/sql-fixtures.ts";

const IN_FLIGHT = 10;
const ROUNDS = 9;
const CREATES_PER_ROUND = 1000;
const LISTS_PER_ROUND = 2000;
const ROOMY: Quotas = { orgs: 10_000_000, login_links: 1_000_000, stored_bytes: 1e12 };
const PARTNER = "bench-partner";

function org(s: SandboxStorage, n: number): StoredOrg {
  const now = Date.now();
  return {
    id: s.newOrgId(now),
    partner_id: PARTNER,
    name: "Bench Tours",
    widget_token: "0123456789abcdef0123456789abcdef",
    external_id: `bench-${process.pid}-${n}-${Math.random().toString(36).slice(2)}`,
    created_at: new Date(now).toISOString(),
    website: "https://bench.example",
    language: "en",
  };
}

/** `total` calls, IN_FLIGHT at a time; ops/s. */
async function rate(total: number, call: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < total) await call(next++);
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

async function createRate(s: SandboxStorage): Promise<number> {
  const samples = [];
  let n = 0;
  for (let r = 0; r < ROUNDS; r++) samples.push(await rate(CREATES_PER_ROUND, () => s.createOrg(org(s, n++), ROOMY)));
  return median(samples);
}
async function listRate(s: SandboxStorage): Promise<number> {
  const samples = [];
  for (let r = 0; r < ROUNDS; r++) samples.push(await rate(LISTS_PER_ROUND, () => s.listOrgs(PARTNER, 50, 0)));
  return median(samples);
}

/** Adds orgs of the partner straight into the tables (fixture speed), counters included. */
async function prefill(db: Kysely<SandboxDb>, s: SandboxStorage, count: number): Promise<void> {
  const BATCH = 1000;
  for (let done = 0; done < count; done += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, count - done) }, (_, i) => {
      const o = org(s, done + i);
      const record = JSON.stringify(o);
      return { id: o.id, partner_id: PARTNER, external_id: o.external_id, created_at: o.created_at, name: o.name, record, bytes: Buffer.byteLength(record) };
    });
    await insertOrgRows(db, PARTNER, rows);
  }
}

interface Row {
  engine: string;
  create?: number;
  list?: number;
  create1k?: number;
  create100k?: number;
  note?: string;
}

interface Opened {
  storage: SandboxStorage;
  fixtures: Kysely<SandboxDb>;
  close(): Promise<void>;
}

/**
 * Headline rates on a store holding 1k orgs of the partner; for the SQL engines also a second
 * store holding 100k, with createOrg rounds alternating between the two (machine drift hits both alike).
 */
async function measure(engine: string, open?: () => Promise<Opened>): Promise<Row> {
  if (!open) {
    const s = createMemoryStorage();
    for (let i = 0; i < 1000; i++) await s.createOrg(org(s, i), ROOMY);
    const row = { engine, create: await createRate(s), list: await listRate(s) };
    await s.close();
    return row;
  }
  const small = await open();
  const large = await open();
  try {
    await prefill(small.fixtures, small.storage, 1000);
    await prefill(large.fixtures, large.storage, 100_000);
    // Fresh planner statistics after a bulk load (autovacuum would take a minute to notice).
    await sql`analyze`.execute(small.fixtures);
    await sql`analyze`.execute(large.fixtures);
    const list = await listRate(small.storage);
    const at1k: number[] = [];
    const at100k: number[] = [];
    let n = 0;
    // One discarded round each: the first writes after a bulk load pay for checkpoints and caches.
    await rate(CREATES_PER_ROUND / 2, () => small.storage.createOrg(org(small.storage, n++), ROOMY));
    await rate(CREATES_PER_ROUND / 2, () => large.storage.createOrg(org(large.storage, n++), ROOMY));
    for (let r = 0; r < ROUNDS; r++) {
      at1k.push(await rate(CREATES_PER_ROUND, () => small.storage.createOrg(org(small.storage, n++), ROOMY)));
      at100k.push(await rate(CREATES_PER_ROUND, () => large.storage.createOrg(org(large.storage, n++), ROOMY)));
    }
    return { engine, create: median(at1k), list, create1k: median(at1k), create100k: median(at100k) };
  } finally {
    await small.close();
    await large.close();
  }
}

const fmt = (n: number | undefined): string => (n === undefined ? "-" : Math.round(n).toLocaleString("en-US"));

export default async function bench(): Promise<void> {
  const rows: Row[] = [await measure("memory")];

  const dir = mkdtempSync(join(tmpdir(), "bench-storage-"));
  try {
    let files = 0;
    rows.push(
      await measure("sqlite", async () => {
        const file = join(dir, `state-${files++}.sqlite`);
        const storage = await openSqliteStorage(file);
        const fixtures = await openSqliteKysely(file);
        return { storage, fixtures, close: async () => (await fixtures.destroy(), await storage.close()) };
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const problem = await postgresProblem();
  if (problem !== undefined) {
    rows.push({ engine: "postgres", note: `not measured: no PostgreSQL (${problem}); source .ci/postgres.sh` });
  } else {
    rows.push(
      await measure("postgres", async () => {
        const database = await createTestDatabase();
        const storage = await openPostgresStorage(database.url, { poolSize: IN_FLIGHT });
        const fixtures = new Kysely<SandboxDb>({ dialect: new PostgresDialect({ pool: createPool(database.url, { poolSize: 2 }) }) });
        return {
          storage,
          fixtures,
          close: async () => {
            await fixtures.destroy();
            await storage.close();
            await database.drop();
          },
        };
      }),
    );
  }

  console.log(`storage interface, ${IN_FLIGHT} calls in flight, median of ${ROUNDS} rounds (createOrg ${CREATES_PER_ROUND}/round, 1k and 100k stores alternating; listOrgs limit 50, ${LISTS_PER_ROUND}/round)`);
  console.log("engine     createOrg/s   listOrgs/s   createOrg/s@1k   createOrg/s@100k   100k/1k");
  for (const r of rows) {
    if (r.note) {
      console.log(`${r.engine.padEnd(10)} ${r.note}`);
      continue;
    }
    const ratio = r.create1k && r.create100k ? (r.create100k / r.create1k).toFixed(2) : "-";
    console.log(
      `${r.engine.padEnd(10)} ${fmt(r.create).padStart(11)}  ${fmt(r.list).padStart(11)}  ${fmt(r.create1k).padStart(15)}  ${fmt(r.create100k).padStart(17)}   ${ratio.padStart(7)}${ratio !== "-" ? (Number(ratio) >= 0.9 ? "  (>= 0.9: ok)" : "  (< 0.9: MISSED)") : ""}`,
    );
  }
  const m = rows.find((r) => r.engine === "memory")!;
  const sq = rows.find((r) => r.engine === "sqlite")!;
  const pgRow = rows.find((r) => r.engine === "postgres" && !r.note);
  console.log(`sqlite / memory: createOrg ${(sq.create! / m.create!).toFixed(3)}, listOrgs ${(sq.list! / m.list!).toFixed(3)}`);
  if (pgRow) console.log(`postgres / memory: createOrg ${(pgRow.create! / m.create!).toFixed(3)}, listOrgs ${(pgRow.list! / m.list!).toFixed(3)}`);
}
