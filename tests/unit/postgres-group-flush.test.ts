// PostgreSQL's units commit without waiting for the disk (so a partner's row locks are released
// at once), and a unit that stored a record is answered only after a durable commit that follows
// its own (sandbox_flush): one flush serves every unit waiting for it (postgres/requests.ts).
// A fake connection stands in for the database: this is about the order of the calls.
import { describe, expect, it } from "vitest";
import type { Checkout } from "../../packages/sandbox/src/storage/postgres/pool.ts";
import { postgresHotPath } from "../../packages/sandbox/src/storage/postgres/requests.ts";
import { guards } from "../../packages/sandbox/src/storage/sql/guard.ts";
import { OrgCache } from "../../packages/sandbox/src/storage/sql/org-cache.ts";
import type { StoredOrg, Ticket } from "../../packages/sandbox/src/storage/types/index.ts";

const ROOMY = { orgs: 100, login_links: 100, stored_bytes: 1e6 };
const ticket: Ticket = { partnerId: "p1", policies: [{ name: "partner", limit: 100, windowMs: 60_000 }], wallMs: 1_000 };
const draft = (nowMs: number): StoredOrg => ({ id: `org-${nowMs}`, partner_id: "p1", name: "Org", widget_token: "w".repeat(32), external_id: null, created_at: new Date(nowMs).toISOString() });

/** A database whose function answers `outcome` and whose flushes finish only when released. */
function fakeDatabase(outcome: string) {
  const calls: string[] = [];
  const flushes: (() => void)[] = [];
  const checkout = async (): Promise<Checkout> => ({
    processID: 1,
    release: () => {},
    query: (async (config: { name: string }) => {
      calls.push(config.name);
      if (config.name === "sandbox_flush") await new Promise<void>((resolve) => flushes.push(resolve));
      return { rows: [{ outcome, now_ms: 1_000, refused: outcome === "rate" ? 0 : -1, reset_ms: 61_000, offset_ms: 0 }] };
    }) as unknown as Checkout["query"],
  });
  const hot = postgresHotPath(checkout, { guard: guards({ engine: "postgres", unavailable: () => undefined, closed: () => false }), orgs: new OrgCache() });
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  return { hot, calls, flushes, settle };
}

describe("PostgreSQL group flush", () => {
  it("answers a stored org only after a durable commit that follows it", async () => {
    const db = fakeDatabase("created");
    let answered = false;
    const unit = Promise.resolve(db.hot.requests.createOrg(ticket, draft, ROOMY)).then((u) => ((answered = true), u));
    await db.settle();
    expect(db.calls).toEqual(["sandbox_create_org", "sandbox_flush"]);
    expect(answered).toBe(false);
    db.flushes.shift()!();
    expect(await unit).toMatchObject({ admitted: true, result: { created: { id: "org-1000" } } });
  });

  it("one flush serves every unit waiting when it starts; later units wait for the next", async () => {
    const db = fakeDatabase("created");
    const units = Array.from({ length: 5 }, () => db.hot.requests.createOrg(ticket, draft, ROOMY));
    await db.settle();
    // The first unit's flush started alone; the four that committed meanwhile wait for the next one.
    expect(db.calls.filter((c) => c === "sandbox_flush")).toHaveLength(1);
    db.flushes.shift()!();
    await db.settle();
    expect(db.calls.filter((c) => c === "sandbox_flush")).toHaveLength(2);
    db.flushes.shift()!();
    expect((await Promise.all(units)).every((u) => u.admitted)).toBe(true);
    expect(db.calls.filter((c) => c === "sandbox_create_org")).toHaveLength(5);
  });

  it("a unit that stored nothing (a conflict, a refusal) is answered without a flush", async () => {
    for (const outcome of ["conflict", "rate", "quota:orgs"]) {
      const db = fakeDatabase(outcome);
      await db.hot.requests.createOrg(ticket, draft, ROOMY);
      expect(db.calls).toEqual(["sandbox_create_org"]);
    }
  });
});
