// The retry schedule, driven by fake timers and a fixed random source.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createPartnerClient, InternalServerError, PartnerConnectionError, RateLimitError } from "../../../packages/client/src/index.ts";
import { errorBody, json, networkError, ORG, scriptedFetch, type Step } from "./fake-fetch.ts";

const ORG_ID = ORG.id;
const LIST = { data: [ORG], total: 1 };

function client(steps: Step[], options: { maxRetries?: number; random?: () => number } = {}) {
  const script = scriptedFetch(...steps);
  const api = createPartnerClient({ apiKey: "k", baseUrl: "http://api.test", fetch: script.fetch, random: () => 0.5, ...options });
  return { api, requests: script.requests };
}

/** Settles `promise` while advancing fake time; returns the outcome without an unhandled rejection. */
async function settle<T>(promise: Promise<T>, ms = 120_000): Promise<{ value?: T; error?: unknown }> {
  const outcome = promise.then((value) => ({ value }), (error: unknown) => ({ error }));
  await vi.advanceTimersByTimeAsync(ms);
  return outcome;
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date("2026-03-15T10:30:00.000Z"));
});
afterEach(() => vi.useRealTimers());

describe("retries", () => {
  it("retries a GET after 5xx with full-jitter exponential backoff (random 0.5: 250 ms, then 500 ms)", async () => {
    const { api, requests } = client([json(503, errorBody(503)), json(500, errorBody(500)), json(200, LIST)]);
    const result = api.listOrgs();
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(249);
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(499);
    expect(requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(requests).toHaveLength(3);
    await expect(result).resolves.toEqual(LIST);
  });

  it("uses the injected random source for the jitter", async () => {
    const { api, requests } = client([json(500, errorBody(500)), json(200, LIST)], { random: () => 0 });
    const result = api.listOrgs();
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toHaveLength(2); // a zero wait
    await expect(result).resolves.toEqual(LIST);
  });

  it("does not retry a status the document does not mark retryable (502)", async () => {
    const { api, requests } = client([json(502, errorBody(502)), json(200, LIST)]);
    const { error } = await settle(api.listOrgs());
    expect((error as InternalServerError).status).toBe(502);
    expect(requests).toHaveLength(1);
  });

  it("gives up after maxRetries and throws the last error", async () => {
    const { api, requests } = client([json(500, errorBody(500)), json(503, errorBody(503)), json(503, errorBody(503))]);
    const { error } = await settle(api.listOrgs());
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as InternalServerError).status).toBe(503);
    expect(requests).toHaveLength(3); // 1 + the default 2 retries
  });

  it("honours a per-call maxRetries", async () => {
    const { api, requests } = client([json(500, errorBody(500))]);
    const { error } = await settle(api.listOrgs(undefined, { maxRetries: 0 }));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(requests).toHaveLength(1);
  });

  it("waits Retry-After seconds instead of the backoff", async () => {
    const { api, requests } = client([json(429, errorBody(429), { "Retry-After": "7" }), json(200, LIST)]);
    const result = api.listOrgs();
    await vi.advanceTimersByTimeAsync(6_999);
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(requests).toHaveLength(2);
    await expect(result).resolves.toEqual(LIST);
  });

  it("waits until a Retry-After HTTP-date", async () => {
    const at = new Date(Date.now() + 3_000).toUTCString();
    const { api, requests } = client([json(503, errorBody(503), { "Retry-After": at }), json(200, LIST)]);
    const result = api.listOrgs();
    await vi.advanceTimersByTimeAsync(2_999);
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toEqual(LIST);
  });

  it("does not wait out a Retry-After longer than the longest rate-limit window: the caller gets it", async () => {
    const { api, requests } = client([json(429, errorBody(429), { "Retry-After": "3600" })]);
    const { error } = await settle(api.listOrgs(), 0);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(3_600_000);
    expect(requests).toHaveLength(1);
  });

  it("retries a POST after 429 (the rate limit is checked before anything is done)", async () => {
    const created = { id: ORG.id, name: ORG.name, widget_token: ORG.widget_token, external_id: null };
    const { api, requests } = client([json(429, errorBody(429), { "Retry-After": "1" }), json(201, created)]);
    const result = settle(api.createOrg({ name: "Acme Tours" }));
    await expect(result).resolves.toEqual({ value: created });
    expect(requests).toHaveLength(2);
  });

  it("retries a POST whose connection was refused (nothing was sent)", async () => {
    const link = { url: "https://x.test/partner-login?token=t", expires_at: "2026-03-15T10:45:00.000Z" };
    const { api, requests } = client([networkError("ECONNREFUSED"), json(201, link)]);
    await expect(settle(api.createLoginLink(ORG_ID, { email: "a@b.test" }))).resolves.toEqual({ value: link });
    expect(requests).toHaveLength(2);
  });

  it.each([
    ["a 500", json(500, errorBody(500)), InternalServerError],
    ["a reset connection", networkError("ECONNRESET"), PartnerConnectionError],
  ])("does not retry a POST after %s (it may have taken effect)", async (_, step, ErrorClass) => {
    const { api, requests } = client([step]);
    const { error } = await settle(api.createOrgApiKey(ORG_ID, { name: "Production" }));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(requests).toHaveLength(1);
  });

  it("retries a POST after a 500 when the caller vouches it is idempotent", async () => {
    const key = { api_key_id: ORG.id, api_key: "org-key" };
    const { api, requests } = client([json(500, errorBody(500)), json(201, key)]);
    await expect(settle(api.createOrgApiKey(ORG_ID, undefined, { idempotent: true }))).resolves.toEqual({ value: key });
    expect(requests).toHaveLength(2);
  });

  it.each([400, 401, 403, 404, 409, 413, 415])("never retries a %i", async (status) => {
    const { api, requests } = client([json(status, errorBody(status))]);
    await settle(api.getOrgByExternalId("customer-12345"));
    expect(requests).toHaveLength(1);
  });

  it("retries a GET after a network error", async () => {
    const { api, requests } = client([networkError("ECONNRESET"), json(200, LIST)]);
    await expect(settle(api.listOrgs())).resolves.toEqual({ value: LIST });
    expect(requests).toHaveLength(2);
  });
});
