// Every client method against the Prism mock: the result is the document's success example.
import { describe, expect, inject, it } from "vitest";
import { SANDBOX_OPERATIONS } from "../../generated/sandbox-client.ts";
import { createPartnerClient } from "../../packages/client/src/index.ts";
import { loadBundle, operations } from "../helpers/document.ts";
import { call, successExample } from "./client-calls.ts";

const doc = loadBundle();
const client = createPartnerClient({ apiKey: "mock-test-key", baseUrl: inject("prismUrl") });

describe("client against the mock", () => {
  it("has a method for every operation of the document, and no other operation method", () => {
    const ids = operations(doc).map((o) => o.operationId).sort();
    const methods = Object.keys(client).filter((k) => !["listAllOrgs", "ensureOrg", "sandbox", "toString", "toJSON"].includes(k));
    expect(methods.sort()).toEqual(ids);
    // The sandbox's own JSON operations live under client.sandbox, generated from its document.
    expect(Object.keys(client.sandbox).sort()).toEqual(Object.keys(SANDBOX_OPERATIONS).sort());
  });

  describe.each(operations(doc))("$operationId", (op) => {
    it("returns the documented success example", async () => {
      await expect(call(client, doc, op)).resolves.toEqual(successExample(doc, op));
    });
  });

  it("listOrgs sends the query (Prism answers 400 for a limit out of range)", async () => {
    await expect(client.listOrgs({ limit: 1000 })).rejects.toMatchObject({ status: 400, operationId: "listOrgs" });
  });

  it("listAllOrgs walks the pages until total", async () => {
    const first = await client.listOrgs({ limit: 100 });
    let count = 0;
    for await (const org of client.listAllOrgs({ limit: 100 })) {
      expect(org).toEqual(first.data[count % first.data.length]);
      count++;
    }
    // Prism is stateless: every page is the example page, so the walk ends when offset reaches total.
    expect(count).toBeGreaterThanOrEqual(first.total);
    expect(count).toBeLessThan(first.total + first.data.length);
  });

  it("ensureOrg creates the org", async () => {
    const { org, created } = await client.ensureOrg({ name: "Acme Tours", external_id: "customer-12345" });
    expect(created).toBe(true);
    expect(org.external_id).toBe("customer-12345");
  });

  it("ensureOrg resolves a 409 through getOrgByExternalId", async () => {
    // Only the create is forced to 409; the lookup gets Prism's normal answer.
    const conflicted = createPartnerClient({
      apiKey: "mock-test-key",
      baseUrl: inject("prismUrl"),
      fetch: (request) => {
        if (request.method === "POST") request.headers.set("Prefer", "code=409");
        return fetch(request);
      },
    });
    const { org, created } = await conflicted.ensureOrg({ name: "Acme Tours", external_id: "customer-12345" });
    expect(created).toBe(false);
    expect(org).toEqual(await client.getOrgByExternalId("customer-12345"));
  });
});
