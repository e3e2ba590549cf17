// The breaking-change gate end to end with Optic, on a fixture pair: a compatible change passes,
// a breaking one fails, and the same breaking change passes under a new major version.
// Run by `npm run test:breaking` (Optic is a separate 211 MB install; see tools/optic).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkDocuments, summary } from "../../../scripts/breaking.ts";

const fixture = (name: string) => readFileSync(join(dirname(fileURLToPath(import.meta.url)), "fixtures", name), "utf8");
const base = fixture("base.json");
const changelog = "# Changelog\n\n## 2.0.0 — 2026-12-01\n\n## 1.1.0 — 2026-11-30\n\n## 1.0.0 — 2026-11-29\n";

describe.concurrent("check:breaking on fixtures", () => {
  it("passes a compatible change (new optional parameter, response field, operation)", () => {
    const result = checkDocuments(base, fixture("compatible.json"), changelog);
    expect(result.breaking).toBe(false);
    expect(result).toMatchObject({ ok: true, reasons: [], changes: [] });
    expect(summary(result)).toEqual(["info.version 1.0.0 -> 1.1.0; breaking changes: none"]);
  });

  it("fails a breaking change within the same major version", () => {
    const result = checkDocuments(base, fixture("breaking.json"), changelog);
    expect(result.breaking).toBe(true);
    expect(result.ok).toBe(false);
    expect(result.reasons.join("\n")).toMatch(/breaking change without a new major version \(info\.version 1\.0\.0 -> 1\.1\.0\)/);
    expect(result.report).toMatch(/cannot remove response property 'name'/);
    expect(result.report).toMatch(/optional query parameter 'limit' required/);
  });

  it("allows the same breaking change under a new major version", () => {
    const major = JSON.parse(fixture("breaking.json")) as { info: { version: string } };
    major.info.version = "2.0.0";
    // Optic's own rules stand down on a major bump; the gate still lists what the major allows.
    const result = checkDocuments(base, JSON.stringify(major), changelog);
    expect(result).toMatchObject({ ok: true, reasons: [], breaking: true });
    expect(result.changes).toEqual([
      "GET /orgs: cannot make optional query parameter 'limit' required",
      "GET /orgs: cannot remove response property 'name'",
    ]);
    expect(summary(result)).toEqual([
      "info.version 1.0.0 -> 2.0.0; breaking changes allowed by major 2.0.0:",
      "  - GET /orgs: cannot make optional query parameter 'limit' required",
      "  - GET /orgs: cannot remove response property 'name'",
    ]);
  });
});
