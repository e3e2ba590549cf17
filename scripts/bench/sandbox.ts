// The sandbox against bare Fastify, a minimal node:http server and the Prism mock, all answering
// the same bytes, side by side in one run, and the sandbox on each storage engine. Each server
// runs in its own process; load comes from wrk (scripts/bench/lib/load.ts). Rounds alternate the
// order of the servers so drift from other processes hits all alike; medians are reported.
//
// What it prints, against baselines measured in the same run:
// - memory-engine efficiency: bare Fastify's CPU per request / the sandbox's, for createOrg and
//   listOrgs of 50 orgs (targets >= 0.7 and >= 0.5). CPU per request comes from /proc over the
//   load window, so it holds on a shared machine where req/s does not;
// - the SQL engines' req/s against memory's, createOrg and listOrgs of 50, with one partner and
//   with ten partners at once (a wrk script rotating ten keys): targets sqlite >= 0.4 x,
//   postgres >= 0.1 x;
// - req/s and latency against node:http and Prism, peak RSS, and time to first answer (the
//   sandbox as its installed bin runs: a cold start without a V8 code cache, then warm ones).
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OPERATIONS } from "../../generated/client.ts";
import { freePort } from "../../mock/free-port.ts";
import { startPrism } from "../../mock/prism.ts";
import { startSandbox } from "../../packages/sandbox/src/index.ts";
import { createTestDatabase, postgresProblem, type TestDatabase } from "../../tests/helpers/postgres.ts";
import { backendPids, hasWrk, load, loadAverage, median, type Sample } from "./lib/load.ts";
import { BENCH_KEYS, childPids, CLI, firstAnswer, KEY, ORG_BODY, ROOT, rssMb, sandboxBin, seedOrgs, spawnServer, writeBenchConfig, type Server } from "./lib/servers.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5); // the machine drifts between runs: a median steadies the ratios
const CONNECTIONS = 10;
/** Orgs each partner holds before the load: listOrgs answers a page of this many. */
const LIST_SIZE = 50;

interface Op {
  name: string;
  method: "GET" | "POST";
  path: string;
  body?: string;
  keys: readonly string[];
}

