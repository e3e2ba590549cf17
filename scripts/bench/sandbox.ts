// The sandbox against the Prism mock and a minimal node:http server that answers the same bytes,
// side by side in one run: requests/s, p50 and p99 for listOrgs and createOrg with auth, peak
// RSS under load, and time to first answer (the sandbox as its installed bin runs: a cold start
// without a V8 code cache, then warm ones from the cache it wrote). Each server runs in its own
// process; load comes from wrk (sub-millisecond percentiles) when installed, else autocannon.
// Rounds alternate between the servers so drift from other processes hits all alike; the median
// round is reported.
// A bare Fastify server answering the same bytes shows the framework's share apart from the
// sandbox's own. Targets (issue 4): sandbox >= 0.6 x node:http req/s, >= 10 x Prism, start < 300 ms.
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { promisify } from "node:util";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { OPERATIONS } from "../../generated/client.ts";
import { freePort } from "../../mock/free-port.ts";
import { startPrism } from "../../mock/prism.ts";
import { startSandbox } from "../../packages/sandbox/src/index.ts";
import { runLoad } from "../../tests/helpers/autocannon.ts";
import { createTestDatabase, postgresProblem, type TestDatabase } from "../../tests/helpers/postgres.ts";
import { BUNDLE_IN_DIST } from "../build-sandbox-bin.ts";
import { PACKAGES, stagePackage } from "../build.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const SECONDS = 2;
const ROUNDS = 5; // the machine drifts by ±15 % between runs: a median of five steadies the ratios
const CONNECTIONS = 10;
export const KEY = "bench-key";
export const ORG_BODY = JSON.stringify({ name: "Bench Tours", website: "https://bench.example", language: "en" });

export interface Server {
  name: string;
  url: string;
  pids(): number[];
  firstAnswerMs: number;
  /** What the process wrote to stderr so far. */
  stderr?(): string;
  close(): Promise<void>;
}

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

const hasWrk = (() => {
  try {
    execFileSync("wrk", ["--version"], { stdio: "ignore" });
    return true;
  } catch (error) {
    return (error as { status?: number }).status !== undefined; // wrk --version exits 1 but exists
  }
})();

/** Polls until the URL answers at all; returns ms since `t0`. */
async function firstAnswer(url: string, t0: number, child?: ChildProcess): Promise<number> {
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`${url}: process exited with ${child.exitCode}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return performance.now() - t0;
    } catch {
      await new Promise((r) => setTimeout(r, 2));
    }
  }
}

export function spawnServer(name: string, args: string[], port: number, env: NodeJS.ProcessEnv = {}): Promise<Server> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, ...env } });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk));
  const url = `http://127.0.0.1:${port}`;
  return firstAnswer(url, t0, child).then((ms) => ({
    name,
    url,
    firstAnswerMs: ms,
    stderr: () => stderr,
    pids: () => [child.pid!],
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
  }));
}

/** Children of this process (Linux /proc), to find Prism's pid for RSS. */
function childPids(): number[] {
  try {
    return readdirSync(`/proc/${process.pid}/task`).flatMap((t) =>
      readFileSync(`/proc/${process.pid}/task/${t}/children`, "utf8").split(" ").filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

function rssMb(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      /* gone */
    }
  }
  return kb / 1024;
}

const toMs = (text: string): number => {
  const m = /^([\d.]+)(us|ms|s)$/.exec(text.trim());
  if (!m) return NaN;
  return Number(m[1]) * (m[2] === "us" ? 0.001 : m[2] === "s" ? 1000 : 1);
};

export async function load(url: string, method: "GET" | "POST", body: string | undefined, dir: string): Promise<Sample> {
  const headers = { authorization: `Bearer ${KEY}`, "content-type": "application/json" };
  if (!hasWrk) {
    const r = await runLoad({ url, method, headers, body, connections: CONNECTIONS, duration: SECONDS });
    return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx };
  }
  const script = join(dir, `${method}.lua`);
  writeFileSync(
    script,
    `wrk.method = "${method}"\n${body ? `wrk.body = ${JSON.stringify(body)}\n` : ""}` +
      Object.entries(headers).map(([k, v]) => `wrk.headers["${k}"] = "${v}"`).join("\n"),
  );
  // Asynchronous, so the RSS sampler keeps running while wrk loads the server.
  const { stdout: out } = await promisify(execFile)("wrk", ["-t2", `-c${CONNECTIONS}`, `-d${SECONDS}s`, "--latency", "-s", script, url], { encoding: "utf8" });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const p50 = toMs(/^\s+50%\s+(\S+)/m.exec(out)?.[1] ?? "");
  const p99 = toMs(/^\s+99%\s+(\S+)/m.exec(out)?.[1] ?? "");
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return { rps, p50, p99, errors: non2xx + (socket ? socket.slice(1).reduce((a, b) => a + Number(b), 0) : 0) };
}

