// What a request breaks in the document, before it is forwarded: which operation it is, the
// bearer key the document requires, path and query parameters, Content-Type and body (its size
// and nesting limits too) — checked with the same Ajv setup as the contract suite's response
// validator (tests/helpers), from the bundle. Pure and total: any input, including undecodable percent-encoding, gives a list.
import { nestsDeeperThan } from "../../packages/sandbox/src/http/json-depth.ts";
import { deref, listOperations } from "../../packages/sandbox/src/contract/openapi-document.ts";
import type { OpenApiResponses } from "../../tests/helpers/openapi-responses.ts";

type Json = Record<string, unknown>;

export interface IncomingRequest {
  method: string;
  /** Path and query as received, never decoded beforehand. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

interface Route {
  operationId: string;
  method: string;
  segments: string[];
  parameters: Json[];
  operation: Json;
}

export interface RequestCheck {
  /** The operation the request is for, if it is one of the document's. */
  operationId?: string;
  problems: string[];
}

const INTEGER = /^-?(0|[1-9]\d*)$/;
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/** Query and path values arrive as text; read them as the type the document declares. */
function fromText(value: string, schema: Json): unknown {
  if (schema.type === "integer" && INTEGER.test(value)) return Number(value);
  if (schema.type === "number" && NUMBER.test(value)) return Number(value);
  if (schema.type === "boolean" && (value === "true" || value === "false")) return value === "true";
  return value;
}

// decodeURIComponent throws URIError on a broken escape (`%E0%A4%A`): a problem, never a crash.
function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

export class RequestChecker {
  private readonly routes: Route[];
  private readonly responses: OpenApiResponses;

  constructor(responses: OpenApiResponses) {
    this.responses = responses;
    const doc = responses.doc;
    const rootSecurity = doc.security;
    this.routes = listOperations(doc)
      .filter((o) => typeof o.operationId === "string")
      .map((o) => ({
        operationId: o.operationId!,
        method: o.method.toUpperCase(),
        segments: o.path.split("/"),
        parameters: o.parameters as Json[],
        operation: { security: rootSecurity, ...(o.operation as Json) },
      }));
  }

  check(req: IncomingRequest): RequestCheck {
    const queryAt = req.url.indexOf("?");
    const rawPath = queryAt < 0 ? req.url : req.url.slice(0, queryAt);
    const segments = rawPath.split("/");
    const route = this.routes.find((r) => r.method === req.method && r.segments.length === segments.length && r.segments.every((s, i) => s.startsWith("{") || s === segments[i]));
    if (!route) {
      const samePath = this.routes.some((r) => r.segments.length === segments.length && r.segments.every((s, i) => s.startsWith("{") || s === segments[i]));
      const where = `${req.method} ${rawPath.slice(0, 200)}`;
      return { problems: [samePath ? `request: ${where}: the document has no ${req.method} for this path` : `request: ${where} is not an operation of the document`] };
    }
    const problems: string[] = [];
    const add = (p: string) => problems.push(`request: ${p}`);
    if (((route.operation.security as unknown[] | undefined) ?? []).length > 0) {
      const auth = req.headers.authorization;
      if (typeof auth !== "string" || !/^Bearer \S+$/i.test(auth.trim())) add("no bearer token in Authorization (the document requires the partner key)");
    }

    const path: Record<string, string | undefined> = {};
    route.segments.forEach((s, i) => {
      if (s.startsWith("{")) path[s.slice(1, -1)] = decode(segments[i]!);
    });
    const query = new URLSearchParams(queryAt < 0 ? "" : req.url.slice(queryAt + 1).replace(/%(?![0-9a-f]{2})/gi, "%25"));
    for (const raw of route.parameters) {
      const p = this.responses.deref<Json>(raw);
      const name = String(p.name);
      const schema = deref<Json>(this.responses.doc, p.schema);
      let value: string | null | undefined;
      if (p.in === "path") {
        value = path[name];
        if (value === undefined) {
          add(`path parameter ${name} is not valid percent-encoding`);
          continue;
        }
      } else if (p.in === "query") value = query.get(name);
      else continue;
      if (value === null) {
        if (p.required === true) add(`query parameter ${name} is required`);
        continue;
      }
      const validate = this.responses.schema(p.schema as Json);
      if (!validate(fromText(value, schema))) add(`${p.in} parameter ${name}=${JSON.stringify(value.slice(0, 100))}: ${validate.errors!.map((e) => `${e.instancePath} ${e.message}`.trim()).join(", ")}`);
    }

    const requestBody = route.operation.requestBody === undefined ? undefined : this.responses.deref<Json>(route.operation.requestBody);
    if (req.body.length === 0) {
      if (requestBody?.required === true) add("the required body is missing");
      return { operationId: route.operationId, problems };
    }
    if (!requestBody) {
      add("a body where the document declares none");
      return { operationId: route.operationId, problems };
    }
    const limit = this.responses.doc["x-request-body-max-bytes"];
    if (typeof limit === "number" && req.body.length > limit) add(`body of ${req.body.length} bytes, over the documented ${limit}`);
    const type = String(req.headers["content-type"] ?? "");
    const media = (requestBody.content as Json)["application/json"] as Json | undefined;
    if (!/^application\/json\s*(;|$)/i.test(type)) add(`Content-Type ${JSON.stringify(type)}, documented application/json`);
    // Refused before it is parsed, as the sandbox does: nothing deeper is worth walking.
    const maxDepth = this.responses.doc["x-request-body-max-depth"];
    if (typeof maxDepth === "number" && nestsDeeperThan(req.body, maxDepth)) {
      add(`body nests arrays and objects more than ${maxDepth} levels deep (x-request-body-max-depth)`);
      return { operationId: route.operationId, problems };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(req.body.toString("utf8"));
    } catch (error) {
      add(`body is not JSON (${(error as Error).message})`);
      return { operationId: route.operationId, problems };
    }
    if (media?.schema) {
      const validate = this.responses.schema(media.schema as Json);
      if (!validate(parsed)) for (const e of validate.errors!) add(`body${e.instancePath} ${e.message}`);
    }
    return { operationId: route.operationId, problems };
  }
}
