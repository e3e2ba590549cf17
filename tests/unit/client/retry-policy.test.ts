import { describe, expect, it } from "vitest";
import { isRetryable, neverSent } from "../../../src/retry-policy.ts";
import { networkError } from "./fake-fetch.ts";

describe("isRetryable", () => {
  it.each([
    // status, idempotent (GET), retried
    [429, true, true],
    [429, false, true],
    [500, true, true],
    [503, true, true],
    [500, false, false],
    [502, false, false],
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
