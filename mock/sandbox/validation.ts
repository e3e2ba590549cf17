// Layer 4: request validation compiled with Ajv2020 from the bundle itself. Strict on purpose:
// no type coercion, no removal of unknown fields, every problem reported (allErrors). Defaults
// the document declares (language, key name, limit, offset) are filled in.
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import formatsPlugin from "ajv-formats";
import type { Contract, JsonObject, Operation, Parameter } from "./contract.ts";
import { ApiError } from "./errors.ts";

const addFormats = formatsPlugin.default;
const DOC_ID = "openapi.json";
const UNIQUE_ITEM_PROPERTY = "x-unique-item-property";

export interface OperationValidator {
  /** Returns the checked (and defaulted) parameters, or throws 400 listing every problem. */
  params(path: Record<string, unknown>, query: Record<string, unknown>): Record<string, unknown>;
  /** Returns the checked (and defaulted) body, or throws 400 listing every problem. */
  body(body: unknown): JsonObject | undefined;
}

function createAjv(doc: JsonObject): Ajv2020 {
  const ajv = new Ajv2020({
    strict: false, // the document carries OpenAPI keywords (example, x-…) next to JSON Schema
    allErrors: true,
    coerceTypes: false,
    removeAdditional: false,
    useDefaults: true,
  });
  addFormats(ajv);
  // x-unique-item-property (the document's own rule): in an array of objects, this property
  // must not repeat. Plain uniqueItems cannot say that.
  ajv.addKeyword({
    keyword: UNIQUE_ITEM_PROPERTY,
    type: "array",
    schemaType: "string",
    errors: true,
    validate: function unique(property: string, data: unknown[]): boolean {
      const seen = new Map<unknown, number>();
      const errors: Partial<ErrorObject>[] = [];
      data.forEach((item, index) => {
        const value = item && typeof item === "object" ? (item as JsonObject)[property] : undefined;
        if (value === undefined) return;
        const first = seen.get(value);
        if (first === undefined) seen.set(value, index);
        else errors.push({ keyword: UNIQUE_ITEM_PROPERTY, params: { property, index, first }, message: "duplicate" });
      });
      (unique as { errors?: Partial<ErrorObject>[] }).errors = errors;
      return errors.length === 0;
    },
  });
  // Only the components schemas refer to: compiling against the whole document (paths,
  // examples) costs start-up time for nothing.
  const components = (doc.components ?? {}) as JsonObject;
  ajv.addSchema({ components: { schemas: components.schemas, parameters: components.parameters } }, DOC_ID);
  return ajv;
}

/** Inline parameter schemas may point into the document: make their $refs absolute. */
function anchorRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(anchorRefs);
  if (!node || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [k, k === "$ref" && typeof v === "string" && v.startsWith("#") ? DOC_ID + v : anchorRefs(v)]),
  );
}

function paramsSchema(parameters: Parameter[]): JsonObject {
  return {
    type: "object",
    properties: Object.fromEntries(parameters.map((p) => [p.name, anchorRefs(p.schema)])),
    required: parameters.filter((p) => p.required).map((p) => p.name),
  };
}

const INTEGER = /^-?(0|[1-9]\d*)$/;
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/** Query and path values arrive as text; read them as the type the document declares. */
function fromText(value: unknown, schema: JsonObject): unknown {
  if (typeof value !== "string") return value;
  if (schema.type === "integer" && INTEGER.test(value)) return Number(value);
  if (schema.type === "number" && NUMBER.test(value)) return Number(value);
  if (schema.type === "boolean" && (value === "true" || value === "false")) return value === "true";
  return value;
}

function field(instancePath: string, child?: string): string {
  const parts = instancePath.split("/").slice(1);
  if (child !== undefined) parts.push(child);
  let out = "";
  for (const raw of parts) {
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    out += /^\d+$/.test(part) ? `[${part}]` : out ? `.${part}` : part;
  }
  return out || "body";
}

const article = (type: string): string => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

const FORMAT_NAMES: Record<string, string> = {
  uuid: "a UUID",
  uri: "a URL address",
  email: "an email",
  "date-time": "an RFC 3339 date-time",
};

