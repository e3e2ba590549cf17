// Things the behaviour checks need on the server: valid bodies with this run's external_ids,
// and orgs created under a given partner.
import { call, type Auth } from "./client.ts";
import type { JsonObject } from "./document.ts";
import { expectStatus } from "./expect-contract.ts";
import { exampleBody } from "./samples.ts";
import { uniqueExternalId } from "./target.ts";

/** A fresh valid body; createOrg's gets a new run-prefixed external_id. */
export function validBody(operationId: string, overrides: JsonObject = {}): JsonObject {
  const body = exampleBody(operationId);
  if ("external_id" in body) body.external_id = uniqueExternalId(operationId);
  return { ...body, ...overrides };
}

export interface CreatedOrg {
  id: string;
  name: string;
  external_id: string | null;
}

/** Creates an org (checked against the document) and returns it. */
export async function createOrg(auth: Auth = "primary", overrides: JsonObject = {}, headers?: Record<string, string>): Promise<CreatedOrg> {
  const res = expectStatus(await call("createOrg", { auth, headers, body: validBody("createOrg", overrides) }), 201);
  return res.json as CreatedOrg;
}
