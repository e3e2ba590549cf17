// Does a write cost more once much has been written? createOrg over HTTP (the whole request path:
// admission, the insert and its counters, the journal) on the SQL engines, one partner, against a
// store holding 1k of its orgs and one holding 100k, each its own sandbox process, rounds
// alternating so machine drift hits both alike. Target: the 100k rate >= 0.9 x the 1k rate.
// The 1k store is taken back to its 1k orgs after each round; the 100k store keeps growing (the
// stricter way round). Orgs are written straight into the tables at fixture speed (lib/sql-fixtures.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OPERATIONS } from "../../generated/client.ts";
import { freePort } from "../../mock/free-port.ts";
import { createTestDatabase, postgresProblem, type TestDatabase } from "../../tests/helpers/postgres.ts";
import { backendPids, load, loadAverage, median } from "./lib/load.ts";
import { CLI, KEY, ORG_BODY, spawnServer, writeBenchConfig, type Server } from "./lib/servers.ts";
import { postgresFixtures, sqliteFixtures, type Fixtures } from "./lib/sql-fixtures.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const PARTNER = "bench"; // KEY's partner in the bench config
const SIZES = [1_000, 100_000] as const;

interface Store {
  size: number;
  server: Server;
  /** The processes whose CPU a request costs: the sandbox, and on PostgreSQL its database backends. */
  pids(): Promise<number[]>;
  fixtures: Fixtures;
  /** created_at of the newest fixture org: what the 1k store is trimmed back to. */
  newest: string;
  cleanup(): Promise<void>;
}

async function measure(engine: "sqlite" | "postgres", dir: string, config: string): Promise<string> {
  const stores: Store[] = [];
  try {
    for (const size of SIZES) {
      const port = await freePort();
      let database: TestDatabase | undefined;
      let args: string[];
      if (engine === "sqlite") args = ["--state", join(dir, `write-cost-${size}.sqlite`)];
      else {
        database = await createTestDatabase();
        args = ["--database-url", database.url];
      }
      const server = await spawnServer(`${engine} ${size}`, ["--no-warnings", CLI, "--port", String(port), "--config", config, ...args], port, { DATABASE_URL: "" });
      const fixtures = engine === "sqlite" ? await sqliteFixtures(args[1]!) : postgresFixtures(database!.url);
      const newest = await fixtures.addOrgs(PARTNER, size);
      await fixtures.analyze();
      const own = server.pids();
      stores.push({
        size,
        server,
        pids: async () => (database ? [...own, ...(await backendPids(database.url, database.name))] : own),
        fixtures,
        newest,
        cleanup: async () => {
          await fixtures.close();
          await server.close();
          await database?.drop();
        },
      });
    }
    const send = async (s: Store) => load({ url: s.server.url + OPERATIONS.createOrg.path, method: "POST", body: ORG_BODY, keys: [KEY], seconds: SECONDS, connections: 10, pids: await s.pids(), dir });
    const trim = async (s: Store): Promise<void> => {
      if (s.size === SIZES[0]) await s.fixtures.removeOrgsAfter(PARTNER, s.newest);
    };
    // One discarded round each: the first writes after a bulk load pay for checkpoints and caches.
    for (const s of stores) {
      await send(s);
      await trim(s);
    }
    const rps = new Map<number, number[]>();
    const cpu = new Map<number, number[]>();
    for (let round = 0; round < ROUNDS; round++) {
      for (const s of round % 2 ? [...stores].reverse() : stores) {
        const sample = await send(s);
        if (sample.errors) throw new Error(`${s.server.name}: ${sample.errors} errors under load`);
        rps.set(s.size, [...(rps.get(s.size) ?? []), sample.rps]);
        cpu.set(s.size, [...(cpu.get(s.size) ?? []), sample.cpuUs]);
        await trim(s);
      }
    }
    const [small, large] = SIZES.map((size) => median(rps.get(size)!)) as [number, number];
    const [cpuSmall, cpuLarge] = SIZES.map((size) => median(cpu.get(size)!)) as [number, number];
    const ratio = large / small;
    const rounds = (size: number) => rps.get(size)!.map((r) => r.toFixed(0)).join(" ");
    // req/s follows whatever else shares the machine; the sandbox's CPU per request does not.
    return (
      `${engine.padEnd(9)} ${small.toFixed(0).padStart(7)} at 1k, ${large.toFixed(0).padStart(7)} at 100k+ → ${ratio.toFixed(2)} (target >= 0.9: ${ratio >= 0.9 ? "ok" : "MISSED"}); ` +
      `by CPU per request (${engine === "postgres" ? "the sandbox and its backends" : "the sandbox"}) ${cpuSmall.toFixed(0)} / ${cpuLarge.toFixed(0)} µs → ${(cpuSmall / cpuLarge).toFixed(2)}\n` +
      `          rounds at 1k: ${rounds(SIZES[0])}; at 100k+: ${rounds(SIZES[1])}`
    );
  } finally {
    for (const s of stores) await s.cleanup();
  }
}

export default async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "bench-write-cost-"));
  try {
    const config = writeBenchConfig(join(dir, "config.json"));
    console.log(`createOrg over HTTP, one partner, 10 connections, median of ${ROUNDS} rounds x ${SECONDS} s; load average ${loadAverage()}`);
    console.log(await measure("sqlite", dir, config));
    const problem = await postgresProblem();
    if (problem !== undefined) console.log(`postgres  not measured: no PostgreSQL (${problem}); source .ci/postgres.sh`);
    else console.log(await measure("postgres", dir, config));
    console.log(`load average after: ${loadAverage()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
