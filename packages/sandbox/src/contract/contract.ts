// Everything the sandbox knows about the API comes from the bundled document: operations,
// parameters, request schemas, rate limits, login-link properties and sandbox-only rules.
// Nothing here restates a path, a field or a limit.
import { readFileSync, statSync } from "node:fs";
import { deref, listOperations } from "./openapi-document.ts";
import { bundlePath } from "./paths.ts";

export type JsonObject = Record<string, unknown>;

export interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  schema: JsonObject;
}

export interface Operation {
  operationId: string;
  method: string; // upper case
  /** The document's path template, e.g. /partner/v1/orgs/{orgId}/api-keys */
  path: string;
  parameters: Parameter[];
  /** JSON pointer (within the bundle) of the application/json request schema, if any. */
  bodySchemaRef?: string;
  bodyRequired: boolean;
  extensions: JsonObject;
}

export interface Contract {
  doc: JsonObject;
  operations: Operation[];
  operation(operationId: string): Operation;
  bodyMaxBytes: number;
  /** How deep a request body may nest arrays and objects (root `x-request-body-max-depth`). */
  bodyMaxDepth: number;
  /** How much of a problem list an error body holds (`x-problems-max-items`, `x-problem-max-chars` on ErrorResponse). */
  errorBounds: { maxProblems: number; maxChars: number };
  loginLink: { ttlSeconds: number; tokenBytes: number };
  /** The sandbox's credential rule, from the connection schema that carries it. */
  invalidCredentials: { prefix: string; integration: string };
}

function findSchemaExtension(doc: JsonObject, key: string): { schemaName: string; value: unknown } {
  const schemas = ((doc.components as JsonObject | undefined)?.schemas ?? {}) as Record<string, JsonObject>;
  for (const [schemaName, schema] of Object.entries(schemas)) if (key in schema) return { schemaName, value: schema[key] };
  throw new Error(`no schema in the document carries ${key}`);
}

// One contract per bundle version and process: tests start many sandboxes, and everything
// compiled from the contract (validators) can then be reused too.
const loaded = new Map<string, Contract>();

export function loadContract(path = bundlePath()): Contract {
  const key = `${path}@${statSync(path).mtimeMs}`;
  let contract = loaded.get(key);
  if (!contract) {
    contract = contractFromDocument(JSON.parse(readFileSync(path, "utf8")) as JsonObject);
    loaded.set(key, contract);
  }
  return contract;
}

/** The contract of a parsed bundle (the generator uses it on a bundle not yet written to disk). */
export function contractFromDocument(doc: JsonObject): Contract {
  const operations = operationsFromDocument(doc);
  const byId = new Map(operations.map((o) => [o.operationId, o]));
  const operation = (id: string): Operation => {
    const found = byId.get(id);
    if (!found) throw new Error(`the document has no operation ${id}`);
    return found;
  };
  const loginLinkExt = operations.find((o) => o.extensions["x-login-link"])?.extensions["x-login-link"] as
    | { ttl_seconds?: number; token_bytes?: number }
    | undefined;
  if (!loginLinkExt?.ttl_seconds || !loginLinkExt.token_bytes) throw new Error("x-login-link needs ttl_seconds and token_bytes");
  const bodyMaxBytes = doc["x-request-body-max-bytes"];
  if (!Number.isInteger(bodyMaxBytes)) throw new Error("root x-request-body-max-bytes missing");
  const bodyMaxDepth = doc["x-request-body-max-depth"];
  if (!Number.isInteger(bodyMaxDepth) || (bodyMaxDepth as number) < 1) throw new Error("root x-request-body-max-depth missing");
  const maxProblems = findSchemaExtension(doc, "x-problems-max-items").value;
  const maxChars = findSchemaExtension(doc, "x-problem-max-chars").value;
  if (!Number.isInteger(maxProblems) || !Number.isInteger(maxChars)) throw new Error("x-problems-max-items and x-problem-max-chars must be integers");
  return {
    doc,
    operations,
    operation,
    bodyMaxBytes: bodyMaxBytes as number,
    bodyMaxDepth: bodyMaxDepth as number,
    errorBounds: { maxProblems: maxProblems as number, maxChars: maxChars as number },
    loginLink: { ttlSeconds: loginLinkExt.ttl_seconds, tokenBytes: loginLinkExt.token_bytes },
    invalidCredentials: (() => {
      const { schemaName, value } = findSchemaExtension(doc, "x-sandbox-invalid-app-key-prefix");
      // FareHarborConnection -> "FareHarbor", the name used in the error message.
      return { prefix: String(value), integration: schemaName.replace(/Connection$/, "") };
    })(),
  };
}

/** Every operation of a bundled document with what the validators and routes need (the sandbox controls' document too). */
export function operationsFromDocument(doc: JsonObject): Operation[] {
  return listOperations(doc).map(({ operationId, method, path, operation: op, parameters }) => {
    const body = deref<JsonObject | undefined>(doc, op.requestBody);
    const jsonBody = (body?.content as JsonObject | undefined)?.["application/json"] as JsonObject | undefined;
    const schema = jsonBody?.schema as { $ref?: string } | undefined;
    if (jsonBody && !schema?.$ref) throw new Error(`${String(operationId)}: request schemas must be components`);
    return {
      operationId: String(operationId),
      method: method.toUpperCase(),
      path,
      parameters: parameters.map((p) => ({ ...(p as unknown as Parameter), required: p.required === true })),
      bodySchemaRef: schema?.$ref,
      bodyRequired: body?.required === true,
      extensions: Object.fromEntries(Object.entries(op).filter(([k]) => k.startsWith("x-"))),
    };
  });
}
