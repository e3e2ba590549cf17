// Per-attempt timeouts and the caller's own AbortSignal.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createPartnerClient, PartnerTimeoutError } from "../../../packages/client/src/index.ts";
import { hangingFetch, json, ORG, scriptedFetch } from "./fake-fetch.ts";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function outcome(promise: Promise<unknown>): Promise<{ value?: unknown; error?: unknown }> {
  return promise.then((value) => ({ value }), (error: unknown) => ({ error }));
}

describe("timeouts", () => {
  it("aborts an attempt after timeoutMs and throws PartnerTimeoutError", async () => {
    const hang = hangingFetch();
    const api = createPartnerClient({ apiKey: "k", baseUrl: "http://api.test", fetch: hang.fetch, timeoutMs: 1_000, maxRetries: 0 });
    const result = outcome(api.createOrg({ name: "Acme" }));
    await vi.advanceTimersByTimeAsync(999);
    expect(hang.requests[0]?.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const { error } = await result;
    expect(error).toBeInstanceOf(PartnerTimeoutError);
    expect(error).toMatchObject({ operationId: "createOrg", message: "createOrg: no response within 1000 ms" });
  });

  it("does not retry a timed-out POST (it may have taken effect)", async () => {
    const hang = hangingFetch();
    const api = createPartnerClient({ apiKey: "k", baseUrl: "http://api.test", fetch: hang.fetch, timeoutMs: 100 });
    const result = outcome(api.createLoginLink(ORG.id, { email: "a@b.test" }));
    await vi.advanceTimersByTimeAsync(60_000);
    expect((await result).error).toBeInstanceOf(PartnerTimeoutError);
    expect(hang.requests).toHaveLength(1);
  });

  it("retries a timed-out GET, each attempt with its own timeout (per-call timeoutMs)", async () => {
    const hang = hangingFetch();
    const api = createPartnerClient({ apiKey: "k", baseUrl: "http://api.test", fetch: hang.fetch, random: () => 0 });
    const result = outcome(api.listOrgs(undefined, { timeoutMs: 100 }));
    await vi.advanceTimersByTimeAsync(150); // first attempt times out at 100, no backoff (random 0)
    expect(hang.requests).toHaveLength(2);
    expect(hang.requests[0]?.signal.aborted).toBe(true);
    expect(hang.requests[1]?.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    expect(hang.requests).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(100); // the third (last) attempt times out too
    expect((await result).error).toBeInstanceOf(PartnerTimeoutError);
  });

  it("clears its timer once the response is in", async () => {
    const script = scriptedFetch(json(200, { data: [], total: 0 }));
    const api = createPartnerClient({ apiKey: "k", baseUrl: "http://api.test", fetch: script.fetch });
    await api.listOrgs();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("the caller's AbortSignal", () => {
  it("aborts the request in flight and rethrows the caller's reason, without retrying", async () => {
    const hang = hangingFetch();
    const api = createPartnerClient({ apiKey: "k", baseUrl: "http://api.test", fetch: hang.fetch });
    const controller = new AbortController();
    const result = outcome(api.listOrgs(undefined, { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(10);
    const reason = new Error("user navigated away");
    controller.abort(reason);
    expect((await result).error).toBe(reason);
    expect(hang.requests).toHaveLength(1);
    expect(hang.requests[0]?.signal.aborted).toBe(true);
  });

  it("cuts a wait between retries short", async () => {
    const script = scriptedFetch(json(503, { statusCode: 503, message: "down" }, { "Retry-After": "30" }));
    const api = createPartnerClient({ apiKey: "k", baseUrl: "http://api.test", fetch: script.fetch });
    const controller = new AbortController();
    const result = outcome(api.listOrgs(undefined, { signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(1_000);
    controller.abort();
    const { error } = await result;
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe("AbortError");
    expect(script.requests).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("sends nothing when the signal is already aborted", async () => {
    const script = scriptedFetch();
    const api = createPartnerClient({ apiKey: "k", baseUrl: "http://api.test", fetch: script.fetch });
    const { error } = await outcome(api.listOrgs(undefined, { signal: AbortSignal.abort("stop") }));
    expect(error).toBe("stop");
    expect(script.requests).toHaveLength(0);
  });
});
