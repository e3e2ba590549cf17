import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "../../../packages/client/src/retry-after.ts";

const NOW = Date.parse("2026-03-15T10:30:00.000Z");

describe("parseRetryAfter", () => {
  it("reads delay-seconds", () => {
    expect(parseRetryAfter("42", NOW)).toBe(42_000);
    expect(parseRetryAfter(" 0 ", NOW)).toBe(0);
  });

  it("reads an HTTP-date as the time left until then", () => {
    expect(parseRetryAfter("Sun, 15 Mar 2026 10:30:07 GMT", NOW)).toBe(7_000);
  });

  it("treats an HTTP-date in the past as no wait", () => {
    expect(parseRetryAfter("Sun, 15 Mar 2026 10:29:00 GMT", NOW)).toBe(0);
  });

  it.each([null, "", "soon", "-5", "1.5", "Xyz, 99 Foo 2026"])("ignores %j", (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });
});
