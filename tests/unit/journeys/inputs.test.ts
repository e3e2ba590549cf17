// The inputs a journeys run derives: the page-offset chain (Arazzo cannot add), the window a
// login link's expiry must fall in (the document's TTL), the external_id prefix.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { JOURNEYS_FILE } from "../../../scripts/journeys/description.ts";
import { expiryWindow, journeyInputs, MAX_PAGE_SIZE, newJourneyPrefix, pageChain } from "../../../scripts/journeys/inputs.ts";

const declared = (parse(readFileSync(JOURNEYS_FILE, "utf8")) as { components: { inputs: Record<string, { pattern?: string }> } }).components.inputs;

describe("pageChain", () => {
  it("lists the offsets a page apart, in order", () => {
    expect(pageChain(3, 4)).toEqual({ offset: 0, next: { offset: 3, next: { offset: 6, next: { offset: 9 } } } });
  });

  it("takes only page sizes the document allows", () => {
    expect(MAX_PAGE_SIZE).toBe(100);
    expect(() => pageChain(0)).toThrow("page size must be 1 to 100, got 0");
    expect(() => pageChain(101)).toThrow("page size must be 1 to 100, got 101");
  });
});

describe("expiryWindow", () => {
  it("brackets the document's 15-minute TTL, in the form the journeys compare as text", () => {
    const start = new Date("2026-12-06T10:00:00.000Z");
    const { linkExpiresAfter, linkExpiresBefore } = expiryWindow(start);
    expect(linkExpiresAfter).toBe("2026-12-06T10:14:00.000Z");
    expect(linkExpiresBefore).toBe("2026-12-06T10:21:00.000Z");
    for (const [name, value] of Object.entries({ linkExpiresAfter, linkExpiresBefore })) expect(value).toMatch(new RegExp(declared[name]!.pattern!));
    // A link made at the start, 15 minutes ahead, falls inside; one an hour ahead does not.
    const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000).toISOString();
    expect(at(15) >= linkExpiresAfter && at(15) <= linkExpiresBefore).toBe(true);
    expect(at(60) <= linkExpiresBefore).toBe(false);
  });
});

describe("journeyInputs", () => {
  it("prefixes the run's external_ids and leaves out a key it does not have", () => {
    const inputs = journeyInputs({ apiKey: "k", pageSize: 2, startedAt: new Date("2026-12-06T10:00:00.000Z") });
    expect(inputs.runPrefix).toMatch(/^journeys-20261206T100000Z-[0-9a-f]{8}$/);
    expect(inputs).not.toHaveProperty("otherApiKey");
    expect(inputs.pages.next?.offset).toBe(2);
    expect(newJourneyPrefix()).not.toBe(newJourneyPrefix());
  });
});
