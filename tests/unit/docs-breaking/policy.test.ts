// The gate's rule without Optic: breaking needs a new major; every version has a changelog entry.
import { describe, expect, it } from "vitest";
import { changelogHasVersion, major, verdict } from "../../../scripts/breaking-policy.ts";

const changelog = "# Changelog\n\n## 2.0.0 — 2026-12-01\n\n## 1.1.0 — 2026-11-30\n";

describe("verdict", () => {
  it("passes a compatible change with a changelog entry", () => {
    expect(verdict({ breaking: false, baseVersion: "1.0.0", headVersion: "1.1.0", changelog })).toEqual({ ok: true, reasons: [] });
  });

  it("fails a breaking change in the same major, naming the version to use", () => {
    const result = verdict({ breaking: true, baseVersion: "1.0.0", headVersion: "1.1.0", changelog });
    expect(result.ok).toBe(false);
    expect(result.reasons.join()).toMatch(/set info.version to 2\.0\.0/);
  });

  it("passes a breaking change under a new major", () => {
    expect(verdict({ breaking: true, baseVersion: "1.4.2", headVersion: "2.0.0", changelog }).ok).toBe(true);
  });

  it("fails when the version has no changelog entry, breaking or not", () => {
    const result = verdict({ breaking: false, baseVersion: "1.0.0", headVersion: "1.2.0", changelog });
    expect(result).toEqual({ ok: false, reasons: [expect.stringMatching(/no entry "## 1\.2\.0"/)] });
  });
});

describe("changelogHasVersion", () => {
  it("matches a version heading, not a mention or a longer version", () => {
    expect(changelogHasVersion("## 1.1.0 — date", "1.1.0")).toBe(true);
    expect(changelogHasVersion("## [1.1.0] - date", "1.1.0")).toBe(true);
    expect(changelogHasVersion("Since 1.1.0 the ...", "1.1.0")).toBe(false);
    expect(changelogHasVersion("## 1.1.0-beta.1", "1.1.0")).toBe(false);
    expect(changelogHasVersion("## 1.1.01", "1.1.0")).toBe(false);
  });
});

describe("major", () => {
  it("reads the major of a semver version and rejects anything else", () => {
    expect(major("12.3.4")).toBe(12);
    expect(() => major("v1")).toThrow(/not semver/);
  });
});
