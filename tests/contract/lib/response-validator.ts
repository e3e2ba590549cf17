// The one response validator every contract check goes through. It reuses the shared helper
// (tests/helpers/openapi-responses.ts: Ajv2020 over generated/openapi.json — declared status,
// Content-Type, body schema, declared headers such as Retry-After on 429) and adds what a live
// server can get wrong before that: a body that is not JSON at all. The same Ajv instance
// compiles request schemas for the negative-case generator.
import type { ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import { OpenApiResponses } from "../../helpers/openapi-responses.ts";
import { operation, type Schema } from "./document.ts";

const responses = new OpenApiResponses();

/** A validator for the schema at a JSON pointer of the bundle (`#/components/schemas/Org`). */
export const validatorAt = (pointer: string): ValidateFunction => responses.schema(pointer);

/** Validates a value against an inline schema whose `$ref`s point into the bundle. */
export function isValid(schema: Schema, value: unknown): boolean {
  // Inline schemas taken out of the bundle carry `#/components/...`; anchor them at the bundle.
  const anchored = JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#\//g, '"$ref":"openapi.json#/'));
  return responses.schema(anchored)(value) as boolean;
}

export const formatErrors = (errors: ErrorObject[] | null | undefined, max = 5): string[] =>
  (errors ?? []).slice(0, max).map((e) => `${e.instancePath || "(root)"} ${e.message}`);

export interface ObservedResponse {
  status: number;
  headers: Headers;
  text: string;
}

export interface Verdict {
  /** Problems with the answer as the document sees it; empty when it conforms. */
  problems: string[];
  /** The parsed JSON body, when there is one. */
  json?: unknown;
}

/** Checks one response of `operationId` against everything the document declares for it. */
export function validateResponse(operationId: string, res: ObservedResponse): Verdict {
  operation(operationId); // an unknown operation is a bug in the suite, not in the server
  let json: unknown;
  let notJson: string[] = [];
  try {
    json = res.text ? JSON.parse(res.text) : undefined;
  } catch {
    notJson = [`body is not JSON: ${JSON.stringify(res.text.slice(0, 120))}`];
  }
  const problems = responses.problems(operationId, { status: res.status, headers: res.headers, body: json });
  return { problems: [...notJson, ...problems, ...statusRepeated(res.status, json)], json };
}

// ErrorResponse.statusCode is documented as "the HTTP status code, repeated" — a rule JSON Schema
// cannot state, so it is checked here, for every error answer.
function statusRepeated(status: number, json: unknown): string[] {
  if (status < 400 || typeof json !== "object" || json === null || !("statusCode" in json)) return [];
  const { statusCode } = json as { statusCode: unknown };
  return statusCode === status ? [] : [`body/statusCode is ${JSON.stringify(statusCode)}, not the HTTP status ${status}`];
}
