// Load for the HTTP benches: wrk (sub-millisecond percentiles, a Lua script that can rotate
// several partners' keys) when installed, else autocannon (one key only). Beside the rate, each
// sample reads the server processes' CPU time from /proc/<pid>/stat over the load window and
// divides it by the requests served: CPU per request is what a server costs, and unlike req/s it
// barely moves when other processes share the cores (they take wall time, not our CPU time).
// (Lives in lib/: bench/index.ts runs every .ts file directly in scripts/bench/ as a benchmark.)
import { execFile, execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { runLoad } from "../../../tests/helpers/autocannon.ts";

export interface Sample {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
  /** The server's CPU time (user + system, every pid given) per request served, in µs. */
  cpuUs: number;
}

export interface LoadOptions {
  url: string;
  method: "GET" | "POST";
  body?: string;
  /** Bearer keys, rotated request by request (wrk only; autocannon uses the first). */
  keys: readonly string[];
  seconds: number;
  connections: number;
  /** The server's processes, whose CPU time is measured. */
  pids: readonly number[];
  /** A scratch directory for the Lua script. */
  dir: string;
}

export const hasWrk = (() => {
  try {
    execFileSync("wrk", ["--version"], { stdio: "ignore" });
    return true;
  } catch (error) {
    return (error as { status?: number }).status !== undefined; // wrk --version exits 1 but exists
  }
})();

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ). */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of the pids, in seconds (a pid that is gone counts nothing). */
export function cpuSeconds(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // The command name (field 2) is in parentheses and may hold spaces: count from after it.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // fields 14 and 15: utime, stime
    } catch {
      /* gone */
    }
  }
  return ticks / TICKS_PER_SECOND;
}

const toMs = (text: string): number => {
  const m = /^([\d.]+)(us|ms|s)$/.exec(text.trim());
  if (!m) return NaN;
  return Number(m[1]) * (m[2] === "us" ? 0.001 : m[2] === "s" ? 1000 : 1);
};

let scripts = 0;

function wrkScript(options: LoadOptions): string {
  const file = join(options.dir, `load-${scripts++}.lua`);
  const lines = [`wrk.method = "${options.method}"`, `wrk.headers["content-type"] = "application/json"`];
  if (options.body !== undefined) lines.push(`wrk.body = ${JSON.stringify(options.body)}`);
  if (options.keys.length === 1) {
    lines.push(`wrk.headers["authorization"] = "Bearer ${options.keys[0]}"`);
  } else {
    // One key per request in turn; each wrk thread has its own Lua state and counter.
    lines.push(
      `local keys = { ${options.keys.map((k) => JSON.stringify(k)).join(", ")} }`,
      "local n = 0",
      "request = function()",
      "  n = n + 1",
      '  wrk.headers["authorization"] = "Bearer " .. keys[(n % #keys) + 1]',
      "  return wrk.format()",
      "end",
    );
  }
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

export async function load(options: LoadOptions): Promise<Sample> {
  const cpu0 = cpuSeconds(options.pids);
  if (!hasWrk) {
    const headers = { authorization: `Bearer ${options.keys[0]}`, "content-type": "application/json" };
    const r = await runLoad({ url: options.url, method: options.method, headers, body: options.body, connections: options.connections, duration: options.seconds });
    const cpu = cpuSeconds(options.pids) - cpu0;
    const requests = r.requests.total;
    return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx, requests, cpuUs: (cpu * 1e6) / requests };
  }
  const script = wrkScript(options);
  // Asynchronous, so samplers (RSS) keep running while wrk loads the server.
  const { stdout: out } = await promisify(execFile)(
    "wrk",
    ["-t2", `-c${options.connections}`, `-d${options.seconds}s`, "--latency", "-s", script, options.url],
    { encoding: "utf8" },
  );
  const cpu = cpuSeconds(options.pids) - cpu0;
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]),
    p50: toMs(/^\s+50%\s+(\S+)/m.exec(out)?.[1] ?? ""),
    p99: toMs(/^\s+99%\s+(\S+)/m.exec(out)?.[1] ?? ""),
    errors: non2xx + (socket ? socket.slice(1).reduce((a, b) => a + Number(b), 0) : 0),
    requests,
    cpuUs: (cpu * 1e6) / requests,
  };
}

export const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : NaN;
};

/** The machine's load average, printed beside figures (other processes share the cores). */
export function loadAverage(): string {
  try {
    return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  } catch {
    return "unknown";
  }
}

/** PostgreSQL backends serving a database: their CPU is part of what a request costs there. */
export async function backendPids(url: string, database: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>("select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()", [database]);
    return rows.map((r) => r.pid);
  } finally {
    await client.end();
  }
}
