// The one response validator: every answer the suite sees is checked here against the
// operation's declared responses in generated/openapi.json — status, Content-Type, body schema
// and declared headers. Compiled with Ajv2020 because the document is OpenAPI 3.1 (JSON Schema
// 2020-12); `strict: false` lets Ajv skip OpenAPI-only keywords (`example`, `x-*`).
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import formatsPlugin from "ajv-formats";
import { bundle, follow, operation, type JsonObject, type Schema } from "./document.ts";

const addFormats = formatsPlugin.default;
const DOC_ID = "openapi.json";

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
ajv.addSchema(bundle, DOC_ID);

const compiled = new Map<string, ValidateFunction>();
/** A validator for the schema at a JSON pointer of the bundle (`#/components/schemas/Org`). */
export function validatorAt(pointer: string): ValidateFunction {
  let fn = compiled.get(pointer);
  if (!fn) {
    fn = ajv.compile({ $ref: `${DOC_ID}${pointer}` });
    compiled.set(pointer, fn);
  }
  return fn;
}

/** Validates a value against an inline schema that may `$ref` the bundle's components. */
export function isValid(schema: Schema, value: unknown): boolean {
  return ajv.validate(rebase(schema), value) as boolean;
}

// Inline schemas taken out of the bundle carry `#/components/...` refs; point them at the bundle.
function rebase(schema: Schema): Schema {
  return JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#\//g, `"$ref":"${DOC_ID}#/`)) as Schema;
}

export const formatErrors = (errors: ErrorObject[] | null | undefined, max = 5): string[] =>
  (errors ?? []).slice(0, max).map((e) => `${e.instancePath || "(root)"} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`);

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
  const op = operation(operationId);
  const problems: string[] = [];
  const declared = op.responses[String(res.status)] ?? op.responses.default;
  let json: unknown;
  try {
    json = res.text ? JSON.parse(res.text) : undefined;
  } catch {
    json = undefined;
  }
  if (!declared) {
    problems.push(`status ${res.status} is not declared for ${operationId} (declared: ${Object.keys(op.responses).join(", ")})`);
    return { problems, json };
  }
  const { response, pointer } = declared;

  for (const [name, headerRef] of Object.entries((response.headers as JsonObject) ?? {})) {
    const header = follow(headerRef, "").node;
    const value = res.headers.get(name);
    if (value === null) {
      if (header.required === true) problems.push(`header ${name} is required on ${res.status} but missing`);
      continue;
    }
    const schema = follow(header.schema as JsonObject, "").node;
    // Header values are text; compare integers as numbers, but only canonical digit strings.
    const typed = schema.type === "integer" && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
    if (!isValid(schema, typed)) problems.push(`header ${name}: ${JSON.stringify(value)} does not match ${JSON.stringify(schema)}`);
  }

  const content = response.content as JsonObject | undefined;
  if (!content) return { problems, json };
  const contentType = (res.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!(contentType in content)) {
    problems.push(`Content-Type ${JSON.stringify(res.headers.get("content-type"))} is not declared (declared: ${Object.keys(content).join(", ")})`);
    return { problems, json };
  }
  if (contentType.endsWith("json")) {
    if (json === undefined) {
      problems.push(`body is not JSON: ${JSON.stringify(res.text.slice(0, 120))}`);
      return { problems, json };
    }
    const validate = validatorAt(`${pointer}/content/${contentType.replace(/\//g, "~1")}/schema`);
    if (!validate(json)) problems.push(...formatErrors(validate.errors).map((e) => `body ${e}`));
  }
  return { problems, json };
}
