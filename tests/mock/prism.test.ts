// The Prism mock answers every documented operation and every named example, success and
// error alike, with the status, Content-Type and body the document declares.
import { describe, expect, inject, it } from "vitest";
import {
  createAjv,
  deref,
  describeErrors,
  loadBundle,
  operations,
  type Json,
  type JsonObject,
  type Operation,
} from "../helpers/document.ts";

const doc = loadBundle();
const ajv = createAjv(doc);
const ops = operations(doc);
const AUTH = { Authorization: "Bearer mock-test-key" };

function namedExamples(media: JsonObject): [string, Json][] {
  return Object.entries((media.examples as JsonObject) ?? {}).map(([name, ex]) => [name, deref(doc, ex).value as Json]);
}

/** A valid request for the operation, built from the document's own examples. */
function request(o: Operation): { url: string; init: RequestInit } {
  let path = o.path;
  for (const p of o.parameters.filter((p) => p.in === "path")) {
    path = path.replace(`{${p.name as string}}`, encodeURIComponent(String(p.example)));
  }
  const query = new URLSearchParams(
    o.parameters.filter((p) => p.in === "query").map((p) => [p.name as string, String(p.example)]),
  ).toString();
  const init: RequestInit = { method: o.method.toUpperCase(), headers: { ...AUTH } };
  if (o.op.requestBody) {
    const media = (deref(doc, o.op.requestBody).content as JsonObject)["application/json"] as JsonObject;
    init.body = JSON.stringify(namedExamples(media)[0]![1]);
    (init.headers as Record<string, string>)["Content-Type"] = "application/json";
  }
  return { url: `${inject("prismUrl")}${path}${query ? `?${query}` : ""}`, init };
}

function responseMedia(o: Operation, status: string): JsonObject {
  const response = deref(doc, (o.op.responses as JsonObject)[status] as Json);
  return (response.content as JsonObject)["application/json"] as JsonObject;
}

async function expectDocumented(o: Operation, status: string, res: Response): Promise<Json> {
  expect(res.status, `${o.operationId} status`).toBe(Number(status));
  expect(res.headers.get("content-type"), `${o.operationId} ${status} Content-Type`).toMatch(/^application\/json\b/);
  const body = (await res.json()) as Json;
  const validate = ajv.compile({ $ref: `openapi.json${(responseMedia(o, status).schema as JsonObject).$ref}` });
  expect(validate(body), `${o.operationId} ${status}: ${describeErrors(validate)}`).toBe(true);
  return body;
}

const exampleCases = ops.flatMap((o) =>
  Object.keys(o.op.responses as JsonObject).flatMap((status) =>
    namedExamples(responseMedia(o, status)).map(([name, value]) => [o.operationId, status, name, o, value] as const),
  ),
);

describe("Prism mock", () => {
  it.each(exampleCases)("%s %s %s: served as documented", async (_id, status, name, o, value) => {
    const { url, init } = request(o);
    const prefer = status.startsWith("2") ? `example=${name}` : `code=${status}, example=${name}`;
    const res = await fetch(url, { ...init, headers: { ...(init.headers as object), Prefer: prefer } });
    expect(await expectDocumented(o, status, res)).toEqual(value);
  });

  it.each(ops.map((o) => [o.operationId, o] as const))("%s without a token: 401 with the documented body", async (_id, o) => {
    const { url, init } = request(o);
    const headers = { ...(init.headers as Record<string, string>) };
    delete headers.Authorization;
    const body = await expectDocumented(o, "401", await fetch(url, { ...init, headers }));
    expect(body).toEqual(namedExamples(responseMedia(o, "401"))[0]![1]);
  });

  it.each(ops.filter((o) => o.op.requestBody).map((o) => [o.operationId, o] as const))(
    "%s with an invalid body: 400 in the documented shape, stating the real violations",
    async (_id, o) => {
      const { url, init } = request(o);
      const res = await fetch(url, { ...init, body: JSON.stringify({ unknown_field: true, name: 42 }) });
      const body = await expectDocumented(o, "400", res);
      const violations = JSON.parse(res.headers.get("sl-violations")!) as { message: string }[];
      expect(body).toEqual({ statusCode: 400, error: "Bad Request", message: [...new Set(violations.map((v) => v.message))] });
      expect((body as { message: string[] }).message.join("\n")).toContain("unknown_field");
      expect(body).not.toEqual(namedExamples(responseMedia(o, "400"))[0]![1]);
    },
  );

  it("listOrgs with limit out of range: 400", async () => {
    const o = ops.find((x) => x.operationId === "listOrgs")!;
    const res = await fetch(`${inject("prismUrl")}${o.path}?limit=101`, { headers: AUTH });
    const body = await expectDocumented(o, "400", res);
    expect((body as { message: unknown }).message).toEqual([expect.stringMatching(/limit must be <= 100/)]);
  });

  it("a path outside the document: 404", async () => {
    const res = await fetch(`${inject("prismUrl")}/partner/v1/nothing-here`, { headers: AUTH });
    expect(res.status).toBe(404);
  });
});
