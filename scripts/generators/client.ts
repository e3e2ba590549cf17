// generated/client.ts: one method per operationId, typed from schema.d.ts. The runtime (retries,
// errors, auth) lives in packages/client/src/; this file only knows the document, so a new
// operation in openapi/ becomes a new method on the next `npm run generate` with no hand-written code.
import { deref as follow, listOperations } from "../../packages/sandbox/src/contract/openapi-document.ts";

export const CLIENT_PATH = "generated/client.ts";

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

type Json = Record<string, unknown>;

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
}

interface OperationModel {
  operationId: string;
  method: string;
  path: string;
  summary?: string;
  pathParams: string[];
  query?: { required: boolean };
  body?: { required: boolean };
  success?: { status: string; json: boolean };
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Follows a local `#/...` reference inside the bundle; the generator only ever expects an object there. */
function deref(doc: Json, value: unknown): Json {
  const current = follow<unknown>(doc, value);
  if (!isObject(current)) throw new Error("expected an object in the OpenAPI document");
  return current;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function modelOperation(doc: Json, path: string, method: string, operation: Json, params: Parameter[]): OperationModel {
  const operationId = operation.operationId;
  if (typeof operationId !== "string" || !IDENTIFIER.test(operationId)) {
    throw new Error(`${method.toUpperCase()} ${path}: every operation needs an operationId that is a valid identifier`);
  }
  const where = `${operationId} (${method.toUpperCase()} ${path})`;
  for (const p of params) {
    if ((p.in === "header" || p.in === "cookie") && p.required) {
      throw new Error(`${where}: required ${p.in} parameter "${p.name}" is not supported by the client generator`);
    }
  }
  const declared = new Set(params.filter((p) => p.in === "path").map((p) => p.name));
  const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
  for (const name of pathParams) {
    if (!declared.has(name)) throw new Error(`${where}: path parameter "${name}" is not declared`);
  }
  const queryParams = params.filter((p) => p.in === "query");

  const model: OperationModel = { operationId, method, path, pathParams };
  if (typeof operation.summary === "string") model.summary = operation.summary;
  if (queryParams.length > 0) model.query = { required: queryParams.some((p) => p.required === true) };

  if (operation.requestBody !== undefined) {
    const requestBody = deref(doc, operation.requestBody);
    const content = isObject(requestBody.content) ? requestBody.content : {};
    const json = content["application/json"];
    if (!isObject(json)) throw new Error(`${where}: only application/json request bodies are supported`);
    model.body = { required: requestBody.required === true };
  }

  const responses = isObject(operation.responses) ? operation.responses : {};
  const status = Object.keys(responses)
    .filter((code) => /^2\d\d$/.test(code))
    .sort()[0];
  if (status !== undefined) {
    const response = deref(doc, responses[status]);
    const content = isObject(response.content) ? response.content : {};
    model.success = { status, json: isObject(content["application/json"]) };
  }
  return model;
}

export function modelOperations(doc: Json): OperationModel[] {
  const models = listOperations(doc).map(({ path, method, operation, parameters }) =>
    modelOperation(doc, path, method, operation, parameters as unknown as Parameter[]),
  );
  const seen = new Set<string>();
  for (const { operationId } of models) {
    if (seen.has(operationId)) throw new Error(`operationId "${operationId}" is used twice`);
    seen.add(operationId);
  }
  return models;
}

/** A path parameter's name as a TypeScript argument name (`external-id` -> `externalId`). */
function argumentName(name: string, taken: Set<string>): string {
  let id = name.replace(/[^A-Za-z0-9_$]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ""));
  if (!IDENTIFIER.test(id)) id = `_${id}`;
  while (taken.has(id)) id = `${id}_`;
  taken.add(id);
  return id;
}

function pascal(operationId: string): string {
  return operationId.charAt(0).toUpperCase() + operationId.slice(1);
}

/** Named types per operation (`CreateOrgBody`, `ListOrgsQuery`, `CreateOrgResult`), exported for callers. */
function renderTypes(op: OperationModel): string {
  const o = `operations[${JSON.stringify(op.operationId)}]`;
  const name = pascal(op.operationId);
  const lines: string[] = [];
  if (op.body) {
    lines.push(`export type ${name}Body = NonNullable<${o}["requestBody"]>["content"]["application/json"];`);
  }
  if (op.query) lines.push(`export type ${name}Query = NonNullable<${o}["parameters"]["query"]>;`);
  const result =
    op.success === undefined || !op.success.json
      ? "void"
      : `${o}["responses"][${op.success.status}]["content"]["application/json"]`;
  lines.push(`export type ${name}Result = ${result};`);
  return lines.join("\n");
}

function renderMethod(op: OperationModel): { signature: string; implementation: string } {
  const name = pascal(op.operationId);
  const taken = new Set(["options", "body", "query"]);
  const args: string[] = [];
  const pathEntries: string[] = [];
  for (const param of op.pathParams) {
    const arg = argumentName(param, taken);
    args.push(`${arg}: operations[${JSON.stringify(op.operationId)}]["parameters"]["path"][${JSON.stringify(param)}]`);
    pathEntries.push(`${JSON.stringify(param)}: ${arg}`);
  }
  const input: string[] = [];
  if (pathEntries.length > 0) input.push(`path: { ${pathEntries.join(", ")} }`);
  if (op.body) {
    args.push(`body${op.body.required ? "" : "?"}: ${name}Body`);
    input.push("body");
  }
  if (op.query) {
    args.push(`query${op.query.required ? "" : "?"}: ${name}Query`);
    input.push("query");
  }
  args.push("options?: O");
  const doc = op.summary ? `  /** ${op.summary.replace(/\*\//g, "*\\/")} (\`${op.method.toUpperCase()} ${op.path}\`) */\n` : "";
  const signature = `${doc}  ${op.operationId}(${args.join(", ")}): Promise<${name}Result>;`;
  const params = [...args.map((a) => a.replace(/\??: .*$/, "")).slice(0, -1), "options"];
  const implementation =
    `    ${op.operationId}: (${params.join(", ")}) =>\n` +
    `      send(${JSON.stringify(op.operationId)}, { ${input.join(", ")} }, options) as Promise<${name}Result>,`;
  return { signature, implementation };
}

function renderOperationTable(ops: OperationModel[], table: string): string {
  const rows = ops.map(
    (op) => `  ${op.operationId}: { method: ${JSON.stringify(op.method.toUpperCase())}, path: ${JSON.stringify(op.path)} },`,
  );
  return `export const ${table} = {\n${rows.join("\n")}\n} as const;`;
}

/** The names one generated-operations module exports (the Partner API's, or the sandbox's). */
interface ModuleNames {
  table: string;
  id: string;
  send: string;
  methods: string;
  bind: string;
}

const PARTNER_NAMES: ModuleNames = { table: "OPERATIONS", id: "OperationId", send: "Send", methods: "OperationMethods", bind: "bindOperations" };

/** The operation table, per-operation types, the methods' interface and their binding to a `send`. */
function renderOperations(ops: OperationModel[], n: ModuleNames): string {
  const methods = ops.map(renderMethod);
  return `/** Method and path template of every operation, by operationId. */
${renderOperationTable(ops, n.table)}

export type ${n.id} = keyof typeof ${n.table};

${ops.map(renderTypes).join("\n")}
${n === PARTNER_NAMES ? OPERATION_INPUT : ""}
export type ${n.send}<O> = (operationId: ${n.id}, input: OperationInput, options: O | undefined) => Promise<unknown>;

/** The operation methods; \`O\` is the runtime's per-call options type. */
export interface ${n.methods}<O> {
${methods.map((m) => m.signature).join("\n")}
}

export function ${n.bind}<O>(send: ${n.send}<O>): ${n.methods}<O> {
  return {
${methods.map((m) => m.implementation).join("\n")}
  };
}
`;
}

const OPERATION_INPUT = `
/** What a method hands to the runtime: path parameters, query and body, as the document names them. */
export interface OperationInput {
  path?: Record<string, string | number>;
  query?: object;
  body?: unknown;
}
`;

interface RateLimit {
  name: string;
  limit: number;
  window_seconds: number;
  operationId?: string;
}

function rateLimits(doc: Json, ops: OperationModel[]): RateLimit[] {
  const limits: RateLimit[] = [];
  const read = (value: unknown, operationId?: string) => {
    if (!isObject(value)) return;
    const { name, limit, window_seconds } = value;
    if (typeof name !== "string" || typeof limit !== "number" || typeof window_seconds !== "number") {
      throw new Error(`x-rate-limit${operationId ? ` on ${operationId}` : ""} needs name, limit and window_seconds`);
    }
    limits.push({ name, limit, window_seconds, ...(operationId ? { operationId } : {}) });
  };
  read(doc["x-rate-limit"]);
  const byId = new Map(listOperations(doc).map((o) => [o.operationId, o.operation]));
  for (const op of ops) read(byId.get(op.operationId)?.["x-rate-limit"], op.operationId);
  return limits;
}

/** The response-header name under which a header component is used, e.g. RequestId -> X-Request-Id. */
function headerName(doc: Json, component: string): string {
  const target = `#/components/headers/${component}`;
  const responses = isObject(doc.components) && isObject(doc.components.responses) ? doc.components.responses : {};
  for (const response of Object.values(responses)) {
    const headers = isObject(response) && isObject(response.headers) ? response.headers : {};
    for (const [name, header] of Object.entries(headers)) {
      if (isObject(header) && header.$ref === target) return name;
    }
  }
  throw new Error(`no response uses the header component ${component}`);
}

/** Statuses whose declared response says `x-retryable: true` (any operation), sorted. */
function retryableStatuses(doc: Json): number[] {
  const statuses = new Set<number>();
  for (const { operation } of listOperations(doc)) {
    const responses = isObject(operation.responses) ? operation.responses : {};
    for (const [status, response] of Object.entries(responses)) {
      if (deref(doc, response)["x-retryable"] === true) statuses.add(Number(status));
    }
  }
  if (statuses.size === 0) throw new Error("no response is marked x-retryable: the client would never retry");
  return [...statuses].sort((a, b) => a - b);
}

function defaultBaseUrl(doc: Json): string {
  const first = asArray(doc.servers)[0];
  if (!isObject(first) || typeof first.url !== "string") throw new Error("the document needs a first server (production)");
  return first.url;
}

const PRELUDE = `// Generated by \`npm run generate\` from openapi/ (scripts/generators/client.ts). Do not edit.
// One method per operationId. The runtime behind \`send\` (auth, retries, errors) is in packages/client/src/.
import type { operations } from "./schema.d.ts";
`;

export function client(bundleJson: string): string {
  const doc = JSON.parse(bundleJson) as Json;
  const ops = modelOperations(doc);
  const facts = {
    defaultBaseUrl: defaultBaseUrl(doc),
    requestIdHeader: headerName(doc, "RequestId"),
    retryAfterHeader: headerName(doc, "RetryAfter"),
    rateLimits: rateLimits(doc, ops),
    retryable: retryableStatuses(doc),
  };
  return `${PRELUDE}
/** The first server of the document: production. */
export const DEFAULT_BASE_URL = ${JSON.stringify(facts.defaultBaseUrl)};
/** The response header carrying the request id (components/headers/RequestId). */
export const REQUEST_ID_HEADER = ${JSON.stringify(facts.requestIdHeader)};
/** The response header telling how long to wait after a 429 (components/headers/RetryAfter). */
export const RETRY_AFTER_HEADER = ${JSON.stringify(facts.retryAfterHeader)};
/** Statuses the document marks \`x-retryable: true\`: the only ones the client repeats. */
export const RETRYABLE_STATUSES: readonly number[] = ${JSON.stringify(facts.retryable)};
/** The document's \`x-rate-limit\` budgets: the root one, then per operation. */
export const RATE_LIMITS = ${JSON.stringify(facts.rateLimits, null, 2)} as const;

${renderOperations(ops, PARTNER_NAMES)}`;
}

export const SANDBOX_CLIENT_PATH = "generated/sandbox-client.ts";

/**
 * The sandbox document's JSON operations (journal, overview, controls, health) in the same
 * pattern, for the client's `sandbox` methods; its text/HTML operations (metrics, the page) are
 * for Prometheus and browsers, not the client.
 */
export function sandboxClient(bundleJson: string): string {
  const doc = JSON.parse(bundleJson) as Json;
  const ops = modelOperations(doc).filter((op) => op.success?.json);
  return `// Generated by \`npm run generate\` from openapi/sandbox/ (scripts/generators/client.ts). Do not edit.
// The sandbox's own operations, bound like the Partner API's (client.sandbox.*).
import type { operations } from "./sandbox-schema.d.ts";
import type { OperationInput } from "./client.ts";

${renderOperations(ops, { table: "SANDBOX_OPERATIONS", id: "SandboxOperationId", send: "SandboxSend", methods: "SandboxOperationMethods", bind: "bindSandboxOperations" })}`;
}
