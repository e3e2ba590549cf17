// Walking a bundled OpenAPI document: local JSON pointers, `$ref` chains and the list of
// operations. Generic on purpose (no Partner-API facts): the generators, the Prism guard, the
// sandbox and the tests all read generated/openapi.json through this one walker.

export type JsonObject = Record<string, unknown>;

/** The HTTP methods a path item may hold, in the order OpenAPI lists them. */
export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** One reference token of a JSON pointer (RFC 6901): `~` -> `~0`, `/` -> `~1`. */
export function escapePointer(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

// ~1 before ~0, so that `~01` decodes to `~1` and not to `/`.
const unescapeToken = (token: string) => token.replace(/~1/g, "/").replace(/~0/g, "~");

/** The node at a local reference (`#/components/schemas/Org`); throws for anything else. */
export function resolvePointer(doc: unknown, ref: string): unknown {
  if (ref === "#") return doc;
  if (!ref.startsWith("#/")) throw new Error(`only local $refs are supported: ${ref}`);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split("/")) {
    const key = unescapeToken(raw);
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, key)) throw new Error(`unresolvable $ref ${ref}`);
    node = (node as JsonObject)[key];
  }
  return node;
}

const refOf = (node: unknown): string | undefined =>
  node !== null && typeof node === "object" && typeof (node as JsonObject).$ref === "string"
    ? ((node as JsonObject).$ref as string)
    : undefined;

/**
 * Follows a `$ref` chain to its target and returns it with its pointer (`pointer` is where `node`
 * itself sits, returned unchanged when it is not a reference). Anything that is not a reference,
 * `undefined` included, is returned as it is.
 */
export function followRef<T = JsonObject>(doc: unknown, node: unknown, pointer = ""): { node: T; pointer: string } {
  let current = node;
  let where = pointer;
  const seen = new Set<string>();
  for (let ref = refOf(current); ref !== undefined; ref = refOf(current)) {
    // A chain that comes back to a reference it passed never ends.
    if (seen.has(ref)) throw new Error(`$ref loop: ${[...seen, ref].join(" -> ")}`);
    seen.add(ref);
    current = resolvePointer(doc, ref);
    where = ref;
  }
  return { node: current as T, pointer: where };
}

/** The target of a `$ref` chain (or `node` itself when it is not a reference). */
export function deref<T = JsonObject>(doc: unknown, node: unknown): T {
  return followRef<T>(doc, node).node;
}

export interface DocumentOperation {
  /** Absent only in a document that breaks the convention; callers decide whether that is an error. */
  operationId: string | undefined;
  /** Lower case, as the path item spells it. */
  method: HttpMethod;
  /** The path template, e.g. `/partner/v1/orgs/{orgId}/api-keys`. */
  path: string;
  /** JSON pointer of the operation object, e.g. `#/paths/~1partner~1v1~1orgs/post`. */
  pointer: string;
  /** The path item the operation belongs to (its `$ref` followed). */
  pathItem: JsonObject;
  operation: JsonObject;
  /** Path-level then operation-level parameters, dereferenced; an operation-level one replaces a path-level one of the same `name` and `in`, in its place. */
  parameters: JsonObject[];
}

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

/** Every operation of the document: paths in document order, methods in HTTP_METHODS order. */
export function listOperations(doc: unknown): DocumentOperation[] {
  const paths = isObject(doc) && isObject(doc.paths) ? doc.paths : {};
  const result: DocumentOperation[] = [];
  for (const [path, rawItem] of Object.entries(paths)) {
    const { node: pathItem, pointer: itemPointer } = followRef<JsonObject>(doc, rawItem, `#/paths/${escapePointer(path)}`);
    if (!isObject(pathItem)) continue;
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!isObject(operation)) continue;
      const byKey = new Map<string, JsonObject>();
      for (const raw of [...asArray(pathItem.parameters), ...asArray(operation.parameters)]) {
        const param = deref<JsonObject>(doc, raw);
        byKey.set(`${String(param.in)}:${String(param.name)}`, param);
      }
      result.push({
        operationId: typeof operation.operationId === "string" ? operation.operationId : undefined,
        method,
        path,
        pointer: `${itemPointer}/${method}`,
        pathItem,
        operation,
        parameters: [...byKey.values()],
      });
    }
  }
  return result;
}

/**
 * Host and port of the server marked `x-local-target: <target>` (the local mock or sandbox), so
 * their default addresses are read from the document rather than restated.
 */
export function localServer(doc: unknown, target: string): { host: string; port: number } {
  const servers = ((doc as { servers?: unknown[] }).servers ?? []) as { url?: string; "x-local-target"?: string }[];
  const server = servers.find((s) => s["x-local-target"] === target);
  if (!server?.url) throw new Error(`the document has no server with x-local-target: ${target}`);
  const url = new URL(server.url);
  return { host: url.hostname, port: Number(url.port) };
}

/** A RegExp for the concrete paths of a path template: each `{param}` is one non-empty segment. */
export function pathPattern(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+");
  return new RegExp(`^${escaped}$`);
}

/** A path template as a Fastify route URL: each `{param}` becomes `:param`. */
export function routePath(template: string): string {
  return template.replace(/\{([^}]+)\}/g, ":$1");
}
