// The journal's write path (packages/sandbox/src/journal.ts): entries are buffered off the request path
// and reach the engine in batches, in order — at most FLUSH_DELAY_MS late, at once when
// FLUSH_BATCH wait, and whenever a reader or shutdown flushes — and a failing engine loses only
// the batch, never throws into a request.
import { describe, expect, it, vi } from "vitest";
import { FLUSH_BATCH, FLUSH_DELAY_MS, JournalWriter } from "../../packages/sandbox/src/journal/writer.ts";
import type { JournalEntry, SandboxStorage } from "../../packages/sandbox/src/storage/types/index.ts";

type Batch = { partnerId: string; entry: JournalEntry }[];

function fakeStorage(fail = false): { storage: SandboxStorage; batches: Batch[] } {
  const batches: Batch[] = [];
  const storage = {
    appendJournal: async (batch: Batch) => {
      if (fail) throw new Error("database away");
      batches.push([...batch]);
    },
    partnerNow: async (_partnerId: string, wallMs: number) => wallMs + 1_000, // a partner clock 1 s ahead
  } as unknown as SandboxStorage;
  return { storage, batches };
}

const entry = (i: number): JournalEntry => ({
  at_ms: 1,
  request_id: `req-${i}`,
  method: "GET",
  path: "/partner/v1/orgs",
  operation_id: "listOrgs",
  status: 200,
  duration_ms: 1,
  client_ip: null,
  refused_by: null,
  message: null,
});

describe("JournalWriter", () => {
  it("buffers entries and writes them as one batch, in order, when flushed", async () => {
    const { storage, batches } = fakeStorage();
    const writer = new JournalWriter(storage, 10);
    for (let i = 0; i < 3; i++) writer.add({ partnerId: i === 1 ? "b" : "a", entry: entry(i) });
    expect(batches).toEqual([]); // nothing written on the request path
    await writer.flush();
    expect(batches.map((b) => b.map((item) => `${item.partnerId}:${item.entry.request_id}`))).toEqual([["a:req-0", "b:req-1", "a:req-2"]]);
    await writer.flush(); // nothing pending: no empty batch
    expect(batches).toHaveLength(1);
  });

  it("writes by itself within FLUSH_DELAY_MS", async () => {
    vi.useFakeTimers();
    try {
      const { storage, batches } = fakeStorage();
      const writer = new JournalWriter(storage, 10);
      writer.add({ partnerId: "a", entry: entry(1) });
      await vi.advanceTimersByTimeAsync(FLUSH_DELAY_MS - 1);
      expect(batches).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1);
      expect(batches).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it("writes at once when FLUSH_BATCH entries wait, without waiting for the delay", async () => {
    const { storage, batches } = fakeStorage();
    const writer = new JournalWriter(storage, 10_000);
    for (let i = 0; i < FLUSH_BATCH; i++) writer.add({ partnerId: "a", entry: entry(i) });
    await Promise.resolve();
    await writer.flush();
    expect(batches.map((b) => b.length)).toEqual([FLUSH_BATCH]);
  });

  it("gives a refusal recorded before its admission the partner's time of its answer", async () => {
    const { storage, batches } = fakeStorage();
    const writer = new JournalWriter(storage, 10);
    writer.add({ partnerId: "a", entry: entry(1), wallMs: 5_000 });
    await writer.flush();
    expect(batches[0]![0]!.entry.at_ms).toBe(6_000);
  });

  it("loses a batch the engine refuses, and never rejects", async () => {
    const { storage, batches } = fakeStorage(true);
    const writer = new JournalWriter(storage, 10);
    writer.add({ partnerId: "a", entry: entry(1) });
    await expect(writer.flush()).resolves.toBeUndefined();
    expect(batches).toEqual([]);
  });
});
