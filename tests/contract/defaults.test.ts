// Every `default` the document declares is what the server does when the value is left out —
// found in the document, never listed by hand: each query parameter's default answers exactly
// like the default sent explicitly (with enough state created that a different value would
// answer differently, e.g. more orgs than the default page size), and each request-body
// property's default shows in the answer's field of the same name (also when an optional body
// is left out altogether).
import { describe, it } from "vitest";
import { call, type Exchange } from "./lib/client.ts";
import { operations, resolveSchema, successStatus, type Json, type JsonObject, type Operation, type Schema } from "./lib/document.ts";
import { expectFact, expectStatus, expectThat } from "./lib/expect-contract.ts";
import { validBody } from "./lib/fixtures.ts";
import { needStateful } from "./lib/requirements.ts";
import { validPath } from "./lib/valid-requests.ts";

interface Documented {
  op: Operation;
  name: string;
  value: Json;
  schema: Schema;
}

const queryDefaults: Documented[] = operations.flatMap((op) =>
  op.parameters.filter((p) => p.in === "query" && p.schema.default !== undefined).map((p) => ({ op, name: p.name, value: p.schema.default!, schema: p.schema })),
);

const bodyDefaults: Documented[] = operations.flatMap((op) => {
  const properties = (op.requestBody?.schema.properties as JsonObject | undefined) ?? {};
  return Object.entries(properties)
    .map(([name, raw]) => ({ op, name, schema: resolveSchema(raw) }))
    .filter((d) => d.schema.default !== undefined)
    .map((d) => ({ ...d, value: d.schema.default! }));
});

/** Another value within the parameter's bounds, so the default's effect can be seen. */
function otherValue({ schema, value }: Documented): number {
  if (typeof value !== "number") throw new Error(`no rule for another value of a ${typeof value} default`);
  const max = typeof schema.maximum === "number" ? schema.maximum : Infinity;
  return value + 1 <= max ? value + 1 : value - 1;
}

/** The POST on the same path: it makes the items a GET on that path lists. */
const creator = (op: Operation) => operations.find((o) => o.path === op.path && o.method === "POST");

const answer = async (d: Documented, query: Record<string, string | number>): Promise<Exchange> =>
  expectStatus(await call(d.op.operationId, { path: await validPath(d.op.operationId), query }), successStatus(d.op));

describe.each(queryDefaults.map((d) => [d.op.operationId, d.name, JSON.stringify(d.value), d] as const))("%s", (operationId, name, shown, d) => {
  it(`answers without ${name} exactly as with ${name}=${shown} (the documented default)`, async (ctx) => {
    await needStateful(ctx, "the effect of a parameter");
    const other = otherValue(d);
    let [withDefault, withOther] = [await answer(d, { [name]: d.value as number }), await answer(d, { [name]: other })];
    if (withDefault.text === withOther.text) {
      // Not enough state to tell the values apart: create more items than either value covers.
      const make = creator(d.op);
      expectThat(withOther, `a POST on ${d.op.path} to create the items ${operationId} lists`, make !== undefined, undefined);
      for (let i = 0; i <= Math.max(d.value as number, other); i++) {
        expectStatus(await call(make!.operationId, { path: await validPath(make!.operationId), body: validBody(make!.operationId) }), successStatus(make!));
      }
      [withDefault, withOther] = [await answer(d, { [name]: d.value as number }), await answer(d, { [name]: other })];
      expectThat(withOther, `an answer to ${name}=${other} that differs from ${name}=${shown}`, withDefault.text !== withOther.text, "the same answer");
    }
    const absent = await answer(d, {});
    expectFact(absent, `the answer without ${name} (as with ${name}=${shown})`, withDefault.json, absent.json);
  });
});

describe.each(bodyDefaults.map((d) => [d.op.operationId, d.name, JSON.stringify(d.value), d] as const))("%s", (operationId, name, shown, d) => {
  const declared = (): boolean => {
    const success = d.op.responses[String(successStatus(d.op))]!.response;
    const media = (success.content as JsonObject)["application/json"] as JsonObject;
    return name in ((resolveSchema(media.schema as Json).properties as JsonObject) ?? {});
  };

  const check = (res: Exchange) => {
    expectStatus(res, successStatus(d.op));
    expectThat(res, `the answer's ${name} (the document declares it, so the default is observable)`, declared(), "not declared in the success answer");
    expectFact(res, `${name} when the request leaves it out (the documented default)`, d.value, (res.json as JsonObject)[name]);
  };

  it(`fills in ${name}=${shown} when the body leaves it out`, async (ctx) => {
    await needStateful(ctx, "what the server stores (it answers its examples)");
    const { [name]: _, ...body } = validBody(operationId);
    check(await call(operationId, { path: await validPath(operationId), body }));
  });

  if (d.op.requestBody && !d.op.requestBody.required) {
    it(`fills in ${name}=${shown} when the optional body is left out`, async (ctx) => {
      await needStateful(ctx, "what the server stores (it answers its examples)");
      check(await call(operationId, { path: await validPath(operationId) }));
    });
  }
});
