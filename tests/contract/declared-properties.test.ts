// The sandbox answers exactly what the document describes (CONTRACT_SANDBOX=1 only): no success
// answer carries a property the document does not declare, at any depth. Response schemas stay
// open for real servers (decision open-responses: an API may add fields, clients ignore them),
// but a property only the sandbox sends is one partner code can come to rely on and then read as
// `undefined` in production.
import { describe, it } from "vitest";
import { call } from "./lib/client.ts";
import { follow, operations, successStatus, type Json, type JsonObject } from "./lib/document.ts";
import { expectFact, expectStatus } from "./lib/expect-contract.ts";
import { needSandbox } from "./lib/requirements.ts";
import { validRequest } from "./lib/valid-requests.ts";

/** Every property of `value` (as a JSON path) that `schema` does not declare, through $ref, allOf, oneOf, anyOf and items. */
function undeclared(schema: Json, value: unknown, at: string): string[] {
  const node = follow(schema, "").node;
  const branches = ["allOf", "oneOf", "anyOf"].flatMap((k) => (node[k] as Json[] | undefined) ?? []);
  if (Array.isArray(value)) {
    const items = [node.items, ...branches.map((b) => follow(b, "").node.items)].filter((i): i is Json => i !== undefined);
    return value.flatMap((entry, i) => (items.length ? items.flatMap((s) => undeclared(s, entry, `${at}/${i}`)) : []));
  }
  if (typeof value !== "object" || value === null) return [];
  const declared: Record<string, Json> = { ...((node.properties as JsonObject | undefined) ?? {}) };
  for (const branch of branches) Object.assign(declared, (follow(branch, "").node.properties as JsonObject | undefined) ?? {});
  return Object.entries(value).flatMap(([name, inner]) => (name in declared ? undeclared(declared[name]!, inner, `${at}/${name}`) : [`${at}/${name}`]));
}

describe.each(operations.map((op) => [op.operationId, op] as const))("%s", (operationId, op) => {
  it("answers success with no property the document does not declare (CONTRACT_SANDBOX=1: the sandbox sends only what the document describes)", async (ctx) => {
    await needSandbox(ctx, "a real server may add fields (decision open-responses); the sandbox must not");
    const res = expectStatus(await call(operationId, await validRequest(operationId)), successStatus(op));
    const media = (op.responses[String(successStatus(op))]!.response.content as JsonObject)["application/json"] as JsonObject;
    expectFact(res, "properties the document does not declare", [], undeclared(media.schema!, res.json, "body"));
  });
});
