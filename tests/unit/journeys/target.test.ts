// The target of a journeys run, from the contract suite's CONTRACT_* variables (with a
// CONTRACT_BASE_URL, so no sandbox starts here) and JOURNEYS_PAGE_SIZE.
import { describe, expect, it } from "vitest";
import { journeyTargetFromEnv } from "../../../scripts/journeys/target.ts";

const staging = { CONTRACT_BASE_URL: "https://api.staging.example/", CONTRACT_API_KEY: "primary-key", CONTRACT_SANDBOX: "0" };

describe("journeyTargetFromEnv", () => {
  it("reads the server, the keys and the capabilities the contract suite reads", async () => {
    const target = await journeyTargetFromEnv({ ...staging, CONTRACT_OTHER_API_KEY: "other-key", CONTRACT_RATE_LIMITS: "1" });
    expect(target).toMatchObject({
      baseUrl: "https://api.staging.example",
      apiKey: "primary-key",
      otherApiKey: "other-key",
      capabilities: { stateful: true, sandbox: false, otherKey: true, rateLimits: true },
      // A live list may be long: the largest page the document allows.
      pageSize: 100,
    });
    expect((await journeyTargetFromEnv({ ...staging, CONTRACT_STATEFUL: "0" })).capabilities).toEqual({ stateful: false, sandbox: false, otherKey: false, rateLimits: false });
  });

  it("takes a page size from JOURNEYS_PAGE_SIZE, and refuses one the document does not allow", async () => {
    expect((await journeyTargetFromEnv({ ...staging, JOURNEYS_PAGE_SIZE: "7" })).pageSize).toBe(7);
    await expect(journeyTargetFromEnv({ ...staging, JOURNEYS_PAGE_SIZE: "101" })).rejects.toThrow('JOURNEYS_PAGE_SIZE must be an integer from 1 to 100, got "101"');
  });

  it("resets the partners before the run only on a server CONTRACT_SANDBOX=1 calls a sandbox", async () => {
    expect((await journeyTargetFromEnv({ ...staging, CONTRACT_SANDBOX: "1" })).resetBeforeRun).toBe(true);
    expect((await journeyTargetFromEnv(staging)).resetBeforeRun).toBe(false);
    const { CONTRACT_SANDBOX: _, ...unset } = staging;
    expect((await journeyTargetFromEnv(unset)).resetBeforeRun).toBe(false);
  });

  it("needs the partner key with a server", async () => {
    await expect(journeyTargetFromEnv({ CONTRACT_BASE_URL: "https://api.staging.example" })).rejects.toThrow("CONTRACT_API_KEY is not");
  });
});
