// A missing browser skips the docs browser tests outside CI and fails them under CI=true.
import { describe, expect, it } from "vitest";
import { browserAvailability } from "../../e2e/support/browser.ts";

describe("browserAvailability", () => {
  it("is available when the executable exists", () => {
    expect(browserAvailability({ CI: "true" }, process.execPath)).toEqual({ available: true });
  });

  it("outside CI, reports how to install the missing browser", () => {
    const result = browserAvailability({}, "/nonexistent/chromium");
    expect(result.available).toBe(false);
    expect(result.available === false && result.reason).toMatch(/no Chromium at \/nonexistent\/chromium: .*apt-get install -y chromium/);
  });

  it("under CI=true, throws instead of skipping", () => {
    expect(() => browserAvailability({ CI: "true" }, "/nonexistent/chromium")).toThrow(/CI=true/);
  });
});
