import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { RETRYABLE_STATUSES } from "../../../generated/client.ts";
import { isRetryable, neverSent } from "../../../packages/client/src/retry-policy.ts";
import { networkError } from "./fake-fetch.ts";

// The statuses the document marks x-retryable, read from the bundle here (not from the generator).
const bundle = JSON.parse(readFileSync(new URL("../../../generated/openapi.json", import.meta.url), "utf8"));
const deref = (node: { $ref?: string }): Record<string, unknown> =>
  node.$ref ? deref(node.$ref.slice(2).split("/").reduce((n, k) => n[k.replace(/~1/g, "/").replace(/~0/g, "~")], bundle)) : node;
const documented = [
  ...new Set(
    Object.values(bundle.paths as Record<string, Record<string, { responses?: Record<string, { $ref?: string }> }>>)
      .flatMap((item) => Object.values(item))
      .flatMap((op) => Object.entries(op.responses ?? {}))
      .filter(([, response]) => deref(response)["x-retryable"] === true)
      .map(([status]) => Number(status)),
  ),
].sort((a, b) => a - b);

describe("the retry rule and the document", () => {
  it("retries exactly the statuses the document marks x-retryable", () => {
    expect(documented).toEqual([429, 500, 503]);
    expect([...RETRYABLE_STATUSES]).toEqual(documented);
    const retried = Array.from({ length: 500 }, (_, i) => 100 + i).filter((status) => isRetryable({ type: "status", status }, true));
    expect(retried).toEqual(documented);
  });
});

describe("isRetryable", () => {
  it.each([
    // status, idempotent (GET), retried
    [429, true, true],
    [429, false, true],
    [500, true, true],
    [503, true, true],
    [500, false, false],
    [503, false, false],
    [502, true, false],
    [504, true, false],
    [400, true, false],
    [401, true, false],
    [403, true, false],
    [404, true, false],
    [409, false, false],
  ])("status %i, idempotent %s -> %s", (status, idempotent, expected) => {
    expect(isRetryable({ type: "status", status }, idempotent)).toBe(expected);
  });

  it("retries a network error on a POST only when the request was never sent", () => {
    expect(isRetryable({ type: "network", neverSent: true }, false)).toBe(true);
    expect(isRetryable({ type: "network", neverSent: false }, false)).toBe(false);
    expect(isRetryable({ type: "network", neverSent: false }, true)).toBe(true);
  });

  it("retries a timeout only when idempotent", () => {
    expect(isRetryable({ type: "timeout" }, true)).toBe(true);
    expect(isRetryable({ type: "timeout" }, false)).toBe(false);
  });
});

describe("neverSent", () => {
  it.each(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"])("is true for %s", (code) => {
    expect(neverSent(networkError(code))).toBe(true);
  });

  it.each(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET"])("is false for %s (the request may have arrived)", (code) => {
    expect(neverSent(networkError(code))).toBe(false);
  });

  it("looks inside AggregateError (one error per address tried)", () => {
    const refused = Object.assign(new Error("refused"), { code: "ECONNREFUSED" });
    expect(neverSent(new TypeError("fetch failed", { cause: new AggregateError([refused]) }))).toBe(true);
  });

  it("survives odd values and cycles", () => {
    const cyclic: { cause?: unknown } = {};
    cyclic.cause = cyclic;
    for (const value of [undefined, null, "x", 1, cyclic]) expect(neverSent(value)).toBe(false);
  });
});
