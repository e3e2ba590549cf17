// Bad options and arguments become a PartnerUsageError before anything is sent, never a crash.
import { describe, expect, it } from "vitest";
import { createPartnerClient, PartnerUsageError, type PartnerClientOptions } from "../../../packages/client/src/index.ts";
import { scriptedFetch } from "./fake-fetch.ts";

describe("createPartnerClient options", () => {
  it.each<[string, unknown]>([
    ["no options", undefined],
    ["a missing apiKey", {}],
    ["an empty apiKey", { apiKey: "" }],
    ["an apiKey with a newline", { apiKey: "abc\r\nX-Evil: 1" }],
    ["an apiKey that is not a string", { apiKey: 42 }],
    ["a relative baseUrl", { apiKey: "k", baseUrl: "/partner" }],
    ["a non-http baseUrl", { apiKey: "k", baseUrl: "ftp://api.open.cx" }],
    ["a negative maxRetries", { apiKey: "k", maxRetries: -1 }],
    ["a fractional maxRetries", { apiKey: "k", maxRetries: 1.5 }],
    ["a zero timeoutMs", { apiKey: "k", timeoutMs: 0 }],
    ["a timeoutMs beyond what timers support", { apiKey: "k", timeoutMs: 2 ** 31 }],
    ["a fetch that is not a function", { apiKey: "k", fetch: "fetch" }],
    ["a header value with a newline", { apiKey: "k", headers: { "X-A": "a\nb" } }],
    ["a negative backoff", { apiKey: "k", backoff: { initialDelayMs: -5 } }],
  ])("rejects %s", (_, options) => {
    expect(() => createPartnerClient(options as PartnerClientOptions)).toThrow(PartnerUsageError);
  });

  it("never echoes the apiKey in the message", () => {
    const apiKey = "secret key with spaces";
    expect(() => createPartnerClient({ apiKey })).toThrow(/^apiKey must be a non-empty string without whitespace$/);
  });
});

describe("call arguments", () => {
  const script = scriptedFetch();
  const api = createPartnerClient({ apiKey: "k", baseUrl: "http://api.test", fetch: script.fetch });

  it.each<[string, () => Promise<unknown>]>([
    ["an empty path parameter", () => api.getOrgByExternalId("")],
    ["a path parameter that is not a string", () => api.createOrgApiKey(null as unknown as string)],
    ["a query that is not an object", () => api.listOrgs("limit=5" as never)],
    ["a body that cannot be JSON", () => api.createOrg({ name: "x", ai_instructions: 1n } as never)],
    ["options that are not an object", () => api.listOrgs(undefined, 5 as never)],
    ["a per-call timeout of -1", () => api.listOrgs(undefined, { timeoutMs: -1 })],
    ["a signal that is not an AbortSignal", () => api.listOrgs(undefined, { signal: {} as AbortSignal })],
    ["an invalid per-call header", () => api.listOrgs(undefined, { headers: { "Bad Name": "x" } })],
    ["ensureOrg without external_id", () => api.ensureOrg({ name: "x" } as never)],
  ])("rejects %s with PartnerUsageError and sends nothing", async (_, call) => {
    await expect(call()).rejects.toThrow(PartnerUsageError);
    expect(script.requests).toHaveLength(0);
  });
});
