// The runner's reset before a run against a sandbox: one resetSandbox per key, each with that key,
// a line naming the partners (never a key), and a refusal as one line that names the variable.
import { describe, expect, it } from "vitest";
import { SANDBOX_OPERATIONS } from "../../../generated/sandbox-client.ts";
import { JourneyResetError, resetPartners } from "../../../scripts/journeys/reset.ts";

const keys = [
  { variable: "CONTRACT_API_KEY", key: "sk-primary-secret" },
  { variable: "CONTRACT_OTHER_API_KEY", key: "sk-other-secret" },
];
const partners: Record<string, string> = { "Bearer sk-primary-secret": "acme-partner", "Bearer sk-other-secret": "globex-partner" };
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("resetPartners", () => {
  it("resets the partner of each key with that key, and says whose data it forgot", async () => {
    const sent: string[] = [];
    const line = await resetPartners("http://127.0.0.1:4011", keys, {
      fetch: async (request) => {
        sent.push(`${request.method} ${request.url} ${request.headers.get("authorization")}`);
        return json(200, { reset: true, scope: "partner", partner_id: partners[request.headers.get("authorization")!] });
      },
    });
    const { method, path } = SANDBOX_OPERATIONS.resetSandbox;
    expect(sent).toEqual([`${method} http://127.0.0.1:4011${path} Bearer sk-primary-secret`, `${method} http://127.0.0.1:4011${path} Bearer sk-other-secret`]);
    expect(line).toBe("[journeys] reset the sandbox data of partner acme-partner (CONTRACT_API_KEY) and partner globex-partner (CONTRACT_OTHER_API_KEY) before the run");
  });

  it("stops at a refused reset with one line naming the variable and the answer, never the key", async () => {
    const refused = resetPartners("http://127.0.0.1:4011", keys, {
      fetch: async (request) =>
        request.headers.get("authorization") === "Bearer sk-other-secret"
          ? json(401, { statusCode: 401, message: "Invalid API key", error: "Unauthorized" })
          : json(200, { reset: true, scope: "partner", partner_id: "acme-partner" }),
    });
    const error = await refused.then(() => new Error("resolved"), (e: unknown) => e as Error);
    expect(error).toBeInstanceOf(JourneyResetError);
    expect(error.message).toMatch(/^could not reset CONTRACT_OTHER_API_KEY's partner before the run: POST http:\/\/127\.0\.0\.1:4011\/_sandbox\/reset: resetSandbox failed with 401: Invalid API key/);
    expect(error.message).not.toContain("\n");
    expect(error.message).not.toMatch(/sk-(primary|other)-secret/);
  });

  it("names a server that does not answer", async () => {
    const error = await resetPartners("http://127.0.0.1:9", keys.slice(0, 1), {
      fetch: async () => {
        throw new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:9") });
      },
    }).then(() => new Error("resolved"), (e: unknown) => e as Error);
    expect(error).toBeInstanceOf(JourneyResetError);
    expect(error.message).toMatch(/could not reset CONTRACT_API_KEY's partner .*ECONNREFUSED/);
  });
});
