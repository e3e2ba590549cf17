// A request each operation should answer with success, built from what the server really has
// (an org this run created) or, against a stateless mock, from the document's parameter
// examples. Auth and ownership checks replay these with a different key.
import type { CallOptions } from "./client.ts";
import { bundle, operation, type JsonObject } from "./document.ts";
import type { KeyName } from "./env.ts";
import { createOrg, validBody, type CreatedOrg } from "./fixtures.ts";
import { target } from "./target.ts";

/** Who owns the resources of a valid request, and the headers its requests carry. */
export interface Caller {
  auth: KeyName;
  headers?: Record<string, string>;
}

const PRIMARY: Caller = { auth: "primary" };
const owned = new Map<string, Promise<CreatedOrg>>();

/** One org of the caller's partner with an external_id, created on first use and shared. */
export function ownedOrg(caller: Caller = PRIMARY): Promise<CreatedOrg> {
  let org = owned.get(caller.auth);
  if (!org) {
    org = createOrg(caller.auth, {}, caller.headers);
    owned.set(caller.auth, org);
  }
  return org;
}

const parameterExample = (name: string): string => {
  const params = (bundle.components as JsonObject).parameters as JsonObject;
  const param = Object.values(params).find((p) => (p as JsonObject).name === name) as JsonObject | undefined;
  if (typeof param?.example !== "string") throw new Error(`the document has no example for parameter ${name}`);
  return param.example;
};

/** Path parameters naming a resource of the caller's partner (the primary one unless told). */
export async function validPath(operationId: string, caller: Caller = PRIMARY): Promise<Record<string, string>> {
  const path: Record<string, string> = {};
  for (const p of operation(operationId).parameters.filter((q) => q.in === "path")) {
    if (!target.stateful) path[p.name] = parameterExample(p.name);
    else if (p.name === "orgId") path[p.name] = (await ownedOrg(caller)).id;
    else if (p.name === "externalId") path[p.name] = (await ownedOrg(caller)).external_id!;
    else throw new Error(`no rule for a valid ${p.name}`);
  }
  return path;
}

/** The full valid request for an operation, as the caller sends it. */
export async function validRequest(operationId: string, caller: Caller = PRIMARY): Promise<CallOptions> {
  const op = operation(operationId);
  return {
    auth: caller.auth,
    ...(caller.headers ? { headers: caller.headers } : {}),
    path: await validPath(operationId, caller),
    ...(op.requestBody ? { body: validBody(operationId) } : {}),
  };
}
