// Property-based fuzzing over the document's request schemas (bounded runs): valid inputs are
// accepted, mutated inputs are rejected with 400 listing the problem, arbitrary JSON never
// produces a 5xx.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SchemaArbitraries } from "../helpers/schema-arbitrary.ts";
import { doc, KEYS, startTestSandbox, type TestSandbox } from "./harness.ts";

const RUNS = 150;
const key = KEYS.unlimited; // no rate limits: fuzzing must not meet a 429
const arbitraries = new SchemaArbitraries(doc.doc);
const bodySchema = (operationId: string) => {
  const op = doc.operations.get(operationId)!.raw as { requestBody: { content: Record<string, { schema: Record<string, unknown> }> } };
  return doc.deref<typeof op.requestBody>(op.requestBody).content["application/json"]!.schema;
};
const prefix = String((doc.doc as any).components.schemas.FareHarborConnection["x-sandbox-invalid-app-key-prefix"]);

let sandbox: TestSandbox;
let orgId: string;
let serial = 0;
beforeAll(async () => {
  sandbox = await startTestSandbox();
  orgId = (await sandbox.api.createOrg({ name: "Fuzz target" }, key)).body.id;
});
afterAll(() => sandbox?.close());

/** The sandbox's own rule: an app_key with the documented prefix fails credential checks. */
function passingCredentials(body: Record<string, any>): Record<string, any> {
  const fh = body.integrations?.fareharbor;
  for (const c of fh === undefined ? [] : [fh].flat()) if (typeof c.app_key === "string" && c.app_key.startsWith(prefix)) c.app_key = `ok${c.app_key}`.slice(0, 255);
  return body;
}

const post = (path: string, body: unknown) =>
  sandbox.api.raw("POST", path, { key, rawBody: JSON.stringify(body), headers: { "content-type": "application/json" } });

const cases = () => [
  { operationId: "createOrg", path: "/partner/v1/orgs", created: 201 },
  { operationId: "createOrgApiKey", path: `/partner/v1/orgs/${orgId}/api-keys`, created: 201 },
  { operationId: "createLoginLink", path: `/partner/v1/orgs/${orgId}/login-links`, created: 201 },
];

describe.each(["createOrg", "createOrgApiKey", "createLoginLink"])("%s", (operationId) => {
  const schema = bodySchema(operationId);
  const validate = doc.schema(schema);

  it("accepts every valid body", async () => {
    const { path, created } = cases().find((c) => c.operationId === operationId)!;
    await fc.assert(
      fc.asyncProperty(arbitraries.valid(schema) as fc.Arbitrary<Record<string, any>>, async (generated) => {
        const body = passingCredentials(structuredClone(generated));
        if (typeof body.external_id === "string") body.external_id = `${++serial}:${body.external_id}`.slice(0, 255);
        expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
        const res = await post(path, body);
        expect(res.status, res.text).toBe(created);
        expect(doc.problems(operationId, res)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it("rejects every mutated body with 400 and a listed problem", async () => {
    const { path } = cases().find((c) => c.operationId === operationId)!;
    await fc.assert(
      fc.asyncProperty(arbitraries.mutations(schema), async ({ kind, value }) => {
        fc.pre(!validate(value)); // the mutation really breaks the schema
        const res = await post(path, value);
        expect(res.status, `${kind}: ${res.text}`).toBe(400);
        expect(doc.problems(operationId, res)).toEqual([]);
        expect(Array.isArray(res.body.message) ? res.body.message.length : 1).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  });

  it("never answers arbitrary JSON with a 5xx", async () => {
    const { path } = cases().find((c) => c.operationId === operationId)!;
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (value) => {
        const res = await post(path, value);
        expect([201, 400, 409], res.text).toContain(res.status);
        expect(doc.problems(operationId, res)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("listOrgs parameters", () => {
  it("accepts limit and offset in range and rejects any other text with 400", async () => {
    const inRange = fc.record({ limit: fc.integer({ min: 1, max: 100 }), offset: fc.integer({ min: 0, max: 2147483647 }) });
    const text = fc.oneof(fc.string({ maxLength: 6 }), fc.integer({ min: -1000, max: 1000 }).map(String), fc.double().map(String));
    await fc.assert(
      fc.asyncProperty(fc.oneof(inRange.map((q) => ({ q: `limit=${q.limit}&offset=${q.offset}`, ok: true })), fc.tuple(text, text).map(([l, o]) => {
        const ok = [l, o].every((v, i) => /^(0|[1-9]\d*)$/.test(v) && Number(v) >= (i === 0 ? 1 : 0) && Number(v) <= (i === 0 ? 100 : 2147483647));
        return { q: `limit=${encodeURIComponent(l)}&offset=${encodeURIComponent(o)}`, ok };
      })), async ({ q, ok }) => {
        const res = await sandbox.api.call("listOrgs", { key, query: q });
        expect(res.status, q).toBe(ok ? 200 : 400);
      }),
      { numRuns: RUNS },
    );
  });

  it("answers any path segment as an external_id with 200, 400 or 404, never a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", minLength: 1, maxLength: 300 }), async (externalId) => {
        const res = await sandbox.api.call("getOrgByExternalId", { key, params: { externalId: encodeURIComponent(externalId) } });
        expect([200, 400, 404]).toContain(res.status);
      }),
      { numRuns: RUNS },
    );
  });
});
