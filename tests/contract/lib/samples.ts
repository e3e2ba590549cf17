// Valid request bodies, taken from the document's own named examples — merged, so every optional
// field the examples show is exercised (and mutated by the negative-case generator).
import { operation, type JsonObject } from "./document.ts";
import { validatorAt, formatErrors } from "./response-validator.ts";

export function exampleBody(operationId: string): JsonObject {
  const body = operation(operationId).requestBody;
  if (!body) throw new Error(`${operationId} takes no request body`);
  const merged = Object.assign({}, ...body.examples) as JsonObject;
  const validate = validatorAt(body.pointer);
  // The merge must stay valid; if examples ever conflict, fall back to the first (happy path).
  if (validate(merged)) return structuredClone(merged);
  const first = body.examples[0];
  if (!first || !validate(first)) throw new Error(`${operationId}: no valid request example (${formatErrors(validate.errors).join("; ")})`);
  return structuredClone(first);
}
