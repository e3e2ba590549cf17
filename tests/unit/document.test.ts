// The document itself: every operation declares its documented statuses with named examples,
// and every example validates against its schema.
import { describe, expect, it } from "vitest";
import {
  createAjv,
  deref,
  describeErrors,
  loadBundle,
  operations,
  validatorAt,
  type Json,
  type JsonObject,
} from "../helpers/document.ts";

const doc = loadBundle();
const ajv = createAjv(doc);
const ops = operations(doc);

// The statuses each operation answers with, per the reference and the document's decisions (x-decisions).
const EXPECTED_STATUSES: Record<string, string[]> = {
  createOrg: ["201", "400", "401", "403", "409", "413", "415", "429", "500", "503"],
  listOrgs: ["200", "400", "401", "403", "429", "500", "503"],
  getOrgByExternalId: ["200", "400", "401", "403", "404", "429", "500", "503"],
  createOrgApiKey: ["201", "400", "401", "403", "413", "415", "429", "500", "503"],
  createLoginLink: ["201", "400", "401", "403", "413", "415", "429", "500", "503"],
};

/** Every media type of a request body or response, with where it lives. */
function mediaTypes(): { where: string; media: JsonObject }[] {
  const found: { where: string; media: JsonObject }[] = [];
  for (const o of ops) {
    const body = o.op.requestBody ? deref(doc, o.op.requestBody) : undefined;
    for (const [type, media] of Object.entries((body?.content as JsonObject) ?? {})) {
      found.push({ where: `${o.operationId} request ${type}`, media: media as JsonObject });
    }
    for (const [status, response] of Object.entries(o.op.responses as JsonObject)) {
      for (const [type, media] of Object.entries((deref(doc, response).content as JsonObject) ?? {})) {
        found.push({ where: `${o.operationId} ${status} ${type}`, media: media as JsonObject });
      }
    }
  }
  return found;
}

describe("operations", () => {
  it("are exactly the five the reference documents, with the kit's operationIds", () => {
    expect(ops.map((o) => `${o.method.toUpperCase()} ${o.path} ${o.operationId}`).sort()).toEqual(
      [
        "POST /partner/v1/orgs createOrg",
        "GET /partner/v1/orgs listOrgs",
        "GET /partner/v1/orgs/by-external-id/{externalId} getOrgByExternalId",
        "POST /partner/v1/orgs/{orgId}/api-keys createOrgApiKey",
        "POST /partner/v1/orgs/{orgId}/login-links createLoginLink",
      ].sort(),
    );
  });

  it.each(ops.map((o) => [o.operationId, o] as const))("%s declares its documented statuses", (id, o) => {
    expect(Object.keys(o.op.responses as JsonObject).sort()).toEqual(EXPECTED_STATUSES[id]!.sort());
  });

  it.each(ops.map((o) => [o.operationId, o] as const))("%s: POST answers 201 and GET 200", (_id, o) => {
    const success = Object.keys(o.op.responses as JsonObject).filter((s) => s.startsWith("2"));
    expect(success).toEqual([o.method === "post" ? "201" : "200"]);
  });

  it.each(ops.map((o) => [o.operationId, o] as const))("%s: every error answers ErrorResponse", (_id, o) => {
    for (const [status, response] of Object.entries(o.op.responses as JsonObject)) {
      if (Number(status) < 400) continue;
      const media = (deref(doc, response).content as JsonObject)["application/json"] as JsonObject;
      expect(media?.schema, `${status}`).toEqual({ $ref: "#/components/schemas/ErrorResponse" });
    }
  });

  it.each(ops.map((o) => [o.operationId, o] as const))("%s: 429 requires Retry-After", (_id, o) => {
    const headers = deref(doc, (o.op.responses as JsonObject)["429"] as Json).headers as JsonObject;
    expect(deref(doc, headers["Retry-After"] as Json).required).toBe(true);
  });

  it.each(ops.map((o) => [o.operationId, o] as const))("%s: 503 carries Retry-After and 500/503 the ErrorResponse body", (_id, o) => {
    const responses = o.op.responses as JsonObject;
    const headers = deref(doc, responses["503"] as Json).headers as JsonObject;
    expect(deref(doc, headers["Retry-After"] as Json).required).toBe(true);
    for (const status of ["500", "503"]) {
      const media = (deref(doc, responses[status] as Json).content as JsonObject)["application/json"] as JsonObject;
      expect(media.schema).toEqual({ $ref: "#/components/schemas/ErrorResponse" });
    }
  });

  it("every operation requires the partner bearer key (root security, no override)", () => {
    expect(doc.security).toEqual([{ partnerApiKey: [] }]);
    expect((doc.components as JsonObject).securitySchemes).toMatchObject({
      partnerApiKey: { type: "http", scheme: "bearer" },
    });
    // "Every request must include a valid partner API JWT."
    expect(((doc.components as JsonObject).securitySchemes as JsonObject).partnerApiKey).toHaveProperty("bearerFormat", "JWT");
    for (const o of ops) expect(o.op.security, o.operationId).toBeUndefined();
  });
});

