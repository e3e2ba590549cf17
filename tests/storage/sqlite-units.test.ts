// The SQLite engine's units of work (sqlite/requests.ts). Units arriving in one turn of the event
// loop share one committed transaction (group commit), yet each stays its own: a unit that fails
// takes nothing of the others with it. And the connection is shared with Kysely's cold-path
// transactions, which span awaits: a unit arriving while one is open (at any point between its
// BEGIN and its COMMIT) waits for it, never runs inside it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openSqliteStorage } from "../../packages/sandbox/src/storage/sqlite/index.ts";
import type { SandboxStorage } from "../../packages/sandbox/src/storage/types/index.ts";

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

const ticket = (partnerId: string) => ({ partnerId, policies: [{ name: "partner", limit: 1000, windowMs: 60_000 }], wallMs: Date.now() });
const draft = (partnerId: string, externalId: string) => (nowMs: number) => ({
  id: s.newOrgId(nowMs),
  partner_id: partnerId,
  name: externalId,
  widget_token: "w".repeat(32),
  external_id: externalId,
  created_at: new Date(nowMs).toISOString(),
});

it("units sent together are committed together, each answered with its own result; a failing one takes nothing with it", async () => {
  const results = await Promise.allSettled(
    ["a", "b", "boom", "c", "a"].map((name) =>
      s.requests.createOrg(ticket("batch"), name === "boom" ? () => { throw new Error("a draft that fails"); } : draft("batch", name), ROOMY),
    ),
  );
  expect(results.map((r) => (r.status === "rejected" ? (r.reason as Error).message : Object.keys((r.value as { result: object }).result)[0]))).toEqual([
    "created",
    "created",
    "a draft that fails",
    "created",
    "conflict", // the second "a" sees the first, committed in the same transaction before it
  ]);
  expect((await s.listOrgs("batch", 10, 0)).data.map((o) => o.name)).toEqual(["a", "b", "c"]);
  expect(await s.rateWindows("batch")).toEqual([{ name: "partner", used: 4, startedMs: expect.any(Number) }]); // the failed unit spent nothing
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
