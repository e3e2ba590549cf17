// What the sandbox's request validators are compiled from, in one place for both sides: the
// generator (scripts/generators/validators.ts) compiles exactly these schemas with Ajv, and the
// sandbox (validators.ts) hashes the same inputs from the loaded document at start to prove the
// precompiled validators in generated/ still match it. No Ajv here: this is on the start path.
import { createHash } from "node:crypto";
import type { Contract, JsonObject, Operation, Parameter } from "../contract/contract.ts";

/** The id the components are registered under; parameter $refs are anchored to it. */
export const DOC_ID = "openapi.json";
/** The document's own rule: in an array of objects, this property must not repeat. */
export const UNIQUE_ITEM_PROPERTY = "x-unique-item-property";

/** The parameters the sandbox validates: path and query (headers are the guard's business). */
export const requestParameters = (op: Pick<Operation, "parameters">): Parameter[] => op.parameters.filter((p) => p.in === "path" || p.in === "query");

/** Inline parameter schemas may point into the document: make their $refs absolute. */
export function anchorRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(anchorRefs);
  if (!node || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [k, k === "$ref" && typeof v === "string" && v.startsWith("#") ? DOC_ID + v : anchorRefs(v)]),
  );
}

/** One object schema for an operation's path and query parameters together. */
export function paramsSchema(parameters: Parameter[]): JsonObject {
  return {
    type: "object",
    properties: Object.fromEntries(parameters.map((p) => [p.name, anchorRefs(p.schema)])),
    required: parameters.filter((p) => p.required).map((p) => p.name),
  };
}

export interface ValidatorSources {
  /** Only what schemas refer to: compiling the whole document (paths, examples) is wasted work. */
  components: { schemas: unknown; parameters: unknown };
  operations: { operationId: string; parameters: Parameter[]; bodySchemaRef: string | null }[];
}

/** Everything the compiled validators depend on, and nothing else. */
export function validatorSources(contract: Pick<Contract, "doc" | "operations">): ValidatorSources {
  const components = (contract.doc.components ?? {}) as JsonObject;
  return {
    components: { schemas: components.schemas, parameters: components.parameters },
    operations: contract.operations.map((op) => ({
      operationId: op.operationId,
      parameters: requestParameters(op),
      bodySchemaRef: op.bodySchemaRef ?? null,
    })),
  };
}

/** sha256 of the sources (well under a millisecond for this document). */
export const validatorsFingerprint = (contract: Pick<Contract, "doc" | "operations">): string =>
  createHash("sha256").update(JSON.stringify(validatorSources(contract))).digest("hex");