export default async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "bench-sandbox-"));
  const servers: Server[] = [];
  let database: TestDatabase | undefined;
  let noPostgres: string | undefined;
  console.log(`load average before: ${loadAverage()} (2 cores shared with other work; CPU per request holds better than req/s under it)`);
  try {
    const config = writeBenchConfig(join(dir, "config.json"));
    // The bin keeps its V8 code cache under $XDG_CACHE_HOME: a scratch one, so the first start is
    // cold whatever ran before; NODE_DEBUG makes the bin say what it did with the cache.
    const bin = await sandboxBin(dir);
    const cacheDir = join(dir, "cache", "opencx-partner-sandbox");
    const startBin = async (cache: string): Promise<Server> => {
      const port = await freePort();
      const server = await spawnServer("sandbox", [bin, "--port", String(port), "--config", config], port, {
        XDG_CACHE_HOME: join(dir, "cache"),
        NODE_DEBUG: "opencx-sandbox",
      });
      if (server.stderr!().includes(cache)) return server;
      await server.close();
      throw new Error(`sandbox bin: expected "${cache}" from NODE_DEBUG, got:\n${server.stderr!()}`);
    };
    const cold = await startBin("no cache");
    try {
      // The cold start writes the cache once it has answered.
      const deadline = performance.now() + 10_000;
      while (!existsSync(cacheDir) || !readdirSync(cacheDir).some((f) => f.endsWith(".v8cache"))) {
        if (performance.now() > deadline) throw new Error(`sandbox bin: no code cache written:\n${cold.stderr!()}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    } finally {
      await cold.close();
    }
    const warmMs: number[] = [];
    let sandbox = await startBin("cache accepted");
    for (;;) {
      warmMs.push(sandbox.firstAnswerMs);
      if (warmMs.length === 3) break;
      await sandbox.close();
      sandbox = await startBin("cache accepted");
    }
    servers.push(sandbox); // the last warm start serves the load

    // The exact bytes the sandbox answers, for the minimal servers to repeat.
    const auth = { authorization: `Bearer ${KEY}`, "content-type": "application/json" };
    const orgs = OPERATIONS.listOrgs.path; // createOrg shares it
    await seedOrgs(sandbox.url, BENCH_KEYS, LIST_SIZE);
    const listPath = `${orgs}?limit=${LIST_SIZE}`;
    const listBytes = await (await fetch(`${sandbox.url}${listPath}`, { headers: auth })).text();
    const createBytes = await (await fetch(`${sandbox.url}${orgs}`, { method: "POST", headers: auth, body: ORG_BODY })).text();
    const minimalSource = `
      const { createServer } = require("node:http");
      const list = ${JSON.stringify(listBytes)}, created = ${JSON.stringify(createBytes)};
      createServer((req, res) => {
        req.resume();
        req.on("end", () => {
          const post = req.method === "POST";
          const body = post ? created : list;
          res.writeHead(post ? 201 : 200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
          res.end(body);
        });
      }).listen(Number(process.env.PORT), "127.0.0.1");`;
    const minimalPort = await freePort();
    servers.unshift(await spawnServer("node:http", ["-e", minimalSource], minimalPort, { PORT: String(minimalPort) }));
    // The floor the sandbox stands on: bare Fastify routes that parse the JSON body (its default
    // parser) and answer the same bytes, with no auth, validation or state. sandbox / fastify is
    // what the sandbox's own work costs; fastify / node:http is the framework's share.
    const fastifySource = `
      const app = require("fastify")({ logger: false });
      const list = ${JSON.stringify(listBytes)}, created = ${JSON.stringify(createBytes)};
      const type = "application/json; charset=utf-8";
      app.get(${JSON.stringify(orgs)}, (request, reply) => { reply.header("content-type", type).send(list); });
      app.post(${JSON.stringify(orgs)}, (request, reply) => { reply.code(201).header("content-type", type).send(created); });
      app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" });`;
    const fastifyPort = await freePort();
    servers.splice(1, 0, await spawnServer("fastify", ["-e", fastifySource], fastifyPort, { PORT: String(fastifyPort) }));

    // The same sandbox on its SQL engines, from source (the CLI). PostgreSQL: a database of this
    // run's own; its backends' CPU is counted with the sandbox's.
    const engineServer = async (name: string, args: string[]): Promise<Server> => {
      const port = await freePort();
      const server = await spawnServer(name, ["--no-warnings", CLI, "--port", String(port), "--config", config, ...args], port, { DATABASE_URL: "" });
      servers.push(server);
      await seedOrgs(server.url, BENCH_KEYS, LIST_SIZE);
      return server;
    };
    await engineServer("sqlite", ["--state", join(dir, "bench.sqlite")]);
    noPostgres = await postgresProblem();
    let refreshBackends = async (): Promise<void> => {};
    if (noPostgres === undefined) {
      const db = (database = await createTestDatabase());
      const server = await engineServer("postgres", ["--database-url", db.url]);
      const own = server.pids()[0]!;
      let backends: number[] = [];
      refreshBackends = async () => {
        backends = await backendPids(db.url, db.name);
      };
      server.pids = () => [own, ...backends];
    }

    const before = new Set(childPids());
    const t0 = performance.now();
    const prism = await startPrism({ logLevel: "error" });
    const prismMs = performance.now() - t0;
    const prismPids = childPids().filter((p) => !before.has(p));
    servers.push({ name: "prism", url: prism.url, firstAnswerMs: prismMs, pids: () => prismPids, close: prism.close });

    // What a partner's own tests see: startSandbox() in-process to its first answer — the first
    // in a process (modules loaded, validators not yet compiled) and a later one.
    const inProcessMs: number[] = [];
    for (let i = 0; i < 2; i++) {
      const t1 = performance.now();
      const inProcess = await startSandbox({ port: 0, config });
      inProcessMs.push(await firstAnswer(inProcess.url, t1));
      await inProcess.close();
    }

    const one = [KEY];
    const ops: Op[] = [
      { name: "listOrgs", method: "GET", path: listPath, keys: one },
      { name: "createOrg", method: "POST", path: orgs, body: ORG_BODY, keys: one },
      { name: "listOrgs x10", method: "GET", path: listPath, keys: BENCH_KEYS },
      { name: "createOrg x10", method: "POST", path: orgs, body: ORG_BODY, keys: BENCH_KEYS },
    ];
    // Prism keeps no state and ignores keys: it is measured with one partner only.
    const serversFor = (op: Op): Server[] => (op.keys.length > 1 ? servers.filter((s) => s.name !== "prism") : servers);
    const samples = new Map<string, Sample[]>();
    const peakRss = new Map<string, number>();
    const run = async (s: Server, op: Op): Promise<Sample> => {
      await refreshBackends();
      const timer = setInterval(() => peakRss.set(s.name, Math.max(peakRss.get(s.name) ?? 0, rssMb(s.pids()))), 100);
      try {
        return await load({ url: s.url + op.path, method: op.method, body: op.body, keys: op.keys, seconds: SECONDS, connections: CONNECTIONS, pids: s.pids(), dir });
      } finally {
        clearInterval(timer);
      }
    };
    for (const s of servers) await run(s, { ...ops[0]!, name: "warm-up" });
    for (const op of ops) {
      if (op.keys.length > 1 && !hasWrk) continue;
      for (let round = 0; round < ROUNDS; round++) {
        const list = serversFor(op);
        for (const s of round % 2 ? [...list].reverse() : list) {
          const key = `${s.name} ${op.name}`;
          samples.set(key, [...(samples.get(key) ?? []), await run(s, op)]);
        }
      }
    }

    const summary = (server: string, op: string): Sample => {
      const list = samples.get(`${server} ${op}`) ?? [];
      const pick = (f: (s: Sample) => number): number => median(list.map(f));
      return { rps: pick((s) => s.rps), p50: pick((s) => s.p50), p99: pick((s) => s.p99), cpuUs: pick((s) => s.cpuUs), requests: pick((s) => s.requests), errors: list.reduce((a, s) => a + s.errors, 0) };
    };
    const pad = (v: string, n: number) => v.padStart(n);
    const fixed = (n: number, digits = 2): string => (Number.isFinite(n) ? n.toFixed(digits) : "-");
    console.log(
      `load: ${hasWrk ? "wrk" : "autocannon (ten-partner runs need wrk: not measured)"}, ${CONNECTIONS} connections, ${ROUNDS} rounds x ${SECONDS} s per server and operation (median round); ` +
        `listOrgs answers ${LIST_SIZE} orgs; "x10": ten partners at once, keys rotated per request`,
    );
    console.log(`sandbox = memory engine, node ${bin.startsWith(ROOT) ? bin.slice(ROOT.length + 1) : "<scratch>/dist/packages/sandbox/src/cli/bin.cjs"} (the package's bin); sqlite and postgres from source (packages/sandbox/src/cli/cli.ts)`);
    console.log(`CPU µs/req: the server process's user + system time over the load window / requests served (postgres: the sandbox + its database backends)\n`);
    console.log(`${"server".padEnd(10)} ${"operation".padEnd(14)} ${pad("req/s", 9)} ${pad("CPU µs/req", 11)} ${pad("p50 ms", 8)} ${pad("p99 ms", 8)} ${pad("errors", 7)}`);
    for (const op of ops) {
      for (const s of serversFor(op)) {
        const r = summary(s.name, op.name);
        if (!Number.isFinite(r.rps)) continue;
        console.log(`${s.name.padEnd(10)} ${op.name.padEnd(14)} ${pad(r.rps.toFixed(0), 9)} ${pad(fixed(r.cpuUs, 1), 11)} ${pad(fixed(r.p50), 8)} ${pad(fixed(r.p99), 8)} ${pad(String(r.errors), 7)}`);
      }
    }

    console.log("\nmemory engine efficiency = bare fastify CPU/req / sandbox CPU/req (1.00: the sandbox costs no more than the framework):");
    for (const [op, target] of [["createOrg", 0.7], ["listOrgs", 0.5]] as const) {
      const sb = summary("sandbox", op);
      const floor = summary("fastify", op);
      const eff = floor.cpuUs / sb.cpuUs;
      console.log(`  ${op.padEnd(10)} ${fixed(eff)} (fastify ${fixed(floor.cpuUs, 1)} µs, sandbox ${fixed(sb.cpuUs, 1)} µs; target >= ${target}: ${eff >= target ? "ok" : "MISSED"})`);
    }

    console.log("\nstorage engines, req/s against memory (the sandbox row) in the same run:");
    for (const op of ops) {
      const memory = summary("sandbox", op.name);
      if (!Number.isFinite(memory.rps)) continue;
      const parts: string[] = [];
      for (const [engine, target] of [["sqlite", 0.4], ["postgres", 0.1]] as const) {
        if (!servers.some((s) => s.name === engine)) continue;
        const ratio = summary(engine, op.name).rps / memory.rps;
        parts.push(`${engine} ${fixed(ratio)} x (target >= ${target}: ${ratio >= target ? "ok" : "MISSED"})`);
      }
      console.log(`  ${op.name.padEnd(14)} ${parts.join("; ")}`);
    }
    // On a shared machine req/s follows whoever else runs; CPU per request does not: what each
    // engine would serve with the CPU memory used (postgres: the sandbox and its backends).
    console.log("the same by CPU per request (memory CPU/req / engine CPU/req):");
    for (const op of ops) {
      const memory = summary("sandbox", op.name);
      if (!Number.isFinite(memory.cpuUs)) continue;
      const parts = ["sqlite", "postgres"]
        .filter((engine) => servers.some((s) => s.name === engine))
        .map((engine) => `${engine} ${fixed(memory.cpuUs / summary(engine, op.name).cpuUs)} x`);
      console.log(`  ${op.name.padEnd(14)} ${parts.join("; ")}`);
    }
    if (noPostgres !== undefined) console.log(`  postgres not measured: no PostgreSQL (${noPostgres}); source .ci/postgres.sh`);

    console.log("\nratios (sandbox / other), one partner:");
    for (const op of ops.slice(0, 2)) {
      const sb = summary("sandbox", op.name);
      const node = summary("node:http", op.name);
      const prismR = summary("prism", op.name);
      const floor = summary("fastify", op.name);
      console.log(
        `  ${op.name.padEnd(10)} req/s vs node:http ${fixed(sb.rps / node.rps)}, vs prism ${fixed(sb.rps / prismR.rps, 1)},` +
          ` vs bare fastify ${fixed(sb.rps / floor.rps)} (bare fastify vs node:http ${fixed(floor.rps / node.rps)});` +
          ` p50 vs node:http ${fixed(sb.p50 / node.p50)}, p99 vs node:http ${fixed(sb.p99 / node.p99)}, p99 vs prism ${fixed(sb.p99 / prismR.p99)}`,
      );
    }
    console.log(`\npeak RSS under load: ${servers.map((s) => `${s.name} ${(peakRss.get(s.name) ?? NaN).toFixed(0)} MB`).join(", ")}`);
    console.log(
      `time to first answer: sandbox bin cold ${cold.firstAnswerMs.toFixed(0)} ms (no code cache), warm ${median(warmMs).toFixed(0)} ms (code cache accepted, median of ${warmMs.length}); ` +
        `${servers.filter((s) => s.name !== "sandbox").map((s) => `${s.name} ${s.firstAnswerMs.toFixed(0)} ms`).join(", ")}; startSandbox() in-process ${inProcessMs[0]!.toFixed(0)} ms first, ${inProcessMs[1]!.toFixed(0)} ms again (target < 300 ms)`,
    );
    console.log(`load average after: ${loadAverage()}`);
  } finally {
    for (const s of servers) await s.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
