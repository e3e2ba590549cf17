// The request journal's cost: the memory engine's createOrg throughput with the journal
// on (the default, 500 entries a partner) against the same bin with `journal_size: 0`, side by
// side in one run, rounds alternating; target >= 0.9. Load and servers from lib/ (load.ts, servers.ts).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OPERATIONS } from "../../generated/client.ts";
import { freePort } from "../../mock/free-port.ts";
import { load, median } from "./lib/load.ts";
import { KEY, ORG_BODY, sandboxBin, spawnServer, type Server } from "./lib/servers.ts";

const ROUNDS = 7;

export default async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "bench-journal-"));
  const servers: Server[] = [];
  try {
    const bin = await sandboxBin(dir);
    const start = async (name: string, journalSize: number | undefined): Promise<Server> => {
      const config = join(dir, `${name}.json`);
      const partner = { id: "bench", api_keys: [KEY], rate_limits: false, quotas: { orgs: 1e9, login_links: 1e9, stored_bytes: 2 ** 50 } };
      writeFileSync(config, JSON.stringify({ partners: [partner], ...(journalSize === undefined ? {} : { journal_size: journalSize }) }));
      const port = await freePort();
      return spawnServer(name, [bin, "--port", String(port), "--config", config], port, { XDG_CACHE_HOME: join(dir, "cache") });
    };
    servers.push(await start("journal on", undefined), await start("journal off", 0));
    const rps = new Map<string, number[]>();
    const path = OPERATIONS.createOrg.path;
    const send = (s: Server) => load({ url: s.url + path, method: "POST", body: ORG_BODY, keys: [KEY], seconds: 2, connections: 10, pids: s.pids(), dir });
    for (const s of servers) await send(s); // warm up
    for (let round = 0; round < ROUNDS; round++) {
      for (const s of round % 2 ? [...servers].reverse() : servers) {
        const sample = await send(s);
        if (sample.errors) throw new Error(`${s.name}: ${sample.errors} errors under load`);
        rps.set(s.name, [...(rps.get(s.name) ?? []), sample.rps]);
      }
    }
    const on = median(rps.get("journal on")!);
    const off = median(rps.get("journal off")!);
    console.log(`createOrg, memory engine, median of ${ROUNDS} rounds: journal on ${on.toFixed(0)} req/s, off ${off.toFixed(0)} req/s`);
    console.log(`  journal on / off = ${(on / off).toFixed(2)} (target >= 0.9)`);
  } finally {
    for (const s of servers) await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
