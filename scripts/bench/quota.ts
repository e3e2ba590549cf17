// What one partner costs at its default quotas: the sandbox (memory engine) alone in a child
// process, filled with the largest orgs the document allows until the quota refuses; the child's
// heap and RSS growth against the 64 MB per partner the defaults are meant to hold.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const TARGET_MB = 64;
const KEY = "quota-bench-key";

interface Reading {
  rss: number;
  heap: number;
  external: number;
}

// Every field at its documented bound (the document's bounds): the costliest org a partner can store.
const org = (i: number) => ({
  name: "N".repeat(255 - String(i).length) + i,
  external_id: "e".repeat(255 - String(i).length) + i,
  website: `https://example.com/${"w".repeat(2048 - 20)}`,
  language: "pt-BR",
  ai_instructions: "i".repeat(32_000),
});

export default async function bench(): Promise<void> {
  const child = spawn(process.execPath, [...process.execArgv, "--expose-gc", join(here, "children/quota-fill.ts")], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env: { ...process.env, QUOTA_BENCH_KEY: KEY },
  });
  const next = async <T>(): Promise<T> => (await once(child, "message"))[0] as T;
  const measure = async (): Promise<Reading> => {
    child.send("measure");
    return next<Reading>();
  };
  try {
    const { url } = await next<{ url: string }>();
    const headers = { authorization: `Bearer ${KEY}`, "content-type": "application/json" };
    // Warm the server's own paths first, so the baseline holds its code, not the partner's data.
    await (await fetch(`${url}/partner/v1/orgs`, { headers })).arrayBuffer();
    const before = await measure();
    let created = 0;
    let refusal = "";
    for (let i = 0; ; i++) {
      const res = await fetch(`${url}/partner/v1/orgs`, { method: "POST", headers, body: JSON.stringify(org(i)) });
      const text = await res.text();
      if (res.status === 201) created++;
      else {
        refusal = `${res.status} ${(JSON.parse(text) as { message: string }).message}`;
        break;
      }
    }
    const usage = ((await (await fetch(`${url}/_sandbox/overview`, { headers })).json()) as { usage: { stored_bytes: number } }).usage;
    const after = await measure();
    const mb = (bytes: number) => bytes / 2 ** 20;
    const heap = mb(after.heap - before.heap);
    const rss = mb(after.rss - before.rss);
    console.log(`one partner at its default quotas: ${created} max-size orgs, ${mb(usage.stored_bytes).toFixed(1)} MB of stored JSON; then "${refusal}"`);
    console.log(`  heap growth ${heap.toFixed(1)} MB, RSS growth ${rss.toFixed(1)} MB (after full GCs): ${(Math.max(heap, rss) / TARGET_MB).toFixed(2)} x the ${TARGET_MB} MB target (<= 1.00 holds)`);
  } finally {
    child.send("close");
    await once(child, "exit");
  }
}
