// Client overhead: calls per second through createPartnerClient vs raw fetch, to the same local
// node:http server, in one run. Short rounds alternate between the two (and which goes first), and
// the ratio reported is the median of the per-round ratios, so drift and bursts of load from other
// processes hit both alike. Target: the client adds under 10 %. A third contender, raw fetch with
// a per-request timeout signal (what any fetch with a timeout pays, and what the client's
// per-attempt timeout costs undici on Node 20), separates that cost from the client's own.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createPartnerClient } from "../../packages/client/src/index.ts";

const BODY = JSON.stringify({
  data: [
    {
      id: "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
      name: "Acme Tours",
      widget_token: "f8e7d6c5b4a392817f6e5d4c3b2a1908",
      external_id: "customer-12345",
      created_at: "2026-03-15T10:30:00.000Z",
    },
  ],
  total: 1,
});
const CONCURRENCY = 10;
const CALLS_PER_ROUND = 1_500;
const ROUNDS = 12;
const WARMUP_CALLS = 2_000;

function listen(): Promise<Server> {
  const server = createServer((_, res) => {
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(BODY) });
    res.end(BODY);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** Runs `calls` calls, `CONCURRENCY` at a time; returns the elapsed milliseconds (and adds the CPU time used to `cpu`). */
async function timed(calls: number, call: () => Promise<unknown>, cpu = { us: 0 }): Promise<number> {
  let started = 0;
  const worker = async () => {
    while (started < calls) {
      started++;
      await call();
    }
  };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const used = process.cpuUsage(cpu0);
  cpu.us += used.user + used.system;
  return performance.now() - t0;
}

export default async function bench(): Promise<void> {
  const server = await listen();
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const headers = { Authorization: "Bearer bench-key", "User-Agent": "bench" };
  const raw = async () => {
    const response = await fetch(`${baseUrl}/partner/v1/orgs?limit=1`, { headers });
    if (!response.ok) throw new Error(`status ${response.status}`);
    return response.json();
  };
  const rawWithTimeout = async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 60_000);
    try {
      const response = await fetch(`${baseUrl}/partner/v1/orgs?limit=1`, { headers, signal: controller.signal });
      if (!response.ok) throw new Error(`status ${response.status}`);
      return await response.json();
    } finally {
      clearTimeout(timer);
    }
  };
  const client = createPartnerClient({ apiKey: "bench-key", baseUrl, userAgent: "bench" });
  const viaClient = () => client.listOrgs({ limit: 1 });
  const contenders = [
    { name: "raw fetch", call: raw, ms: 0, cpu: { us: 0 }, ratios: [] as number[] },
    { name: "raw fetch + timeout signal", call: rawWithTimeout, ms: 0, cpu: { us: 0 }, ratios: [] as number[] },
    { name: "client", call: viaClient, ms: 0, cpu: { us: 0 }, ratios: [] as number[] },
  ];
  const [plain, timedOut, viaTheClient] = contenders as [(typeof contenders)[0], (typeof contenders)[0], (typeof contenders)[0]];
  try {
    for (const c of contenders) await timed(WARMUP_CALLS, c.call);
    for (let round = 0; round < ROUNDS; round++) {
      const elapsed = new Map<string, number>();
      // Rotate who goes first, so a burst of outside load does not always hit the same one.
      for (let i = 0; i < contenders.length; i++) {
        const c = contenders[(round + i) % contenders.length]!;
        const ms = await timed(CALLS_PER_ROUND, c.call, c.cpu);
        c.ms += ms;
        elapsed.set(c.name, ms);
      }
      plain.ratios.push(elapsed.get(plain.name)! / elapsed.get(viaTheClient.name)!);
      timedOut.ratios.push(elapsed.get(timedOut.name)! / elapsed.get(viaTheClient.name)!);
    }
    const median = (xs: number[]) => {
      const sorted = [...xs].sort((x, y) => x - y);
      return ((sorted[(sorted.length - 1) >> 1] ?? 0) + (sorted[sorted.length >> 1] ?? 0)) / 2;
    };
    const calls = CALLS_PER_ROUND * ROUNDS;
    for (const c of contenders) {
      console.log(`${c.name.padEnd(27)} ${((calls / c.ms) * 1000).toFixed(0).padStart(6)} calls/s, CPU ${(c.cpu.us / calls).toFixed(0)} µs/call`);
    }
    const vsRaw = median(plain.ratios);
    const vsTimeout = median(timedOut.ratios);
    console.log(
      `client/raw fetch = ${vsRaw.toFixed(3)} (client adds ${((1 - vsRaw) * 100).toFixed(1)} %; target < 10 %: ${1 - vsRaw < 0.1 ? "met" : "NOT met"})`,
    );
    console.log(`client/raw fetch with the same timeout signal = ${vsTimeout.toFixed(3)} (the client's own code: ${((1 - vsTimeout) * 100).toFixed(1)} %)`);
    // CPU time of this process (server included) per call: less sensitive to other load on the machine.
    console.log(`(medians of ${ROUNDS} rounds; ${calls} calls each, ${CONCURRENCY} concurrent, GET listOrgs, local node:http server)`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