/**
 * The sandbox's bin as a partner's `npx opencx-partner-sandbox` runs it (the loader and the
 * one-file bundle): dist/ if built, else built now, as `npm run build` does, into a scratch copy
 * of the package layout (the repo's dist/ is left alone). No node_modules: the bundle needs none.
 */
export async function sandboxBin(dir: string): Promise<string> {
  const sandboxPackage = resolve(ROOT, PACKAGES.sandbox.dir);
  const { bin } = JSON.parse(readFileSync(join(sandboxPackage, "package.json"), "utf8")) as { bin: Record<string, string> };
  const inPackage = Object.values(bin)[0]!;
  const built = join(sandboxPackage, inPackage);
  if (existsSync(built) && existsSync(join(sandboxPackage, "dist", BUNDLE_IN_DIST))) return built;
  const pkg = join(dir, "pkg");
  await stagePackage("sandbox", pkg);
  return join(pkg, inPackage);
}

export const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : NaN;
};

export default async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "bench-sandbox-"));
  const servers: Server[] = [];
  let database: TestDatabase | undefined;
  let noPostgres: string | undefined;
  try {
    // The sandbox: a partner with limits too high to bite, so the rate-limit code still runs.
    const config = join(dir, "config.json");
    writeFileSync(
      config,
      JSON.stringify({
        partners: [
          {
            id: "bench",
            api_keys: [KEY],
            rate_limits: { global: { limit: 1e9, window_seconds: 60 }, createLoginLink: { limit: 1e9, window_seconds: 60 } },
            // A load run creates far more orgs than the default quotas allow one partner.
            quotas: { orgs: 1e9, login_links: 1e9, stored_bytes: 2 ** 50 },
          },
        ],
      }),
    );
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

    // The exact bytes the sandbox answers, for the minimal server to repeat.
    const auth = { authorization: `Bearer ${KEY}`, "content-type": "application/json" };
    const orgs = OPERATIONS.listOrgs.path; // createOrg shares it
    for (let i = 0; i < 10; i++) await fetch(`${sandbox.url}${orgs}`, { method: "POST", headers: auth, body: ORG_BODY });
    const listBytes = await (await fetch(`${sandbox.url}${orgs}?limit=10`, { headers: auth })).text();
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

    // The same sandbox on its other storage engines (`sandbox` above is memory), from source:
    // the bundled bin loads only the memory engine. PostgreSQL: a database of this run's own.
    const cli = resolve(ROOT, PACKAGES.sandbox.dir, "src/cli/cli.ts");
    const engineServer = async (name: string, args: string[]): Promise<void> => {
      const port = await freePort();
      servers.push(await spawnServer(name, ["--no-warnings", cli, "--port", String(port), "--config", config, ...args], port, { DATABASE_URL: "" }));
    };
    await engineServer("sqlite", ["--state", join(dir, "bench.sqlite")]);
    noPostgres = await postgresProblem();
    if (noPostgres === undefined) {
      database = await createTestDatabase();
      await engineServer("postgres", ["--database-url", database.url]);
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

    const ops = [
      { name: "listOrgs", method: OPERATIONS.listOrgs.method, path: `${OPERATIONS.listOrgs.path}?limit=10`, body: undefined },
      { name: "createOrg", method: OPERATIONS.createOrg.method, path: OPERATIONS.createOrg.path, body: ORG_BODY },
    ];
    const samples = new Map<string, Sample[]>();
    const peakRss = new Map<string, number>();
    for (const s of servers) await load(s.url + ops[0]!.path, "GET", undefined, dir); // warm up
    for (const op of ops) {
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 ? [...servers].reverse() : servers;
        for (const s of order) {
          const timer = setInterval(() => peakRss.set(s.name, Math.max(peakRss.get(s.name) ?? 0, rssMb(s.pids()))), 100);
          const sample = await load(s.url + op.path, op.method, op.body, dir);
          clearInterval(timer);
          samples.set(`${s.name} ${op.name}`, [...(samples.get(`${s.name} ${op.name}`) ?? []), sample]);
        }
      }
    }

    const summary = (server: string, op: string): Sample => {
      const list = samples.get(`${server} ${op}`) ?? [];
      return {
        rps: median(list.map((s) => s.rps)),
        p50: median(list.map((s) => s.p50)),
        p99: median(list.map((s) => s.p99)),
        errors: list.reduce((a, s) => a + s.errors, 0),
      };
    };
    const pad = (v: string, n: number) => v.padStart(n);
    console.log(`load: ${hasWrk ? "wrk" : "autocannon"}, ${CONNECTIONS} connections, ${ROUNDS} rounds x ${SECONDS} s per server and operation (median round)`);
    console.log(`sandbox process: node ${bin.startsWith(ROOT) ? bin.slice(ROOT.length + 1) : "<scratch>/" + BUNDLE_IN_DIST.replace("cli.bundle.cjs", "bin.cjs")} (the package's bin: loader + one-file bundle)\n`);
    console.log(`${"server".padEnd(10)} ${pad("operation", 10)} ${pad("req/s", 9)} ${pad("p50 ms", 8)} ${pad("p99 ms", 8)} ${pad("errors", 7)}`);
    for (const op of ops) {
      for (const s of servers) {
        const r = summary(s.name, op.name);
        console.log(`${s.name.padEnd(10)} ${pad(op.name, 10)} ${pad(r.rps.toFixed(0), 9)} ${pad(r.p50.toFixed(2), 8)} ${pad(r.p99.toFixed(2), 8)} ${pad(String(r.errors), 7)}`);
      }
    }
    console.log("\nratios (sandbox / other):");
    for (const op of ops) {
      const sb = summary("sandbox", op.name);
      const node = summary("node:http", op.name);
      const prismR = summary("prism", op.name);
      const floor = summary("fastify", op.name);
      console.log(
        `  ${op.name.padEnd(10)} req/s vs node:http ${(sb.rps / node.rps).toFixed(2)} (target >= 0.6), vs prism ${(sb.rps / prismR.rps).toFixed(1)} (target >= 10),` +
          ` vs bare fastify ${(sb.rps / floor.rps).toFixed(2)} (bare fastify vs node:http ${(floor.rps / node.rps).toFixed(2)});` +
          ` p50 vs node:http ${(sb.p50 / node.p50).toFixed(2)}, p99 vs node:http ${(sb.p99 / node.p99).toFixed(2)}, p99 vs prism ${(sb.p99 / prismR.p99).toFixed(2)}`,
      );
    }
    console.log("\nstorage engines (the same sandbox; memory is the `sandbox` row):");
    for (const op of ops) {
      const memory = summary("sandbox", op.name);
      const floor = summary("fastify", op.name);
      const parts = [`memory vs bare fastify ${(memory.rps / floor.rps).toFixed(2)}`];
      for (const engine of ["sqlite", "postgres"]) {
        if (!servers.some((s) => s.name === engine)) continue;
        const e = summary(engine, op.name);
        parts.push(`${engine} ${e.rps.toFixed(0)} req/s = ${(e.rps / memory.rps).toFixed(2)} x memory${engine === "sqlite" ? " (target >= 0.6)" : ""}, ${(e.rps / floor.rps).toFixed(2)} x bare fastify`);
      }
      console.log(`  ${op.name.padEnd(10)} ${parts.join("; ")}`);
    }
    if (noPostgres !== undefined) console.log(`  postgres not measured: no PostgreSQL (${noPostgres}); source .ci/postgres.sh`);
    console.log(`\npeak RSS under load: ${servers.map((s) => `${s.name} ${(peakRss.get(s.name) ?? NaN).toFixed(0)} MB`).join(", ")}`);
    console.log(
      `time to first answer: sandbox bin cold ${cold.firstAnswerMs.toFixed(0)} ms (no code cache), warm ${median(warmMs).toFixed(0)} ms (code cache accepted, median of ${warmMs.length}); ` +
        `${servers.filter((s) => s.name !== "sandbox").map((s) => `${s.name} ${s.firstAnswerMs.toFixed(0)} ms`).join(", ")}; startSandbox() in-process ${inProcessMs[0]!.toFixed(0)} ms first, ${inProcessMs[1]!.toFixed(0)} ms again (target < 300 ms)`,
    );
  } finally {
    for (const s of servers) await s.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
