// createOrgApiKey behaviour: the body is optional, and every key is new.
import { describe, it } from "vitest";
import { call } from "./lib/client.ts";
import { decision } from "./lib/decisions.ts";
import { expectStatus, expectThat } from "./lib/expect-contract.ts";
import { needStateful } from "./lib/requirements.ts";
import { validPath } from "./lib/valid-requests.ts";

describe("createOrgApiKey", () => {
  it(`answers 201 without a request body (${decision("optional-api-key-body")})`, async () => {
    expectStatus(await call("createOrgApiKey", { path: await validPath("createOrgApiKey") }), 201);
  });

  it("returns a new key id and key on every call", async (ctx) => {
    await needStateful(ctx, "distinct keys");
    const path = await validPath("createOrgApiKey");
    const a = expectStatus(await call("createOrgApiKey", { path, body: { name: "contract a" } }), 201);
    const b = expectStatus(await call("createOrgApiKey", { path, body: { name: "contract b" } }), 201);
    const [ka, kb] = [a.json, b.json] as { api_key_id: string; api_key: string }[];
    expectThat(b, "a different api_key_id and api_key than the previous call", ka!.api_key_id !== kb!.api_key_id && ka!.api_key !== kb!.api_key, kb!.api_key_id);
  });
});
