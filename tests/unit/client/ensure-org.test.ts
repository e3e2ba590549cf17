import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AuthenticationError, createPartnerClient, NotFoundError } from "../../../packages/client/src/index.ts";
import { json, ORG, scriptedFetch, type Step } from "./fake-fetch.ts";

const body = { name: "Acme Tours", external_id: "customer-12345" };
const created = { id: ORG.id, name: ORG.name, widget_token: ORG.widget_token, external_id: ORG.external_id };
const conflict = () => json(409, { statusCode: 409, message: 'Org with external_id "customer-12345" already exists' });

function setup(...steps: Step[]) {
  const script = scriptedFetch(...steps);
  const api = createPartnerClient({ apiKey: "k", baseUrl: "http://api.test", fetch: script.fetch, random: () => 0 });
  return { api, requests: script.requests };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("ensureOrg", () => {
  it("creates the org", async () => {
    const { api, requests } = setup(json(201, created));
    await expect(api.ensureOrg(body)).resolves.toEqual({ org: created, created: true });
    expect(requests).toHaveLength(1);
  });

  it("on 409 returns the existing org by external_id", async () => {
    const { api, requests } = setup(conflict(), json(200, ORG));
    await expect(api.ensureOrg(body)).resolves.toEqual({ org: ORG, created: false });
    expect(requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      "POST /partner/v1/orgs",
      "GET /partner/v1/orgs/by-external-id/customer-12345",
    ]);
  });

  it("retries the create after a 500 (safe: a duplicate answers 409), then resolves the 409", async () => {
    const { api, requests } = setup(json(500, { statusCode: 500, message: "oops" }), conflict(), json(200, ORG));
    const result = api.ensureOrg(body);
    await vi.advanceTimersByTimeAsync(0);
    await expect(result).resolves.toEqual({ org: ORG, created: false });
    expect(requests).toHaveLength(3);
  });

  it("passes other errors through", async () => {
    const { api } = setup(json(401, { statusCode: 401, message: "Invalid partner API key" }));
    await expect(api.ensureOrg(body)).rejects.toBeInstanceOf(AuthenticationError);
  });

  it("passes a failed lookup through (the org vanished between the two calls)", async () => {
    const { api } = setup(conflict(), json(404, { statusCode: 404, message: "not found" }));
    await expect(api.ensureOrg(body)).rejects.toBeInstanceOf(NotFoundError);
  });
});
