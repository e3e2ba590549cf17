// Client overhead: calls per second through createPartnerClient vs raw fetch, to the same local
// node:http server, in one run. Short rounds alternate between the two (and which goes first), and
// the ratio reported is the median of the per-round ratios, so drift and bursts of load from other
// processes hit both alike. Target: the client adds under 10 %.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createPartnerClient } from "../../src/index.ts";

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
  const client = createPartnerClient({ apiKey: "bench-key", baseUrl, userAgent: "bench" });
  const viaClient = () => client.listOrgs({ limit: 1 });
  try {
    await timed(WARMUP_CALLS, raw);
    await timed(WARMUP_CALLS, viaClient);
    let rawMs = 0;
    let clientMs = 0;
    const rawCpu = { us: 0 };
    const clientCpu = { us: 0 };
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const clientFirst = round % 2 === 1;
      const c1 = clientFirst ? await timed(CALLS_PER_ROUND, viaClient, clientCpu) : 0;
      const r = await timed(CALLS_PER_ROUND, raw, rawCpu);
      const c = clientFirst ? c1 : await timed(CALLS_PER_ROUND, viaClient, clientCpu);
      rawMs += r;
      clientMs += c;
      ratios.push(r / c); // client calls/s over raw calls/s
    }
    ratios.sort((a, b) => a - b);
    const median = ((ratios[(ROUNDS - 1) >> 1] ?? 0) + (ratios[ROUNDS >> 1] ?? 0)) / 2;
    const calls = CALLS_PER_ROUND * ROUNDS;
    const overhead = (1 - median) * 100;
    console.log(`raw fetch: ${((calls / rawMs) * 1000).toFixed(0)} calls/s`);
    console.log(`client:    ${((calls / clientMs) * 1000).toFixed(0)} calls/s`);
    console.log(
      `client/raw = ${median.toFixed(3)}, median of ${ROUNDS} rounds (client adds ${overhead.toFixed(1)} %; target < 10 %: ${overhead < 10 ? "met" : "NOT met"})`,
    );
    // CPU time of this process (server included) per call: less sensitive to other load on the machine.
    console.log(`CPU per call: raw ${(rawCpu.us / calls).toFixed(0)} µs, client ${(clientCpu.us / calls).toFixed(0)} µs`);
    console.log(`(${calls} calls each, ${CONCURRENCY} concurrent, GET listOrgs, local node:http server)`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
