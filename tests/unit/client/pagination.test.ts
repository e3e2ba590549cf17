import { describe, expect, it } from "vitest";
import { createPartnerClient } from "../../../packages/client/src/index.ts";
import { json, ORG, scriptedFetch } from "./fake-fetch.ts";

const org = (n: number) => ({ ...ORG, id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`, name: `Org ${n}` });

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe("listAllOrgs", () => {
  it("walks every page by offset until total", async () => {
    const script = scriptedFetch(
      json(200, { data: [org(1), org(2)], total: 5 }),
      json(200, { data: [org(3), org(4)], total: 5 }),
      json(200, { data: [org(5)], total: 5 }),
    );
    const api = createPartnerClient({ apiKey: "k", baseUrl: "http://api.test", fetch: script.fetch });
    const orgs = await collect(api.listAllOrgs({ limit: 2 }));
    expect(orgs.map((o) => o.name)).toEqual(["Org 1", "Org 2", "Org 3", "Org 4", "Org 5"]);
    expect(script.requests.map((r) => new URL(r.url).search)).toEqual([
      "?limit=2&offset=0",
      "?limit=2&offset=2",
      "?limit=2&offset=4",
    ]);
  });

  it("stops at an empty page even if total says there is more", async () => {
    const script = scriptedFetch(json(200, { data: [org(1)], total: 10 }), json(200, { data: [], total: 10 }));
    const api = createPartnerClient({ apiKey: "k", baseUrl: "http://api.test", fetch: script.fetch });
    expect(await collect(api.listAllOrgs())).toHaveLength(1);
    expect(script.requests).toHaveLength(2);
  });

  it("fetches lazily: breaking out early requests no further page", async () => {
    const script = scriptedFetch(json(200, { data: [org(1), org(2)], total: 100 }));
    const api = createPartnerClient({ apiKey: "k", baseUrl: "http://api.test", fetch: script.fetch });
    for await (const item of api.listAllOrgs()) {
      expect(item.name).toBe("Org 1");
      break;
    }
    expect(script.requests).toHaveLength(1);
  });

  it("starts at the given offset and passes errors through", async () => {
    const script = scriptedFetch(json(400, { statusCode: 400, message: ["offset must not be less than 0"] }));
    const api = createPartnerClient({ apiKey: "k", baseUrl: "http://api.test", fetch: script.fetch });
    await expect(collect(api.listAllOrgs({ offset: -1 }))).rejects.toMatchObject({ status: 400 });
    expect(new URL(script.requests[0]!.url).searchParams.get("offset")).toBe("-1");
  });
});
