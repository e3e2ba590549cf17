// Every `default` the document declares, found in it, never listed by hand. A query parameter's
// default is observable: left out, it answers exactly like the default sent explicitly (with
// enough state created that another value would answer differently, e.g. more orgs than the
// default page size) — asserted against any server. A request-body property's default (the org's
// `language`, the key's `name`) is not: the API never answers it, so it is never asserted against
// a Partner API answer; with CONTRACT_SANDBOX=1 the sandbox's overview shows what was stored.
import { describe, it } from "vitest";
import { call, type Exchange } from "./lib/client.ts";
import { decision } from "./lib/decisions.ts";
import { operations, resolveSchema, successStatus, type Json, type JsonObject, type Operation, type Schema } from "./lib/document.ts";
import { expectFact, expectStatus, expectThat } from "./lib/expect-contract.ts";
import { validBody } from "./lib/fixtures.ts";
import { needSandbox, needStateful } from "./lib/requirements.ts";
import { overviewOrg, sandboxOverview } from "./lib/sandbox-overview.ts";
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
  // Two answers to one listing compare equal only if the order is stable.
  it(`answers without ${name} exactly as with ${name}=${shown} (the documented default; ${decision("org-list-order")})`, async (ctx) => {
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

/** Where the overview shows what an operation stored, found from its answer and its request's path. */
const STORED: Record<string, (overview: Exchange, answer: JsonObject, path: Record<string, string>) => object | undefined> = {
  createOrg: (overview, answer) => overviewOrg(overview, String(answer.id)),
  createOrgApiKey: (overview, answer, path) => overviewOrg(overview, path.orgId!)?.api_keys.find((k) => k.api_key_id === answer.api_key_id),
};

describe.each(bodyDefaults.map((d) => [d.op.operationId, d.name, JSON.stringify(d.value), d] as const))("%s", (operationId, name, shown, d) => {
  const WHY = `the API never answers ${name}: only the sandbox's overview shows the stored default`;

  const check = async (res: Exchange, path: Record<string, string>) => {
    expectStatus(res, successStatus(d.op));
    const stored = STORED[operationId];
    if (!stored) throw new Error(`no rule to find what ${operationId} stored in the sandbox overview`);
    const overview = expectStatus(await sandboxOverview(operationId), 200);
    const record = stored(overview, res.json as JsonObject, path) as JsonObject | undefined;
    expectThat(overview, `what ${operationId} just stored, in the overview`, record !== undefined, undefined);
    expectFact(overview, `${name} stored when the request leaves it out (the documented default)`, d.value, record![name]);
  };

  it(`stores ${name}=${shown} when the body leaves it out (CONTRACT_SANDBOX=1: seen in the sandbox overview)`, async (ctx) => {
    await needSandbox(ctx, WHY);
    const { [name]: _, ...body } = validBody(operationId);
    const path = await validPath(operationId);
    await check(await call(operationId, { path, body }), path);
  });

  if (d.op.requestBody && !d.op.requestBody.required) {
    it(`stores ${name}=${shown} when the optional body is left out (CONTRACT_SANDBOX=1; ${decision("optional-api-key-body")})`, async (ctx) => {
      await needSandbox(ctx, WHY);
      const path = await validPath(operationId);
      await check(await call(operationId, { path }), path);
    });
  }
});
