// Hosting (openapi/sandbox, tag Hosting): health for a load balancer (no key; 503 with
// Retry-After when the engine does not answer, never a hang) and the Prometheus metrics (admin
// token only). Every answer is checked against the sandbox's own document.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemoryStorage } from "../../packages/sandbox/src/storage/memory/index.ts";
import { StorageUnavailableError, type SandboxStorage } from "../../packages/sandbox/src/storage/types/index.ts";
import { ADMIN_TOKEN, KEYS, startTestSandbox, type TestSandbox } from "./harness.ts";

/** The memory engine with another ping and, optionally, pool figures (as the SQL engines have). */
function withPing(ping: () => Promise<void>, poolStats?: SandboxStorage["poolStats"]): SandboxStorage {
  const inner = createMemoryStorage();
  return new Proxy(inner, {
    get(target, name, receiver) {
      if (name === "ping") return ping;
      if (name === "poolStats") return poolStats;
      return Reflect.get(target, name, receiver) as unknown;
    },
  });
}

describe("getSandboxHealth", () => {
  it("answers 200 with the engine when the storage answers, with no key", async () => {
    const sandbox = await startTestSandbox();
    try {
      const res = await sandbox.api.sandboxCall("getSandboxHealth", { key: null });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: "ok", engine: sandbox.engine });
    } finally {
      await sandbox.close();
    }
  });

  it("answers 503 with Retry-After when the storage rejects, and 200 again when it is back", async () => {
    const state = { down: true };
    const sandbox = await startTestSandbox({
      storage: withPing(() => (state.down ? Promise.reject(new StorageUnavailableError("connection refused")) : Promise.resolve())),
    });
    try {
      const down = await sandbox.api.sandboxCall("getSandboxHealth", { key: null });
      expect(down.status).toBe(503);
      expect(down.body).toEqual({ status: "unavailable", engine: "memory" });
      expect(down.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
      expect(down.text).not.toContain("connection refused");
      state.down = false;
      expect((await sandbox.api.sandboxCall("getSandboxHealth", { key: null })).status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });

  it("answers 503 when the storage never answers (a hung database), rather than hanging", async () => {
    const sandbox = await startTestSandbox({ storage: withPing(() => new Promise<void>(() => {})) });
    try {
      const res = await sandbox.api.sandboxCall("getSandboxHealth", { key: null });
      expect(res.status).toBe(503);
      expect(res.body.status).toBe("unavailable");
    } finally {
      await sandbox.close();
    }
  });
});

describe("getSandboxMetrics", () => {
  const pool = { total: 10, idle: 7, waiting: 2 };
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox({ storage: withPing(() => Promise.resolve(), () => pool) });
  });
  afterAll(() => sandbox?.close());

  const scrape = () => sandbox.api.sandboxCall("getSandboxMetrics", { key: ADMIN_TOKEN });
  /** One sample's value from the exposition text (0 when absent). */
  const sample = (text: string, line: string): number => {
    const found = text.split("\n").find((l) => l.startsWith(`${line} `));
    return found ? Number(found.slice(line.length + 1)) : 0;
  };

  it("answers 401 without the admin token: no token, a partner key, a wrong token", async () => {
    for (const key of [null, KEYS.a, `${ADMIN_TOKEN}x`]) {
      const res = await sandbox.api.sandboxCall("getSandboxMetrics", { key });
      expect(res.status).toBe(401);
      expect(res.text).not.toContain("sandbox_requests_total");
    }
  });

  it("counts requests by operation and status, and their latency by operation", async () => {
    const before = (await scrape()).text;
    expect((await sandbox.api.createOrg({ name: "Counted" }, KEYS.a)).status).toBe(201);
    expect((await sandbox.api.createOrg({}, KEYS.a)).status).toBe(400);
    expect((await sandbox.api.call("listOrgs", { key: "no-such-key" })).status).toBe(401);
    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const created = 'sandbox_requests_total{operation="createOrg",status="201"}';
    const invalid = 'sandbox_requests_total{operation="createOrg",status="400"}';
    const refused = 'sandbox_requests_total{operation="listOrgs",status="401"}';
    for (const line of [created, invalid, refused]) expect(sample(res.text, line) - sample(before, line)).toBe(1);
    const latency = 'sandbox_request_duration_seconds_count{operation="createOrg"}';
    expect(sample(res.text, latency) - sample(before, latency)).toBe(2);
    // Buckets are cumulative and end at +Inf = the count.
    const buckets = res.text.split("\n").filter((l) => l.startsWith("sandbox_request_duration_seconds_bucket{") && l.includes('operation="createOrg"')).map((l) => Number(l.split(" ")[1]));
    expect(buckets.length).toBeGreaterThan(2);
    expect(buckets).toEqual([...buckets].sort((x, y) => x - y));
    expect(buckets.at(-1)).toBe(sample(res.text, latency));
    expect(res.text).toContain('sandbox_request_duration_seconds_bucket{le="+Inf",operation="createOrg"}');
    // The scrapes count too (the sandbox document's operationIds).
    expect(sample(res.text, 'sandbox_requests_total{operation="getSandboxMetrics",status="200"}')).toBeGreaterThanOrEqual(1);
  });

  it("reports the storage pool as gauges, read on each scrape", async () => {
    let text = (await scrape()).text;
    expect(sample(text, "sandbox_storage_pool_connections")).toBe(10);
    expect(sample(text, "sandbox_storage_pool_idle")).toBe(7);
    expect(sample(text, "sandbox_storage_pool_waiting")).toBe(2);
    pool.idle = 3;
    text = (await scrape()).text;
    expect(sample(text, "sandbox_storage_pool_idle")).toBe(3);
  });

  it("without a configured admin token there are no metrics: 401", async () => {
    const bare = await startTestSandbox({ adminToken: undefined });
    try {
      const res = await bare.api.sandboxCall("getSandboxMetrics", { key: ADMIN_TOKEN });
      expect(res.status).toBe(401);
    } finally {
      await bare.close();
    }
  });
});

describe("close()", () => {
  it("stops accepting, lets the request in flight finish, then closes the storage", async () => {
    const events: string[] = [];
    const inner = createMemoryStorage();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered = false;
    // The request path's unit of work (storage.requests), held at the gate once the request is in it.
    const requests: SandboxStorage["requests"] = {
      ...inner.requests,
      createOrg: async (...args) => {
        entered = true;
        await gate;
        const result = await inner.requests.createOrg(...args);
        events.push("org stored");
        return result;
      },
    };
    const storage = new Proxy(inner, {
      get(target, name, receiver) {
        if (name === "requests") return requests;
        if (name === "close") return async () => (events.push("storage closed"), inner.close());
        return Reflect.get(target, name, receiver) as unknown;
      },
    });
    const sandbox = await startTestSandbox({ storage });
    const inFlight = sandbox.api.createOrg({ name: "Slow" }, KEYS.a);
    while (!entered) await new Promise((r) => setTimeout(r, 5)); // in its unit of work: in flight
    const closed = sandbox.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(await fetch(`${sandbox.url}/_sandbox/health`).then(() => "accepted", () => "refused")).toBe("refused");
    expect(events).toEqual([]);
    release();
    await closed;
    expect((await inFlight).status).toBe(201);
    expect(events).toEqual(["org stored", "storage closed"]);
  });
});
