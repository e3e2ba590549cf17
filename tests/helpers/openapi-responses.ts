// Checks a live response against a bundled document — the Partner API's (generated/openapi.json,
// the default) or the sandbox's own (generated/sandbox-openapi.json): the status is documented for
// the operation, the JSON body matches its schema, and documented headers are present and valid.
// Validators are compiled with Ajv2020 from the bundle, so nothing is re-typed.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Ajv2020, ValidateFunction } from "ajv/dist/2020.js";
import { deref, listOperations } from "../../packages/sandbox/src/contract/openapi-document.ts";
import { createAjv, DOC_ID, type JsonObject } from "./document.ts";

type Json = Record<string, unknown>;

export const BUNDLE_PATH = resolve(dirname(fileURLToPath(import.meta.url)), "../../generated/openapi.json");
export const SANDBOX_BUNDLE_PATH = resolve(dirname(fileURLToPath(import.meta.url)), "../../generated/sandbox-openapi.json");

export interface DocumentedOperation {
  operationId: string;
  method: string;
  path: string;
  raw: Json;
}

export interface ResponseLike {
  status: number;
  headers: Headers;
  body: unknown;
}

export class OpenApiResponses {
  readonly doc: Json;
  private readonly ajv: Ajv2020;
  private readonly cache = new Map<string, ValidateFunction>();
  readonly operations = new Map<string, DocumentedOperation>();

  constructor(path = BUNDLE_PATH) {
    this.doc = JSON.parse(readFileSync(path, "utf8")) as Json;
    // The same Ajv setup as every other test's (tests/helpers/document.ts).
    this.ajv = createAjv(this.doc as JsonObject);
    for (const { operationId, method, path, operation } of listOperations(this.doc)) {
      if (operationId !== undefined) this.operations.set(operationId, { operationId, method: method.toUpperCase(), path, raw: operation });
    }
  }

  deref<T = Json>(node: unknown): T {
    return deref<T>(this.doc, node);
  }

  /** A validator for a schema node of the document (a $ref or an inline schema). */
  schema(node: Json | string): ValidateFunction {
    const key = typeof node === "string" ? node : JSON.stringify(node);
    let validate = this.cache.get(key);
    if (!validate) {
      const ref = typeof node === "string" ? node : (node.$ref as string | undefined);
      validate = ref ? this.ajv.getSchema(`${DOC_ID}${ref}`) : this.ajv.compile(node as Json);
      if (!validate) throw new Error(`cannot compile ${key}`);
      this.cache.set(key, validate);
    }
    return validate;
  }

  /** Every way the response breaks the document; empty when it conforms. */
  problems(operationId: string | undefined, response: ResponseLike): string[] {
    if (operationId === undefined) return this.errorShapeProblems(response);
    const op = this.operations.get(operationId);
    if (!op) return [`no operation ${operationId} in the document`];
    const responses = op.raw.responses as Record<string, unknown>;
    const documented = responses[String(response.status)] ?? responses.default;
    if (!documented) return [`${operationId}: status ${response.status} is not documented (documented: ${Object.keys(responses).join(", ")})`];
    const spec = this.deref<Json>(documented);
    const problems: string[] = [];
    const content = spec.content as Record<string, Json> | undefined;
    const media = content?.["application/json"];
    if (content && !media) {
      // Other media types (text/plain metrics, the page's HTML): the answer must be one of them.
      const type = response.headers.get("content-type") ?? "";
      if (!Object.keys(content).some((t) => type.startsWith(t))) problems.push(`content-type is "${type}", documented ${Object.keys(content).join(" or ")}`);
    }
    if (media) {
      const type = response.headers.get("content-type") ?? "";
      if (!type.startsWith("application/json")) problems.push(`content-type is "${type}", documented application/json`);
      const validate = this.schema(media.schema as Json);
      if (!validate(response.body)) problems.push(...validate.errors!.map((e) => `body${e.instancePath} ${e.message}`));
    }
    for (const [name, rawHeader] of Object.entries((spec.headers as Record<string, unknown> | undefined) ?? {})) {
      const header = this.deref<Json>(rawHeader);
      const value = response.headers.get(name);
      if (value === null) {
        if (header.required === true) problems.push(`required header ${name} is missing`);
        continue;
      }
      const schema = header.schema as Json | undefined;
      if (!schema) continue;
      const resolved = this.deref<Json>(schema);
      const typed = resolved.type === "integer" && /^-?\d+$/.test(value) ? Number(value) : value;
      const validate = this.schema(schema);
      if (!validate(typed)) problems.push(`header ${name}: "${value}" ${validate.errors!.map((e) => e.message).join(", ")}`);
    }
    return problems;
  }

  /** For answers outside any operation (unknown path, 405, controls' errors): an ErrorResponse. */
  errorShapeProblems(response: ResponseLike): string[] {
    if (response.status < 400) return [];
    const validate = this.schema("#/components/schemas/ErrorResponse");
    return validate(response.body) ? [] : validate.errors!.map((e) => `body${e.instancePath} ${e.message}`);
  }
}
