// The API key never shows in an error, its message, a printed client or a printed error.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { createPartnerClient, PartnerClientError } from "../../../packages/client/src/index.ts";
import { hangingFetch, json, networkError, scriptedFetch, type Step } from "./fake-fetch.ts";

const KEY = "pk_live_SUPERSECRET_1234567890";

function printed(value: unknown): string {
  const error = value as Error;
  return [String(value), inspect(value, { depth: 10, showHidden: true }), JSON.stringify(value), error.message, error.stack].join("\n");
}

async function errorFrom(step: Step): Promise<unknown> {
  const api = createPartnerClient({ apiKey: KEY, baseUrl: "http://api.test", fetch: scriptedFetch(step).fetch, maxRetries: 0 });
  return api.listOrgs().then(() => expect.fail("expected an error"), (error: unknown) => error);
}

describe("the API key stays secret", () => {
  it("is not visible on the client", () => {
    const api = createPartnerClient({ apiKey: KEY, baseUrl: "http://api.test" });
    expect(printed(api)).not.toContain(KEY);
    expect(String(api)).toBe('PartnerClient { baseUrl: "http://api.test" }');
    expect(Object.values(api).some((v) => typeof v === "string" && v.includes(KEY))).toBe(false);
  });

  it.each<[string, Step]>([
    ["an error status echoing the key", json(401, { statusCode: 401, message: `Invalid partner API key ${KEY}`, error: KEY })],
    ["an error list echoing the key", json(400, { statusCode: 400, message: [`bad ${KEY}`] })],
    ["a network error", networkError("ECONNRESET")],
  ])("is not in %s", async (_, step) => {
    const error = await errorFrom(step);
    expect(error).toBeInstanceOf(PartnerClientError);
    expect(printed(error)).not.toContain(KEY);
  });

  it("is replaced by [redacted] where a server echoed it", async () => {
    const error = await errorFrom(json(401, { statusCode: 401, message: `Invalid key ${KEY}` }));
    expect(error).toMatchObject({ body: { message: "Invalid key [redacted]" } });
  });

  it("is replaced in an error body nested deeper than a call stack allows, which still becomes the API error", async () => {
    const levels = 100_000; // written out by hand: JSON.stringify itself recurses
    const text = `{"statusCode":400,"message":"bad ${KEY}","detail":${"[".repeat(levels)}"echoed ${KEY}"${"]".repeat(levels)}}`;
    const error = await errorFrom(new Response(text, { status: 400, headers: { "Content-Type": "application/json" } }));
    expect(error).toBeInstanceOf(PartnerClientError);
    expect(error).toMatchObject({ status: 400, body: { message: "bad [redacted]" } });
    let inner: unknown = (error as { body: { detail: unknown } }).body.detail;
    while (Array.isArray(inner)) inner = inner[0];
    expect(inner).toBe("echoed [redacted]");
  });

  it("keeps a `__proto__` member of an error body an own member, not a prototype", async () => {
    const response = new Response(`{"statusCode":400,"message":"m","__proto__":{"polluted":"${KEY}"}}`, { status: 400, headers: { "Content-Type": "application/json" } });
    const error = (await errorFrom(response)) as { body: Record<string, unknown> };
    expect(Object.getPrototypeOf(error.body)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(error.body, "__proto__")?.value).toEqual({ polluted: "[redacted]" });
  });

  it("is not in a timeout error", async () => {
    const api = createPartnerClient({ apiKey: KEY, baseUrl: "http://api.test", fetch: hangingFetch().fetch, timeoutMs: 5, maxRetries: 0 });
    const error = await api.listOrgs().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartnerClientError);
    expect(printed(error)).not.toContain(KEY);
  });
});
