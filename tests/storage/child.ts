// A separate OS process that opens a storage engine, for the race, migration and kill -9 tests
// (run with Node's own type stripping: `node tests/storage/child.ts ENGINE TARGET JOB N`).
// It prints "ready" once it may start, waits for "go" on stdin (so both racers start together),
// runs its job and prints one JSON line with the result; `write-loop` prints "ack <id>" for every
// createOrg that returned, until it is killed.
import { createInterface } from "node:readline";
import { openPostgresStorage } from "../../packages/sandbox/src/storage/postgres/index.ts";
import { openSqliteStorage } from "../../packages/sandbox/src/storage/sqlite/index.ts";
import type { Quotas, SandboxStorage, StoredOrg } from "../../packages/sandbox/src/storage/types/index.ts";

const [engine, target, job, countText, extra] = process.argv.slice(2);
const n = Number(countText ?? "0");
const ROOMY: Quotas = { orgs: 1_000_000, login_links: 1_000_000, stored_bytes: 1e12 };

const open = (): Promise<SandboxStorage> =>
  engine === "postgres" ? openPostgresStorage(target!, { poolSize: 10, statementTimeoutMs: 10_000 }) : openSqliteStorage(target!);

const lines = createInterface({ input: process.stdin });
const go = new Promise<void>((resolve) => lines.on("line", (line) => line.trim() === "go" && resolve()));

function org(s: SandboxStorage, externalId: string | null): StoredOrg {
  const now = Date.now();
  return { id: s.newOrgId(now), partner_id: "race-partner", name: "Race", widget_token: "w".repeat(32), external_id: externalId, created_at: new Date(now).toISOString() };
}

async function main(): Promise<void> {
  if (job === "migrate") {
    console.log("ready");
    await go;
    const s = await open();
    await s.close();
    console.log(JSON.stringify({ ok: true }));
    return;
  }
  const s = await open();
  if (job === "write-loop") {
    console.log("ready");
    for (let i = 0; ; i++) {
      const o = org(s, `loop-${process.pid}-${i}`);
      const result = await s.createOrg(o, ROOMY);
      if ("created" in result) process.stdout.write(`ack ${o.id}\n`);
    }
  }
  console.log("ready");
  await go;
  let result: Record<string, number>;
  if (job === "create") {
    const all = await Promise.all(Array.from({ length: n }, () => s.createOrg(org(s, extra!), ROOMY)));
    result = { created: all.filter((r) => "created" in r).length, conflict: all.filter((r) => "conflict" in r).length };
  } else if (job === "consume") {
    const all = await Promise.all(Array.from({ length: n }, () => s.consumeLoginLink(extra!, Date.now())));
    result = { consumed: all.filter(Boolean).length };
  } else if (job === "admit") {
    const policy = { name: "partner", limit: Number(extra), windowMs: 3_600_000 };
    const all = await Promise.all(Array.from({ length: n }, () => s.admit("race-partner", [policy], Date.now())));
    result = { admitted: all.filter((r) => r.admitted).length };
  } else {
    throw new Error(`unknown job ${job}`);
  }
  console.log(JSON.stringify(result));
  await s.close();
  lines.close();
}

main().catch((error: unknown) => {
  console.error((error as Error).stack ?? String(error));
  process.exit(1);
});
