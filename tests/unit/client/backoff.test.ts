import { describe, expect, it } from "vitest";
import { backoffDelay } from "../../../packages/client/src/backoff.ts";

const options = { initialDelayMs: 500, maxDelayMs: 8_000 };

describe("backoffDelay (full jitter)", () => {
  it("is 0 when the random source gives 0", () => {
    for (let retry = 0; retry < 8; retry++) expect(backoffDelay(retry, () => 0, options)).toBe(0);
  });

  it("approaches the doubling ceiling, capped at maxDelayMs, as random approaches 1", () => {
    const high = () => 0.999_999;
    expect([0, 1, 2, 3, 4, 5, 6].map((retry) => backoffDelay(retry, high, options))).toEqual([
      499, 999, 1999, 3999, 7999, 7999, 7999,
    ]);
  });

  it("scales linearly with the random value inside the ceiling", () => {
    expect(backoffDelay(2, () => 0.25, options)).toBe(500); // 0.25 * 2000
  });

  it("stays within [0, ceiling] for any random value", () => {
    for (const r of [-1, 0, 0.3, 0.9999, 1, 7, Number.NaN, Infinity]) {
      const delay = backoffDelay(3, () => r, options);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(4_000);
    }
  });
});
