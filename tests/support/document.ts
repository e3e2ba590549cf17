// The bundled document as tests see it: typed access to operations, and an Ajv 2020 instance
// that resolves the document's own `#/components/...` references.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import formatsPlugin from "ajv-formats";

const addFormats = formatsPlugin.default;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const BUNDLE_FILE = resolve(import.meta.dirname, "../../generated/openapi.json");
export const DOC_ID = "openapi.json";

export function loadBundle(): JsonObject {
  return JSON.parse(readFileSync(BUNDLE_FILE, "utf8")) as JsonObject;
}

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

export interface Operation {
  operationId: string;
  method: string;
  path: string;
  /** JSON pointer of the operation object in the bundle. */
  pointer: string;
  op: JsonObject;
  /** Path-level parameters followed by the operation's own, with `$ref`s resolved. */
  parameters: JsonObject[];
}

const escapePointer = (s: string) => s.replace(/~/g, "~0").replace(/\//g, "~1");

/** Follows one local `$ref` chain (`#/components/...`) to its target. */
export function deref(doc: JsonObject, node: Json): JsonObject {
  let current = node as JsonObject;
  while (current && typeof current === "object" && typeof current.$ref === "string") {
    const ref = current.$ref;
    if (!ref.startsWith("#/")) throw new Error(`not a local reference: ${ref}`);
    current = ref
      .slice(2)
      .split("/")
      .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce<Json>((n, key) => (n as JsonObject)[key] as Json, doc) as JsonObject;
  }
  return current;
}

export function operations(doc: JsonObject): Operation[] {
  const result: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths as JsonObject)) {
    const pathItem = item as JsonObject;
    for (const method of HTTP_METHODS) {
      const op = pathItem[method] as JsonObject | undefined;
      if (!op) continue;
      const params = [...((pathItem.parameters as Json[]) ?? []), ...((op.parameters as Json[]) ?? [])];
      result.push({
        operationId: op.operationId as string,
        method,
        path,
        pointer: `#/paths/${escapePointer(path)}/${method}`,
        op,
        parameters: params.map((p) => deref(doc, p)),
      });
    }
  }
  return result;
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
