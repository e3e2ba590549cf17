// The guard that keeps the document to what the Partner API promises: every success answer's
// schema requires exactly the fields the reference lists (tests/contract/lib/reference-fields.ts,
// written from the reference, not from the document) and declares no other property. A field
// the document added beyond them — in `required` or only in `properties` — fails here, naming it.
import { describe, expect, it } from "vitest";
import { REFERENCE_FIELDS, referenceView } from "../contract/lib/reference-fields.ts";
import { deref, loadBundle, operations, type Json, type JsonObject } from "../helpers/document.ts";

const doc = loadBundle();

/** `required` and `properties` of an object schema, through `$ref` and `allOf`. */
function shape(node: Json): { required: string[]; properties: Record<string, Json> } {
  const schema = deref(doc, node);
  // A schema the guard cannot read field by field must not slip through as "no fields".
  for (const keyword of ["oneOf", "anyOf", "not", "if", "patternProperties", "dependentSchemas"]) {
    if (keyword in schema) throw new Error(`no rule for ${keyword} in a success schema`);
  }
  for (const keyword of ["additionalProperties", "unevaluatedProperties"]) {
    if (keyword in schema && typeof schema[keyword] !== "boolean") throw new Error(`no rule for a ${keyword} schema in a success schema`);
  }
  const parts = ((schema.allOf as Json[] | undefined) ?? []).map(shape);
  return {
    required: [...((schema.required as string[] | undefined) ?? []), ...parts.flatMap((p) => p.required)],
    properties: Object.assign({}, ...parts.map((p) => p.properties), (schema.properties as JsonObject | undefined) ?? {}),
  };
}

const successSchema = (op: JsonObject): Json => {
  const responses = op.responses as JsonObject;
  const status = Object.keys(responses).find((s) => s.startsWith("2"))!;
  const content = deref(doc, responses[status]!).content as JsonObject;
  return (content["application/json"] as JsonObject).schema!;
};

const sorted = (names: readonly string[]) => [...names].sort();

describe("success schemas require and declare exactly the reference's fields", () => {
  it("the reference's list covers every operation of the document, and only those", () => {
    expect(sorted(operations(doc).map((o) => o.operationId))).toEqual(sorted(Object.keys(REFERENCE_FIELDS)));
  });

  it.each(operations(doc).map((o) => [o.operationId, o] as const))("%s", (operationId, o) => {
    const reference = REFERENCE_FIELDS[operationId]!;
    const answer = shape(successSchema(o.op));
    expect(sorted(answer.required), `required of ${operationId}'s answer (reference: ${reference.source})`).toEqual(sorted(reference.fields));
    expect(sorted(Object.keys(answer.properties)), `properties of ${operationId}'s answer (reference: ${reference.source})`).toEqual(sorted(reference.fields));
    for (const [field, item] of Object.entries(reference.items ?? {})) {
      const list = deref(doc, answer.properties[field]!);
      expect(list.type, `${operationId}.${field} is a list`).toBe("array");
      const entry = shape(list.items!);
      expect(sorted(entry.required), `required of each ${operationId}.${field} item (reference: ${item.source})`).toEqual(sorted(item.fields));
      expect(sorted(Object.keys(entry.properties)), `properties of each ${operationId}.${field} item (reference: ${item.source})`).toEqual(sorted(item.fields));
    }
  });
});

describe("referenceView", () => {
  it("cuts an answer, and each list item, to the reference's fields; leaves what it does not know", () => {
    expect(referenceView("createOrgApiKey", { api_key_id: "k", name: "Default", api_key: "a.b.c" })).toEqual({ api_key_id: "k", api_key: "a.b.c" });
    expect(referenceView("listOrgs", { data: [{ id: "1", name: "n", widget_token: "w", external_id: null, created_at: "t", language: "en" }], total: 1, next: 2 })).toEqual({
      data: [{ id: "1", name: "n", widget_token: "w", external_id: null, created_at: "t" }],
      total: 1,
    });
    // A field the answer lacks stays absent (the suite must then fail), and other bodies pass as they are.
    expect(referenceView("createLoginLink", { url: "u" })).toEqual({ url: "u" });
    expect(referenceView("resetSandbox", { reset: true })).toEqual({ reset: true });
  });
});
