// Why a request's unit of work is a server-side function on PostgreSQL: the same createOrg unit
// (the partner's clock, its rate window, its usage row locked and checked, the org inserted and
// counted) on the sandbox's own schema, run two ways from 10 pg connections at once, rounds
// alternating: (a) one call of sandbox_create_org, the function migration 0002 creates — one round
// trip; (b) named prepared statements in an interactive transaction — BEGIN, the admission, the
// write (one statement of data-modifying CTEs), COMMIT: four round trips. Both commit without
// waiting for the disk, as the sandbox's units do. Reports ops/s and CPU per op of this process
// (the Node side) and of the database backends, and (a) against (b).
import pg from "pg";
import { openPostgresStorage } from "../../packages/sandbox/src/storage/postgres/index.ts";
import { createTestDatabase, postgresProblem } from "../../tests/helpers/postgres.ts";
import { backendPids, cpuSeconds, loadAverage, median } from "./lib/load.ts";

const CONNECTIONS = 10;
const PER_ROUND = 3000;
const ROUNDS = 5;
const PARTNER = "bench";

const FUNCTION_CALL = {
  name: "bench_function",
  text: "select outcome from sandbox_create_org($1, $2, $3, $4, $5, null, 0, $6, null, $7, $8, $9, $10, $11, $12)",
};
const BEGIN = { name: "bench_begin", text: "begin" };
const COMMIT = { name: "bench_commit", text: "commit" };
const ADMIT = {
  name: "bench_admit",
  text: `with clock as (select coalesce((select offset_ms from partner_clocks where partner_id = $1), 0) as o)
    insert into rate_windows as w (partner_id, name, started_ms, used) select $1, $2, $4::bigint + clock.o, 1 from clock
    on conflict (partner_id, name) do update set
      started_ms = case when w.started_ms <= excluded.started_ms - $5::bigint then excluded.started_ms else w.started_ms end,
      used = case when w.started_ms <= excluded.started_ms - $5::bigint then 1 else w.used + 1 end
    where w.started_ms <= excluded.started_ms - $5::bigint or w.used < $3
    returning w.used, w.started_ms`,
};
const WRITE = {
  name: "bench_write",
  text: `with u as (select orgs, stored_bytes from partner_usage where partner_id = $2 for update),
    ins as (
      insert into orgs (id, partner_id, external_id, created_at, name, record, bytes)
      select $1, $2, null, $3, $4, $5, $6 from u where u.orgs + 1 <= $7 and u.stored_bytes + $6 <= $8
      returning bytes
    )
    update partner_usage p set orgs = p.orgs + 1, stored_bytes = p.stored_bytes + ins.bytes from ins where p.partner_id = $2 returning p.orgs`,
};

interface Round {
  ops: number;
  nodeUs: number;
  backendUs: number;
}

export default async function bench(): Promise<void> {
  const problem = await postgresProblem();
  if (problem !== undefined) {
    console.log(`not measured: no PostgreSQL (${problem}); source .ci/postgres.sh`);
    return;
  }
  const database = await createTestDatabase();
  const clients: pg.Client[] = [];
  try {
    await (await openPostgresStorage(database.url)).close(); // the schema and its functions
    for (let i = 0; i < CONNECTIONS; i++) {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      await client.query("set synchronous_commit = off");
      clients.push(client);
    }
    await clients[0]!.query("insert into partner_usage (partner_id, orgs, stored_bytes) values ($1, 0, 0)", [PARTNER]);
    const backends = await backendPids(database.url, database.name);
    const record = (): { id: string; text: string; bytes: number; createdAt: string } => {
      const id = crypto.randomUUID();
      const createdAt = new Date().toISOString();
      const text = JSON.stringify({ id, partner_id: PARTNER, name: "Bench Tours", widget_token: "0123456789abcdef0123456789abcdef", external_id: null, created_at: createdAt, website: "https://bench.example", language: "en" });
      return { id, text, bytes: Buffer.byteLength(text), createdAt };
    };
    const viaFunction = async (client: pg.Client): Promise<void> => {
      const r = record();
      const values = [PARTNER, Date.now(), '{"partner"}', "{1000000000}", "{60000}", r.id, r.createdAt, "Bench Tours", r.text, r.bytes, 1e12, 1e15];
      const { rows } = await client.query<{ outcome: string }>({ ...FUNCTION_CALL, values });
      if (rows[0]!.outcome !== "created") throw new Error(`function: ${rows[0]!.outcome}`);
    };
    const viaStatements = async (client: pg.Client): Promise<void> => {
      const r = record();
      await client.query(BEGIN);
      try {
        const admitted = await client.query({ ...ADMIT, values: [PARTNER, "partner", 1e9, Date.now(), 60000] });
        if (admitted.rowCount !== 1) throw new Error("statements: refused");
        const written = await client.query({ ...WRITE, values: [r.id, PARTNER, r.createdAt, "Bench Tours", r.text, r.bytes, 1e12, 1e15] });
        if (written.rowCount !== 1) throw new Error("statements: not written");
        await client.query(COMMIT);
      } catch (error) {
        await client.query("rollback");
        throw error;
      }
    };
    const round = async (unit: (client: pg.Client) => Promise<void>): Promise<Round> => {
      let left = PER_ROUND;
      const node0 = cpuSeconds([process.pid]);
      const back0 = cpuSeconds(backends);
      const t0 = performance.now();
      await Promise.all(
        clients.map(async (client) => {
          while (left-- > 0) await unit(client);
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      return { ops: PER_ROUND / seconds, nodeUs: ((cpuSeconds([process.pid]) - node0) * 1e6) / PER_ROUND, backendUs: ((cpuSeconds(backends) - back0) * 1e6) / PER_ROUND };
    };
    await round(viaFunction); // warm-up: plans cached, pages read
    await round(viaStatements);
    const results = { function: [] as Round[], statements: [] as Round[] };
    for (let r = 0; r < ROUNDS; r++) {
      if (r % 2) results.statements.push(await round(viaStatements));
      results.function.push(await round(viaFunction));
      if (r % 2 === 0) results.statements.push(await round(viaStatements));
    }
    const summary = (rounds: Round[]): Round => ({ ops: median(rounds.map((x) => x.ops)), nodeUs: median(rounds.map((x) => x.nodeUs)), backendUs: median(rounds.map((x) => x.backendUs)) });
    const f = summary(results.function);
    const s = summary(results.statements);
    const line = (name: string, x: Round): string => `  ${name.padEnd(34)} ${x.ops.toFixed(0).padStart(6)} ops/s; CPU per op: Node ${x.nodeUs.toFixed(0)} µs, backends ${x.backendUs.toFixed(0)} µs`;
    console.log(`createOrg's unit of work on PostgreSQL, ${CONNECTIONS} connections, median of ${ROUNDS} rounds x ${PER_ROUND}; load average ${loadAverage()}`);
    console.log(line("one function call (1 round trip)", f));
    console.log(line("prepared statements (4 round trips)", s));
    console.log(`  function / statements: ${(f.ops / s.ops).toFixed(2)} x the ops/s, ${(f.nodeUs / s.nodeUs).toFixed(2)} x the Node CPU, ${(f.backendUs / s.backendUs).toFixed(2)} x the backends' CPU`);
  } finally {
    for (const client of clients) await client.end().catch(() => {});
    await database.drop();
  }
}
