// Calls any operation of the bundle through the client with the document's own examples as
// arguments, following the generated methods' argument order: path parameters (in path order),
// then the body, then the query, then per-call options.
import type { PartnerClient, RequestOptions } from "../../packages/client/src/index.ts";
import { deref, type Json, type JsonObject, type Operation } from "../helpers/document.ts";

/** The value of the first named example, or the single `example`, of a media type or parameter. */
export function firstExample(doc: JsonObject, node: JsonObject): Json | undefined {
  const examples = node.examples as JsonObject | undefined;
  const first = examples ? Object.values(examples)[0] : undefined;
  return first !== undefined ? deref(doc, first).value : node.example;
}

export function argumentsFor(doc: JsonObject, op: Operation): unknown[] {
  const args: unknown[] = [];
  for (const [, name] of op.path.matchAll(/\{([^}]+)\}/g)) {
    const param = op.parameters.find((p) => p.in === "path" && p.name === name);
    if (!param) throw new Error(`${op.operationId}: no path parameter ${name}`);
    args.push(firstExample(doc, param) ?? firstExample(doc, param.schema as JsonObject));
  }
  if (op.op.requestBody) {
    const body = deref(doc, op.op.requestBody);
    args.push(firstExample(doc, ((body.content as JsonObject)["application/json"] as JsonObject) ?? {}));
  }
  if (op.parameters.some((p) => p.in === "query")) args.push(undefined);
  return args;
}

export function call(client: PartnerClient, doc: JsonObject, op: Operation, options?: RequestOptions): Promise<unknown> {
  const method = (client as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[op.operationId];
  if (typeof method !== "function") throw new Error(`the client has no method ${op.operationId}`);
  return method(...argumentsFor(doc, op), options);
}

/** The success response's first example. */
export function successExample(doc: JsonObject, op: Operation): Json | undefined {
  const responses = op.op.responses as JsonObject;
  const status = Object.keys(responses).find((code) => /^2\d\d$/.test(code))!;
  const media = (deref(doc, responses[status]!).content as JsonObject)["application/json"] as JsonObject;
  return firstExample(doc, media);
}
