// The journeys published with the docs (scripts/docs-journeys.ts): the Arazzo files as written,
// but pointed at the bundled document published beside them, so the copy runs as it is.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { publishJourneys } from "../../../scripts/docs-journeys.ts";

const root = resolve(import.meta.dirname, "../../..");
const dir = mkdtempSync(join(tmpdir(), "docs-journeys-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("publishJourneys", () => {
  it("publishes every Arazzo file, changed only to point at the published bundle", () => {
    const written = publishJourneys(dir);
    const sources = readdirSync(join(root, "openapi/arazzo")).filter((f) => f.endsWith(".arazzo.yaml"));
    expect(written.map((f) => f.slice(dir.length + 1)).sort()).toEqual(["openapi.json", ...sources.map((f) => `arazzo/${f}`)].sort());
    expect(readFileSync(join(dir, "openapi.json"), "utf8")).toBe(readFileSync(join(root, "generated/openapi.json"), "utf8"));
    for (const name of sources) {
      const source = readFileSync(join(root, "openapi/arazzo", name), "utf8");
      const published = readFileSync(join(dir, "arazzo", name), "utf8");
      expect(source).toContain("url: ../openapi.yaml\n");
      expect(published, name).toBe(source.replace("url: ../openapi.yaml\n", "url: ../openapi.json\n"));
    }
  });
});
