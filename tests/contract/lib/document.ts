// The bundled document (generated/openapi.json) as the contract suite reads it: operations with
// their parameters, request schemas, declared responses and examples, `$ref`s followed.
// Everything the suite knows about the API comes from here; nothing is restated by hand.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { followRef, listOperations, type DocumentOperation } from "../../../packages/sandbox/src/contract/openapi-document.ts";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
export type Schema = JsonObject;

export const BUNDLE_FILE = resolve(import.meta.dirname, "../../../generated/openapi.json");

export const bundle: JsonObject = JSON.parse(readFileSync(BUNDLE_FILE, "utf8")) as JsonObject;

export interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  schema: Schema;
  example?: Json;
}

export interface DeclaredResponse {
  /** JSON pointer (within the bundle) of the response object after `$ref`s, for Ajv. */
  pointer: string;
  response: JsonObject;
}

export interface Operation {
  operationId: string;
  method: string;
  /** The path template, e.g. `/partner/v1/orgs/{orgId}/api-keys`. */
  path: string;
  parameters: Parameter[];
  requestBody?: { required: boolean; pointer: string; schema: Schema; examples: JsonObject[] };
  responses: Record<string, DeclaredResponse>;
  /** The operation's own `x-rate-limit`, if any. */
  rateLimit?: { name: string; limit: number; window_seconds: number };
  op: JsonObject;
}

/** Follows a local `$ref` chain; returns the target and its pointer. */
export function follow(node: Json, pointer: string): { node: JsonObject; pointer: string } {
  return followRef<JsonObject>(bundle, node, pointer);
}

/** A schema with its `$ref` chain followed (shallow: nested refs stay for Ajv). */
export const resolveSchema = (schema: Json): Schema => follow(schema, "").node;

function readOperation({ path, method, pointer: base, operation, parameters: params }: DocumentOperation): Operation {
  const op = operation as JsonObject;
  const parameters = (params as JsonObject[]).map(
    (node) => ({ name: node.name, in: node.in, required: node.required === true, schema: resolveSchema(node.schema as Json), example: node.example }) as Parameter,
  );
  const responses: Record<string, DeclaredResponse> = {};
  for (const [status, value] of Object.entries(op.responses as JsonObject)) {
    const { node, pointer } = follow(value, `${base}/responses/${status}`);
    responses[status] = { pointer, response: node };
  }
  let requestBody: Operation["requestBody"];
  if (op.requestBody) {
    const body = follow(op.requestBody, `${base}/requestBody`).node;
    const media = (body.content as JsonObject)["application/json"] as JsonObject;
    const examples = Object.values((media.examples as JsonObject) ?? {}).map((e) => follow(e, "").node.value as JsonObject);
    requestBody = {
      required: body.required === true,
      pointer: `${base}/requestBody/content/application~1json/schema`,
      schema: resolveSchema(media.schema as Json),
      examples,
    };
  }
  return {
    operationId: op.operationId as string,
    method: method.toUpperCase(),
    path,
    parameters,
    requestBody,
    responses,
    rateLimit: op["x-rate-limit"] as Operation["rateLimit"],
    op,
  };
}

export const operations: Operation[] = listOperations(bundle).map(readOperation);

export function operation(operationId: string): Operation {
  const found = operations.find((o) => o.operationId === operationId);
  if (!found) throw new Error(`the document has no operation ${operationId}`);
  return found;
}

/** The partner-wide budget (root `x-rate-limit`). */
export const globalRateLimit = bundle["x-rate-limit"] as { name: string; limit: number; window_seconds: number };
/** `x-request-body-max-bytes` at the root. */
export const maxBodyBytes = bundle["x-request-body-max-bytes"] as number;

/** True when the operation requires the partner key (root `security`, unless overridden). */
export const requiresAuth = (op: Operation) => ((op.op.security ?? bundle.security) as Json[]).length > 0;

/** The 2xx status an operation declares for success. */
export function successStatus(op: Operation): number {
  const status = Object.keys(op.responses).find((s) => s.startsWith("2"));
  if (!status) throw new Error(`${op.operationId} declares no 2xx response`);
  return Number(status);
}

/**
 * The decisions the document cites (`decision \`name\`` in its description) for the value at a
 * path of a response body, e.g. `/data/0/created_at` of listOrgs' 200 → `timestamps`: a schema
 * problem with that value rests on them.
 */
export function decisionsAlong(op: Operation, status: number, instancePath: string): string[] {
  const declared = op.responses[String(status)];
  const media = (declared?.response.content as JsonObject | undefined)?.["application/json"] as JsonObject | undefined;
  if (!media?.schema) return [];
  const segments = instancePath.split("/").filter(Boolean);
  // A problem with the body as a whole (a required field missing) is about the reference's fields.
  if (segments.length === 0) return [];
  let schema = resolveSchema(media.schema);
  for (const segment of segments) {
    const next = /^\d+$/.test(segment) ? (schema.items as Json | undefined) : (schema.properties as JsonObject | undefined)?.[segment];
    if (next === undefined) return [];
    schema = resolveSchema(next);
  }
  return [...String(schema.description ?? "").matchAll(/decision\s+`([a-z0-9-]+)`/gi)].map((m) => m[1]!);
}
