// The bundled document (generated/openapi.json) as the contract suite reads it: operations with
// their parameters, request schemas, declared responses and examples, `$ref`s followed.
// Everything the suite knows about the API comes from here; nothing is restated by hand.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
export type Schema = JsonObject;

export const BUNDLE_FILE = resolve(import.meta.dirname, "../../../generated/openapi.json");

export const bundle: JsonObject = JSON.parse(readFileSync(BUNDLE_FILE, "utf8")) as JsonObject;

const METHODS = ["get", "put", "post", "delete", "patch"] as const;

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

const escape = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");

function at(pointer: string): Json {
  return pointer
    .replace(/^#\//, "")
    .split("/")
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<Json>((node, key) => (node as JsonObject)[key] as Json, bundle);
}

/** Follows a local `$ref` chain; returns the target and its pointer. */
export function follow(node: Json, pointer: string): { node: JsonObject; pointer: string } {
  let current = node as JsonObject;
  let where = pointer;
  while (typeof current?.$ref === "string") {
    where = current.$ref;
    current = at(where) as JsonObject;
  }
  return { node: current, pointer: where };
}

/** A schema with its `$ref` chain followed (shallow: nested refs stay for Ajv). */
export const resolveSchema = (schema: Json): Schema => follow(schema, "").node;

function readOperation(path: string, method: string, pathItem: JsonObject): Operation {
  const op = pathItem[method] as JsonObject;
  const base = `#/paths/${escape(path)}/${method}`;
  const params = [...((pathItem.parameters as Json[]) ?? []), ...((op.parameters as Json[]) ?? [])];
  const parameters = params.map((p) => {
    const node = follow(p, "").node;
    return { name: node.name, in: node.in, required: node.required === true, schema: resolveSchema(node.schema as Json), example: node.example } as Parameter;
  });
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

export const operations: Operation[] = Object.entries(bundle.paths as JsonObject).flatMap(([path, item]) =>
  METHODS.filter((m) => (item as JsonObject)[m]).map((m) => readOperation(path, m, item as JsonObject)),
);

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
