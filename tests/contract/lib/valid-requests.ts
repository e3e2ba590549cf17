// A request each operation should answer with success, built from what the server really has
// (an org this run created) or, against a stateless mock, from the document's parameter
// examples. Auth and ownership checks replay these with a different key.
import type { CallOptions } from "./client.ts";
import { bundle, operation, type JsonObject } from "./document.ts";
import { createOrg, validBody, type CreatedOrg } from "./fixtures.ts";
import { target } from "./target.ts";

let owned: Promise<CreatedOrg> | undefined;
/** One org of the primary partner with an external_id, created on first use and shared. */
export function ownedOrg(): Promise<CreatedOrg> {
  owned ??= createOrg("primary");
  return owned;
}

const parameterExample = (name: string): string => {
  const params = (bundle.components as JsonObject).parameters as JsonObject;
  const param = Object.values(params).find((p) => (p as JsonObject).name === name) as JsonObject | undefined;
  if (typeof param?.example !== "string") throw new Error(`the document has no example for parameter ${name}`);
  return param.example;
};

/** Path parameters naming a resource of the primary partner. */
export async function validPath(operationId: string): Promise<Record<string, string>> {
  const path: Record<string, string> = {};
  for (const p of operation(operationId).parameters.filter((q) => q.in === "path")) {
    if (!target.stateful) path[p.name] = parameterExample(p.name);
    else if (p.name === "orgId") path[p.name] = (await ownedOrg()).id;
    else if (p.name === "externalId") path[p.name] = (await ownedOrg()).external_id!;
    else throw new Error(`no rule for a valid ${p.name}`);
  }
  return path;
}

/** The full valid request for an operation. */
export async function validRequest(operationId: string): Promise<CallOptions> {
  const op = operation(operationId);
  return {
    path: await validPath(operationId),
    ...(op.requestBody ? { body: validBody(operationId) } : {}),
  };
}