function describe(e: ErrorObject, prefix: string): string {
  const p = e.params as Record<string, unknown>;
  const at = prefix + field(e.instancePath);
  switch (e.keyword) {
    case "required":
      return `${prefix}${field(e.instancePath, String(p.missingProperty))} is required`;
    case "additionalProperties":
      return `property ${prefix}${field(e.instancePath, String(p.additionalProperty))} should not exist`;
    case "type":
      return `${at} must be ${String(p.type).split(",").map(article).join(" or ")}`;
    case "minLength":
      return `${at} must be longer than or equal to ${String(p.limit)} characters`;
    case "maxLength":
      return `${at} must be shorter than or equal to ${String(p.limit)} characters`;
    case "minimum":
      return `${at} must not be less than ${String(p.limit)}`;
    case "maximum":
      return `${at} must not be greater than ${String(p.limit)}`;
    case "minItems":
      return `${at} must contain at least ${String(p.limit)} elements`;
    case "maxItems":
      return `${at} must contain no more than ${String(p.limit)} elements`;
    case "uniqueItems":
      return `${at} must not contain duplicates (elements ${String(p.j)} and ${String(p.i)} are equal)`;
    case "format":
      return `${at} must be ${FORMAT_NAMES[String(p.format)] ?? `in ${String(p.format)} format`}`;
    case "pattern":
      return `${at} must match the pattern ${String(p.pattern)}`;
    case UNIQUE_ITEM_PROPERTY:
      return `${at}[${String(p.index)}].${String(p.property)} must be unique (element ${String(p.first)} has the same)`;
    default:
      return `${at} ${e.message ?? "is invalid"}`;
  }
}

/**
 * Ajv reports a failed oneOf with the errors of every branch. The branches here differ by type
 * (one connection object, or an array of them), so the branch whose type does not fit is noise:
 * drop those type errors, keep the others, and say what types fit if nothing else is left.
 */
export function readableErrors(errors: readonly ErrorObject[], prefix = ""): string[] {
  const oneOfPaths = new Set(errors.filter((e) => e.keyword === "oneOf").map((e) => e.instancePath));
  const messages: string[] = [];
  const typeMisses = new Map<string, string[]>();
  for (const e of errors) {
    if (e.keyword === "oneOf" || e.keyword === "allOf") continue;
    if (e.keyword === "type" && oneOfPaths.has(e.instancePath)) {
      typeMisses.set(e.instancePath, [...(typeMisses.get(e.instancePath) ?? []), String((e.params as { type: string }).type)]);
      continue;
    }
    messages.push(describe(e, prefix));
  }
  for (const path of oneOfPaths) {
    const explained = errors.some((e) => e.keyword !== "oneOf" && e.keyword !== "allOf" && !(e.keyword === "type" && e.instancePath === path) && (e.instancePath === path || e.instancePath.startsWith(`${path}/`)));
    if (explained) continue;
    const types = typeMisses.get(path);
    messages.push(`${prefix}${field(path)} must be ${types ? types.map(article).join(" or ") : "exactly one of the documented shapes"}`);
  }
  return [...new Set(messages)];
}

const compiled = new WeakMap<Contract, Map<string, OperationValidator>>();

/** Validators per operationId, compiled once per contract (Ajv compilation is the slow part of start-up). */
export function compileValidators(contract: Contract): Map<string, OperationValidator> {
  const cached = compiled.get(contract);
  if (cached) return cached;
  const ajv = createAjv(contract.doc);
  const validators = new Map<string, OperationValidator>();
  for (const op of contract.operations) validators.set(op.operationId, compileOperation(ajv, op));
  compiled.set(contract, validators);
  return validators;
}

function compileOperation(ajv: Ajv2020, op: Operation): OperationValidator {
  const paramDefs = op.parameters.filter((p) => p.in === "path" || p.in === "query");
  const checkParams = ajv.compile(paramsSchema(paramDefs));
  let checkBody: ValidateFunction | undefined;
  if (op.bodySchemaRef) {
    checkBody = ajv.getSchema(DOC_ID + op.bodySchemaRef);
    if (!checkBody) throw new Error(`cannot compile ${op.bodySchemaRef}`);
  }
  return {
    params(path, query) {
      const values: Record<string, unknown> = {};
      const problems: string[] = [];
      for (const p of paramDefs) {
        const raw = p.in === "path" ? path[p.name] : query[p.name];
        if (raw === undefined) continue;
        if (Array.isArray(raw)) problems.push(`${p.name} must be given once`);
        else values[p.name] = fromText(raw, p.schema);
      }
      if (!checkParams(values)) problems.push(...readableErrors(checkParams.errors ?? []));
      if (problems.length) throw new ApiError(400, problems);
      return values;
    },
    body(body) {
      if (body === undefined) {
        if (op.bodyRequired) throw new ApiError(400, ["body is required (a JSON object)"]);
        const empty: JsonObject = {};
        checkBody?.(empty); // fills in the documented defaults
        return empty;
      }
      if (!checkBody) throw new ApiError(400, ["this operation takes no request body"]);
      if (!checkBody(body)) throw new ApiError(400, readableErrors(checkBody.errors ?? []));
      return body as JsonObject;
    },
  };
}