describe("examples", () => {
  const all = mediaTypes();

  it("every request body and response has at least one named example", () => {
    const missing = all.filter((m) => Object.keys((m.media.examples as JsonObject) ?? {}).length === 0);
    expect(missing.map((m) => m.where)).toEqual([]);
  });

  const cases = all.flatMap((m) =>
    Object.entries((m.media.examples as JsonObject) ?? {}).map(([name, ex]) => [`${m.where} ${name}`, m.media, ex] as const),
  );
  it.each(cases)("%s validates against its schema", (_where, media, ex) => {
    const validate = ajv.compile({ $ref: `openapi.json${(media.schema as JsonObject).$ref ?? ""}` });
    const value = deref(doc, ex).value;
    expect(value, "example has a value").toBeDefined();
    const ok = validate(value);
    expect(ok, describeErrors(validate)).toBe(true);
  });

  it.each(ops.flatMap((o) => o.parameters.map((p) => [`${o.operationId} ${p.name}`, p] as const)))(
    "parameter %s: its example validates",
    (_name, p) => {
      const schema = ajv.compile(p.schema as JsonObject);
      expect(schema(p.example), describeErrors(schema)).toBe(true);
    },
  );

  it("form one fixture set: the org created is the org listed, looked up and scoped to", () => {
    const examples = (doc.components as JsonObject).examples as JsonObject;
    const value = (name: string) => (examples[name] as JsonObject).value as JsonObject;
    const created = value("CreatedOrgAcmeTours");
    const request = value("CreateOrgRequestAcmeTours");
    expect(created).toMatchObject({ name: request.name, external_id: request.external_id });
    expect(value("OrgAcmeTours")).toMatchObject(created);
    expect((value("OrgListFirstPage").data as JsonObject[])[0]).toEqual(value("OrgAcmeTours"));
    const parameters = (doc.components as JsonObject).parameters as JsonObject;
    expect((parameters.OrgId as JsonObject).example).toBe(created.id);
    expect((parameters.ExternalId as JsonObject).example).toBe(created.external_id);
  });

  it("every error example carries the status of the response it illustrates", () => {
    for (const o of ops) {
      for (const [status, response] of Object.entries(o.op.responses as JsonObject)) {
        if (Number(status) < 400) continue;
        const media = (deref(doc, response).content as JsonObject)["application/json"] as JsonObject;
        for (const [name, ex] of Object.entries(media.examples as JsonObject)) {
          expect((deref(doc, ex).value as JsonObject).statusCode, `${o.operationId} ${status} ${name}`).toBe(Number(status));
        }
      }
    }
  });

  it("every schema property has a description", () => {
    const undescribed: string[] = [];
    const walk = (node: Json, where: string): void => {
      if (!node || typeof node !== "object") return;
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${where}/${i}`));
      for (const [name, sub] of Object.entries((node.properties as JsonObject) ?? {})) {
        if (!(sub as JsonObject).description) undescribed.push(`${where}.${name}`);
      }
      for (const [key, value] of Object.entries(node)) walk(value, `${where}/${key}`);
    };
    walk((doc.components as JsonObject).schemas as Json, "#/components/schemas");
    expect(undescribed).toEqual([]);
  });

  it("the schemas themselves compile", () => {
    for (const name of Object.keys((doc.components as JsonObject).schemas as JsonObject)) {
      expect(() => validatorAt(ajv, `#/components/schemas/${name}`), name).not.toThrow();
    }
  });
});

// Where the reference is silent the document decides, and says so: each decision has a name
// (`x-decisions`), a row in the introduction's table, and is cited as "decision `<name>`" where
// the document applies it. The contract suite names these when a check rests on one.
describe("decisions", () => {
  const names = doc["x-decisions"] as string[];
  const intro = (doc.info as JsonObject).description as string;
  const table = intro.slice(intro.indexOf("## What this document decides"));
  const text = JSON.stringify(doc);

  it("are listed by name in x-decisions and tabled in the introduction, the same ones", () => {
    expect(names.length).toBeGreaterThan(0);
    expect(new Set(names).size).toBe(names.length);
    const rows = [...table.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
    expect(rows).toEqual(names);
  });

  it("every decision the document cites is one of them", () => {
    const cited = [...text.matchAll(/[Dd]ecisions? (?:\(`|`)([a-z0-9-]+)`/g)].map((m) => m[1]!);
    expect(cited.length).toBeGreaterThan(names.length);
    expect([...new Set(cited.filter((name) => !names.includes(name)))]).toEqual([]);
  });

  it("every decision is cited outside its own row", () => {
    const elsewhere = text.replace(JSON.stringify(table).slice(1, -1), "");
    expect(names.filter((name) => !elsewhere.includes(`\`${name}\``))).toEqual([]);
  });
});

describe("the prose's limits", () => {
  // The descriptions quote the limits their x- extensions set (for people reading the docs):
  // every quoted figure must be the extension's value.
  const bundle = doc as Record<string, any>;
  const text = JSON.stringify(bundle);
  const error = bundle.components.schemas.ErrorResponse;
  it.each([
    ["x-request-body-max-depth", /at most (\d+) levels/g, bundle["x-request-body-max-depth"]],
    ["x-request-body-max-bytes (MiB)", /(\d+) MiB/g, bundle["x-request-body-max-bytes"] / 2 ** 20],
    ["x-problems-max-items", /at most (\d+) (?:problems|and then)/g, error["x-problems-max-items"]],
    ["x-problem-max-chars", /at most (\d+) characters/g, error["x-problem-max-chars"]],
  ] as const)("%s: every figure quoted is the value", (_name, pattern, value) => {
    const quoted = [...text.matchAll(pattern)].map((m) => Number(m[1]));
    expect(quoted.length).toBeGreaterThan(0);
    expect(quoted).toEqual(quoted.map(() => value));
  });
});
