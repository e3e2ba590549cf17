// A thin front for Prism 5.14.2, which cannot be fixed from outside: it exits on a path with
// broken percent-encoding (every later request is refused) and answers malformed JSON with its
// own, undocumented body. The guard answers those two cases itself, with the document's
// ErrorResponse (and its named example where there is one). Prism's 400 for an invalid request
// is the document's fixed example whatever was wrong; the guard replaces that body with the
// real violations (Prism's `sl-violations` header) in the ErrorResponse shape. Everything else
// is piped through unchanged. Hand-written because no proxy library knows the document's error shapes.
import { STATUS_CODES, createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { deref, listOperations, pathPattern } from "../packages/sandbox/src/contract/openapi-document.ts";

type Node = { $ref?: string; [key: string]: unknown };

interface Route {
  pattern: RegExp;
  responses: Record<string, Node>;
}

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\b/i;

function routes(doc: Node): Map<string, Route[]> {
  const byMethod = new Map<string, Route[]>();
  for (const { path, method, operation } of listOperations(doc)) {
    if (!operation.responses) continue;
    const list = byMethod.get(method.toUpperCase()) ?? [];
    list.push({ pattern: pathPattern(path), responses: operation.responses as Record<string, Node> });
    byMethod.set(method.toUpperCase(), list);
  }
  return byMethod;
}

/** The operation's named example for a status (`preferred` if it has one), else a plain ErrorResponse. */
function errorBody(doc: Node, route: Route | undefined, status: number, preferred: string, message: string): unknown {
  const response = route?.responses[String(status)];
  const examples = response && (deref<Node>(doc, response).content as Record<string, Node>)?.["application/json"]?.examples;
  if (examples && typeof examples === "object") {
    const named = (examples as Record<string, Node>)[preferred] ?? Object.values(examples as Record<string, Node>)[0];
    if (named) return deref<Node>(doc, named).value;
  }
  return { statusCode: status, message, error: STATUS_CODES[status] };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

interface Violation {
  location?: unknown[];
  severity?: string;
  message?: string;
}

/** The request violations Prism found (severity Error), or undefined if it names none. */
export function requestViolations(header: string | string[] | undefined): string[] | undefined {
  if (typeof header !== "string") return undefined;
  let list: unknown;
  try {
    list = JSON.parse(header);
  } catch {
    return undefined;
  }
  if (!Array.isArray(list)) return undefined;
  const messages = (list as Violation[])
    .filter((v) => v && v.severity === "Error" && Array.isArray(v.location) && v.location[0] === "request" && typeof v.message === "string")
    .map((v) => v.message!);
  return messages.length ? [...new Set(messages)] : undefined;
}

/** Prism's headers without the body's own (length, type): the body is replaced. */
function headersWithoutBody(raw: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    if (!/^(content-length|content-type|transfer-encoding)$/i.test(raw[i]!)) out.push(raw[i]!, raw[i + 1]!);
  }
  return out;
}

function decodes(pathname: string): boolean {
  try {
    pathname.split("/").forEach((segment) => decodeURIComponent(segment));
    return true;
  } catch {
    return false;
  }
}

export function createPrismGuard(doc: Node, upstream: { host: string; port: number }): Server {
  const table = routes(doc);
  const maxBytes = doc["x-request-body-max-bytes"] as number;
  if (!Number.isInteger(maxBytes)) throw new Error("the document lacks x-request-body-max-bytes");

  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const rawPath = (req.url ?? "/").split("?")[0]!;
    const route = table.get(req.method ?? "GET")?.find((r) => r.pattern.test(rawPath));

    // The documented order of checks puts 401 before 400.
    const refuse = (status: 400 | 413, preferred: string, message: string) =>
      req.headers.authorization
        ? send(res, status, errorBody(doc, route, status, preferred, message))
        : send(res, 401, errorBody(doc, route, 401, "MissingApiKey", "Missing partner API key"));

    if (!decodes(rawPath)) {
      req.resume();
      return refuse(400, "InvalidPath", "The request path is not valid percent-encoding");
    }

    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        if (!refused) refuse(413, "PayloadTooLarge", `Request body is larger than ${maxBytes} bytes`);
        refused = true;
        return;
      }
      chunks.push(chunk);
    });
    req.on("error", () => res.destroy());
    req.on("end", () => {
      if (refused) return;
      const body = Buffer.concat(chunks);
      if (body.length > 0 && JSON_TYPE.test(req.headers["content-type"] ?? "")) {
        try {
          JSON.parse(body.toString("utf8"));
        } catch {
          return refuse(400, "MalformedJson", "The request body is not valid JSON");
        }
      }
      const forward = request(
        { ...upstream, method: req.method, path: req.url, headers: { ...req.headers, host: `${upstream.host}:${upstream.port}` } },
        (answer) => {
          const violations = answer.statusCode === 400 ? requestViolations(answer.headers["sl-violations"]) : undefined;
          if (violations) {
            answer.resume();
            const text = JSON.stringify({ statusCode: 400, message: violations, error: STATUS_CODES[400] });
            res.writeHead(400, [...headersWithoutBody(answer.rawHeaders), "Content-Type", "application/json", "Content-Length", String(Buffer.byteLength(text))]);
            return void res.end(text);
          }
          res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
          answer.pipe(res);
        },
      );
      forward.on("error", () => {
        if (!res.headersSent) send(res, 502, { statusCode: 502, message: "The Prism mock did not answer", error: "Bad Gateway" });
        else res.destroy();
      });
      forward.end(body);
    });
  });
}
