// What goes on the wire: URL, method, auth, headers and body for each generated method.
import { describe, expect, it } from "vitest";
import { createPartnerClient, DEFAULT_BASE_URL } from "../../../packages/client/src/index.ts";
import { json, ORG, scriptedFetch } from "./fake-fetch.ts";

const created = { id: ORG.id, name: ORG.name, widget_token: ORG.widget_token, external_id: ORG.external_id };

function setup(response: Response, options: { userAgent?: string; headers?: Record<string, string>; baseUrl?: string } = {}) {
  const script = scriptedFetch(response);
  const api = createPartnerClient({ apiKey: "pk_live_123", baseUrl: "http://api.test/", fetch: script.fetch, ...options });
  return { api, requests: script.requests };
}

describe("requests", () => {
  it("createOrg: POST /partner/v1/orgs with a JSON body and the bearer key", async () => {
    const { api, requests } = setup(json(201, created));
    await expect(api.createOrg({ name: "Acme Tours", external_id: "customer-12345" })).resolves.toEqual(created);
    const [request] = requests;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe("http://api.test/partner/v1/orgs");
    expect(request?.headers.get("authorization")).toBe("Bearer pk_live_123");
    expect(request?.headers.get("content-type")).toBe("application/json");
    expect(request?.headers.get("user-agent")).toBe("opencx-partner-api-client");
    expect(await request?.json()).toEqual({ name: "Acme Tours", external_id: "customer-12345" });
  });

  it("listOrgs: GET with the query, no body", async () => {
    const { api, requests } = setup(json(200, { data: [], total: 0 }));
    await api.listOrgs({ limit: 10, offset: 20 });
    expect(requests[0]?.method).toBe("GET");
    expect(requests[0]?.url).toBe("http://api.test/partner/v1/orgs?limit=10&offset=20");
    expect(requests[0]?.headers.get("content-type")).toBeNull();
  });

  it("getOrgByExternalId: URL-encodes the external id", async () => {
    const { api, requests } = setup(json(200, ORG));
    await expect(api.getOrgByExternalId("acme/eu 1?x")).resolves.toEqual(ORG);
    expect(requests[0]?.url).toBe("http://api.test/partner/v1/orgs/by-external-id/acme%2Feu%201%3Fx");
  });

  it("createOrgApiKey: the body may be omitted", async () => {
    const key = { api_key_id: ORG.id, api_key: "org-key" };
    const { api, requests } = setup(json(201, key));
    await expect(api.createOrgApiKey(ORG.id)).resolves.toEqual(key);
    expect(requests[0]?.url).toBe(`http://api.test/partner/v1/orgs/${ORG.id}/api-keys`);
    expect(await requests[0]?.text()).toBe("");
  });

  it("createLoginLink: POST to the org's login-links", async () => {
    const link = { url: "https://x.test/partner-login?token=t", expires_at: "2026-03-15T10:45:00.000Z" };
    const { api, requests } = setup(json(201, link));
    await expect(api.createLoginLink(ORG.id, { email: "owner@acmetours.com", name: "Jane" })).resolves.toEqual(link);
    expect(requests[0]?.url).toBe(`http://api.test/partner/v1/orgs/${ORG.id}/login-links`);
    expect(await requests[0]?.json()).toEqual({ email: "owner@acmetours.com", name: "Jane" });
  });

  it("sends global headers, per-call headers and a custom user agent", async () => {
    const { api, requests } = setup(json(200, { data: [], total: 0 }), { userAgent: "acme-sync/2", headers: { "X-Trace": "a" } });
    await api.listOrgs(undefined, { headers: { Prefer: "code=200" } });
    expect(requests[0]?.headers.get("user-agent")).toBe("acme-sync/2");
    expect(requests[0]?.headers.get("x-trace")).toBe("a");
    expect(requests[0]?.headers.get("prefer")).toBe("code=200");
  });

  it("defaults to production, the document's first server", async () => {
    const script = scriptedFetch(json(200, { data: [], total: 0 }));
    const api = createPartnerClient({ apiKey: "k", fetch: script.fetch });
    await api.listOrgs();
    expect(DEFAULT_BASE_URL).toBe("https://api.open.cx");
    expect(script.requests[0]?.url).toBe("https://api.open.cx/partner/v1/orgs");
  });

  it("returns undefined for an empty success body", async () => {
    const { api } = setup(new Response(null, { status: 201, headers: { "Content-Length": "0" } }));
    await expect(api.createOrg({ name: "Acme" })).resolves.toBeUndefined();
  });
});
