// Expired login links are deleted on a timer, not only when a new link is stored: a partner that
// stops creating links does not keep its expired ones (its quota).
import { expect, it } from "vitest";
import { createMemoryStorage } from "../../packages/sandbox/src/storage/memory/index.ts";
import type { SandboxStorage } from "../../packages/sandbox/src/storage/types/index.ts";
import { KEYS, startTestSandbox } from "./harness.ts";

it("sweeps expired links on its timer", async () => {
  const inner = createMemoryStorage();
  const swept: number[] = [];
  const storage: SandboxStorage = {
    ...inner,
    engine: inner.engine,
    sweepExpired: async (wallMs) => {
      const n = await inner.sweepExpired(wallMs);
      swept.push(n);
      return n;
    },
  };
  const sandbox = await startTestSandbox({ storage, sweepIntervalMs: 20 });
  try {
    const orgId = (await sandbox.api.createOrg({ name: "Sweep" })).body.id as string;
    await sandbox.api.call("createLoginLink", { params: { orgId }, body: { email: "a@b.example" } });
    await sandbox.api.call("createLoginLink", { key: KEYS.a, params: { orgId }, body: { email: "c@d.example" } });
    expect(swept.reduce((a, b) => a + b, 0)).toBe(0); // nothing has expired yet
    await sandbox.api.control("clock", { advance_seconds: 16 * 60 });
    await expect.poll(() => swept.reduce((a, b) => a + b, 0), { timeout: 5000, interval: 20 }).toBe(2);
  } finally {
    await sandbox.close();
  }
});
