// Bad input answers a documented 4xx with the ErrorResponse body, never a 5xx. The invalid
// bodies and parameters are generated from the document's schemas (lib/negative-cases.ts); the
// transport-level cases (malformed JSON, wrong media type, oversized body) apply to every
// operation that takes a body.
import { describe, it } from "vitest";
import { call } from "./lib/client.ts";
import { decision } from "./lib/decisions.ts";
import { maxBodyBytes, operations, type JsonObject, type Operation } from "./lib/document.ts";
import { expectStatus } from "./lib/expect-contract.ts";
import { bodyCases, parameterCases } from "./lib/negative-cases.ts";
import { needStateful } from "./lib/requirements.ts";
import { validBody } from "./lib/fixtures.ts";
import { exampleBody } from "./lib/samples.ts";
import { uniqueExternalId } from "./lib/target.ts";
import { validPath, validRequest } from "./lib/valid-requests.ts";

// The merged example and every named one, each with a run-prefixed external_id: a server that
// wrongly accepts an invalid body still leaves only this run's orgs behind.
const bodySamples = (op: Operation): JsonObject[] =>
  (op.requestBody ? [exampleBody(op.operationId), ...op.requestBody.examples] : []).map((body) =>
    "external_id" in body ? { ...body, external_id: uniqueExternalId(`${op.operationId}-invalid`) } : body,
  );

const ODD_PATH_VALUES = ["%00", "%E0%A4%A"];
const NESTING = 5_000;

describe.each(operations.map((op) => [op.operationId, op] as const))("%s", (operationId, op) => {
  const generated = [...bodyCases(op, bodySamples(op)), ...parameterCases(op)];

  it.for(generated.map((c) => [c.label, c] as const))(`answers 400 to an invalid request: %s (${decision("request-validation")})`, async ([, c], ctx) => {
    if (c.extension) await needStateful(ctx, "rules beyond JSON Schema (x- extensions of the document)");
    // A JSON `null` where an optional body may be omitted: Prism takes it for no body at all.
    if (c.body === null && op.requestBody?.required === false) await needStateful(ctx, "a null body where the body is optional (Prism treats it as absent)");
    const path = { ...(await validPath(operationId)), ...c.path };
    const options = c.body === undefined ? await validRequest(operationId) : { body: c.body };
    expectStatus(await call(operationId, { ...options, path, query: c.query }), 400);
  });

  // Odd path parameters (`%00`, broken percent-encoding) get a documented 4xx, never a 5xx.
  const pathParams = op.parameters.filter((p) => p.in === "path");
  const declared4xx = Object.keys(op.responses).map(Number).filter((s) => s >= 400 && s < 500);
  it.for(pathParams.flatMap((p) => ODD_PATH_VALUES.map((raw) => [p.name, raw] as const)))(`answers a documented 4xx to path %s = %s (${decision("request-validation")})`, async ([name, raw], ctx) => {
    // Prism 5.14 answers 200 to `%00` (the guard in mock/prism-guard.ts only keeps it alive on
    // broken percent-encoding), so these need a server that implements the rules.
    await needStateful(ctx, "odd path parameters (Prism accepts `%00`)");
    const options = await validRequest(operationId);
    expectStatus(await call(operationId, { ...options, rawPath: { [name]: raw } }), ...declared4xx);
  });

  if (!op.requestBody) return;

  it(`answers 400 to deeply nested JSON within the size limit (${decision("request-body-depth")})`, async () => {
    const deep = `${"[".repeat(NESTING)}${"]".repeat(NESTING)}`;
    const body = JSON.stringify(validBody(operationId)).replace(/^\{/, `{"unexpected_nested":${deep},`);
    expectStatus(await call(operationId, { path: await validPath(operationId), rawBody: body }), 400);
  });

  it(`answers 400 to malformed JSON (${decision("request-validation")})`, async () => {
    expectStatus(await call(operationId, { path: await validPath(operationId), rawBody: '{"name": "unterminated' }), 400);
  });

  if (op.requestBody.required) {
    it(`answers 400 to a request without the required body (${decision("request-validation")})`, async () => {
      expectStatus(await call(operationId, { path: await validPath(operationId) }), 400);
    });
  }

  it(`answers 415 to a JSON body sent without a Content-Type (${decision("request-body-transport")})`, async (ctx) => {
    await needStateful(ctx, "the documented answer to a body without Content-Type (Prism answers 400)");
    const body = JSON.stringify(validBody(operationId));
    expectStatus(await call(operationId, { path: await validPath(operationId), rawBody: body, contentType: null }), 415);
  });

  it(`answers 415 to a body that is not application/json (${decision("request-body-transport")})`, async () => {
    const body = JSON.stringify(validBody(operationId));
    expectStatus(await call(operationId, { path: await validPath(operationId), rawBody: body, contentType: "text/plain" }), 415);
  });

  it(`answers 413 to a body over ${maxBodyBytes} bytes (${decision("request-body-transport")})`, async (ctx) => {
    await needStateful(ctx, "the body size limit");
    const padding = "a".repeat(maxBodyBytes);
    expectStatus(await call(operationId, { path: await validPath(operationId), rawBody: JSON.stringify({ padding }) }), 413);
  });
});
