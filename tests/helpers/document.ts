// The bundled document as tests see it: typed access to operations, and an Ajv 2020 instance
// that resolves the document's own `#/components/...` references.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import formatsPlugin from "ajv-formats";
import { deref as follow, listOperations } from "../../packages/sandbox/src/contract/openapi-document.ts";

export { HTTP_METHODS } from "../../packages/sandbox/src/contract/openapi-document.ts";

const addFormats = formatsPlugin.default;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const BUNDLE_FILE = resolve(import.meta.dirname, "../../generated/openapi.json");
export const DOC_ID = "openapi.json";

export function loadBundle(): JsonObject {
  return JSON.parse(readFileSync(BUNDLE_FILE, "utf8")) as JsonObject;
}

export interface Operation {
  operationId: string;
  method: string;
  path: string;
  /** JSON pointer of the operation object in the bundle. */
  pointer: string;
  op: JsonObject;
  /** Path-level parameters followed by the operation's own (overriding by name and `in`), with `$ref`s resolved. */
  parameters: JsonObject[];
}

/** Follows one local `$ref` chain (`#/components/...`) to its target. */
export function deref(doc: JsonObject, node: Json): JsonObject {
  return follow<JsonObject>(doc, node);
}

export function operations(doc: JsonObject): Operation[] {
  return listOperations(doc).map(({ operationId, method, path, pointer, operation, parameters }) => ({
    operationId: operationId as string,
    method,
    path,
    pointer,
    op: operation as JsonObject,
    parameters: parameters as JsonObject[],
  }));
}

export function operation(doc: JsonObject, operationId: string): Operation {
  const found = operations(doc).find((o) => o.operationId === operationId);
  if (!found) throw new Error(`no operation ${operationId}`);
  return found;
}

/** Ajv with the whole bundle registered, so any `openapi.json#/...` pointer compiles. */
export function createAjv(doc: JsonObject = loadBundle()): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema(doc, DOC_ID);
  return ajv;
}

/** A validator for the schema at a JSON pointer of the bundle, e.g. `#/components/schemas/Org`. */
export function validatorAt(ajv: Ajv2020, pointer: string): ValidateFunction {
  const ref = `${DOC_ID}${pointer}`;
  return ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
}

export function describeErrors(validate: ValidateFunction): string {
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ");
}
