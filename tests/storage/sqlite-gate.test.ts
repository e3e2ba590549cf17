// The SQLite engine shares one connection between the request path's synchronous units of work
// and Kysely's cold-path transactions, which span awaits. A unit arriving while such a
// transaction is open (at any point between its BEGIN and its COMMIT) must wait for it, never run
// inside it: both complete, in some order, each whole.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openSqliteStorage } from "../../mock/sandbox/storage/sqlite/index.ts";
import type { SandboxStorage } from "../../mock/sandbox/storage/types/index.ts";

const ROOMY = { orgs: 1000, login_links: 1000, stored_bytes: 1e9 };
let dir: string;
let s: SandboxStorage;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sandbox-gate-"));
  s = await openSqliteStorage(join(dir, "state.sqlite"));
});
afterAll(async () => {
  await s?.close();
  rmSync(dir, { recursive: true, force: true });
});

it("a unit of work started at any point of an open cold-path transaction waits for it and both complete", async () => {
  const ticks = async (n: number): Promise<void> => {
    for (let i = 0; i < n; i++) await Promise.resolve();
  };
  for (let depth = 0; depth < 40; depth++) {
    const clock = s.advanceClock("p1", 1); // a Kysely transaction: BEGIN, upsert, COMMIT, across awaits
    await ticks(depth);
    const now = Date.now();
    const created = await s.requests.createOrg(
      { partnerId: "p1", policies: [{ name: "partner", limit: 1000, windowMs: 60_000 }], wallMs: now },
      (nowMs) => ({ id: s.newOrgId(nowMs), partner_id: "p1", name: `Org ${depth}`, widget_token: "w".repeat(32), external_id: `gate-${depth}`, created_at: new Date(nowMs).toISOString() }),
      ROOMY,
    );
    expect(created).toMatchObject({ admitted: true, result: { created: { name: `Org ${depth}` } } });
    await clock;
  }
  expect((await s.listOrgs("p1", 100, 0)).total).toBe(40);
  expect(await s.clockOffsetMs("p1")).toBe(40);
});
