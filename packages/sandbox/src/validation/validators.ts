// Layer 4: request validation. The validators are Ajv standalone code precompiled by `npm run
// generate` from the bundle (generated/sandbox-validators.mjs; schemas and Ajv options in
// schemas.ts and scripts/generators/validators-ajv.ts): strict on purpose — no type
// coercion, no removal of unknown fields, every problem found (allErrors) — and defaults the
// document declares (language, key name, limit, offset) are filled in. Nothing is compiled here.
import type { ErrorObject } from "ajv/dist/2020.js";
import { fingerprint, validators as precompiled, type StandaloneValidate } from "../../../../generated/sandbox-validators.mjs";
import type { Contract, JsonObject, Operation } from "../contract/contract.ts";
import { ApiError } from "../http/api-error.ts";
import { requestParameters, UNIQUE_ITEM_PROPERTY, validatorsFingerprint } from "./schemas.ts";

export interface OperationValidator {
  /** Returns the checked (and defaulted) parameters, or throws 400 listing the problems. */
  params(path: Record<string, unknown>, query: Record<string, unknown>): Record<string, unknown>;
  /** Returns the checked (and defaulted) body, or throws 400 listing the problems. */
  body(body: unknown): JsonObject | undefined;
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

const INDEX = /^\d+$/;
const unescaped = (part: string): string => (part.includes("~") ? part.replace(/~1/g, "/").replace(/~0/g, "~") : part);
const joined = (out: string, part: string): string => (INDEX.test(part) ? `${out}[${part}]` : out ? `${out}.${part}` : part);

// Called once per problem, and a hostile body can hold some 100,000 of them: no arrays, and no
// regular expression where there is nothing to replace.
function field(instancePath: string, child?: string): string {
  let out = "";
  if (instancePath !== "") for (const raw of instancePath.slice(1).split("/")) out = joined(out, unescaped(raw));
  if (child !== undefined) out = joined(out, unescaped(child));
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
  switch (e.keyword) {
    case "required":
      return `${prefix}${field(e.instancePath, String(p.missingProperty))} is required`;
    case "additionalProperties":
      return `property ${prefix}${field(e.instancePath, String(p.additionalProperty))} should not exist`;
  }
  const at = prefix + field(e.instancePath);
  switch (e.keyword) {
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

/** The problems of a failed check: the first ones described (distinct), and how many more were found. */
export interface Problems {
  messages: string[];
  more: number;
}

/**
 * Ajv reports a failed oneOf with the errors of every branch. The branches here differ by type
 * (one connection object, or an array of them), so the branch whose type does not fit is noise:
 * drop those type errors, keep the others, and say what types fit if nothing else is left.
 *
 * Only the first `limit` problems are described: an error body lists no more (the document's
 * `x-problems-max-items`), and a 1 MB body of unknown fields holds some 100,000 of them, whose
 * messages alone cost more than the rest of the request. The rest are counted.
 */
export function readableErrors(errors: readonly ErrorObject[], prefix = "", limit = Infinity): Problems {
  const oneOfPaths = new Set<string>();
  for (const e of errors) if (e.keyword === "oneOf") oneOfPaths.add(e.instancePath);
  const messages: string[] = [];
  const seen = new Set<string>();
  let more = 0;
  const add = (message: string): void => {
    if (seen.has(message)) return;
    seen.add(message);
    messages.push(message);
  };
  const typeMisses = new Map<string, string[]>();
  for (const e of errors) {
    if (e.keyword === "oneOf" || e.keyword === "allOf") continue;
    if (e.keyword === "type" && oneOfPaths.has(e.instancePath)) {
      typeMisses.set(e.instancePath, [...(typeMisses.get(e.instancePath) ?? []), String((e.params as { type: string }).type)]);
      continue;
    }
    if (messages.length < limit) add(describe(e, prefix));
    else more++;
  }
  for (const path of oneOfPaths) {
    const explained = errors.some((e) => e.keyword !== "oneOf" && e.keyword !== "allOf" && !(e.keyword === "type" && e.instancePath === path) && (e.instancePath === path || e.instancePath.startsWith(`${path}/`)));
    if (explained) continue;
    const types = typeMisses.get(path);
    if (messages.length < limit) add(`${prefix}${field(path)} must be ${types ? types.map(article).join(" or ") : "exactly one of the documented shapes"}`);
    else more++;
  }
  return { messages, more };
}

/** The 400 of a failed check, listing what `readableErrors` described and counting the rest. */
function problemsError(problems: Problems): ApiError {
  return new ApiError(400, problems.messages).andMore(problems.more);
}

const compiled = new WeakMap<Contract, Map<string, OperationValidator>>();

const OUT_OF_DATE = "generated validators are out of date — run npm run generate";

/**
 * Validators per operationId, from the precompiled module, once per contract. The module carries
 * the fingerprint of the schemas it was compiled from: a document that differs is refused here
 * rather than validated with stale rules.
 */
export function compileValidators(contract: Contract): Map<string, OperationValidator> {
  const cached = compiled.get(contract);
  if (cached) return cached;
  if (validatorsFingerprint(contract) !== fingerprint) {
    throw new Error(`${OUT_OF_DATE} (generated/sandbox-validators.mjs was compiled from a different document)`);
  }
  const validators = new Map<string, OperationValidator>();
  for (const op of contract.operations) {
    const found = precompiled[op.operationId];
    if (!found) throw new Error(`${OUT_OF_DATE} (no validators for ${op.operationId})`);
    validators.set(op.operationId, operationValidator(op, found.params, found.body, contract.errorBounds.maxProblems));
  }
  compiled.set(contract, validators);
  return validators;
}

/**
 * One operation's validator from its standalone functions (the controls' too: control-validators.ts).
 * `maxProblems`: how many problems a 400 describes (the document's `x-problems-max-items`).
 */
export function operationValidator(
  op: Pick<Operation, "parameters" | "bodyRequired">,
  checkParams: StandaloneValidate,
  checkBody: StandaloneValidate | undefined,
  maxProblems: number,
): OperationValidator {
  const paramDefs = requestParameters(op);
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
      if (!checkParams(values)) {
        const found = readableErrors(checkParams.errors ?? [], "", maxProblems);
        throw problemsError({ messages: problems.concat(found.messages), more: found.more });
      }
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
      if (!checkBody(body)) throw problemsError(readableErrors(checkBody.errors ?? [], "", maxProblems));
      return body as JsonObject;
    },
  };
}

/**
 * A request's parameters and body, checked together so one 400 lists their problems (the API's
 * operations and the sandbox document's alike). Returns them checked and defaulted.
 */
export function checkRequest(
  validator: OperationValidator,
  path: Record<string, unknown>,
  query: Record<string, unknown>,
  body: unknown,
): { params: Record<string, unknown>; body: JsonObject | undefined } {
  let messages: string[] = [];
  let more = 0;
  const collect = <T>(check: () => T): T | undefined => {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      messages = messages.concat(error.messages);
      more += error.more;
      return undefined;
    }
  };
  const params = collect(() => validator.params(path, query));
  const checked = collect(() => validator.body(body));
  if (messages.length || !params) throw problemsError({ messages, more });
  return { params, body: checked };
}
