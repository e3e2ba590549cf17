// The validation proxy behind `npm run proxy`: a thin node:http front that forwards every request
// to the upstream as it came (valid or not) and passes every answer back as it came, and reports
// what breaks the document on both sides — one line per problem on the log, and an
// `X-Contract-Violations: <count>` header on the answer. Hand-written rather than Prism's proxy:
// with `--errors` Prism answers invalid requests itself (an undocumented 422) instead of
// forwarding them, and it crashed on a broken percent-encoding.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { request as httpsRequest } from "node:https";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import type { AddressInfo } from "node:net";
import { OpenApiResponses } from "../../tests/helpers/openapi-responses.ts";
import { RequestChecker } from "./request-problems.ts";

export const VIOLATIONS_HEADER = "x-contract-violations";

// Hop-by-hop fields (RFC 9110 §7.6.1); everything else is forwarded as it came.
// Content-Length is recomputed; Host is the upstream's.
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "host", "content-length", "expect"]);
const UPSTREAM_TIMEOUT_MS = 60_000;

export interface ProxyOptions {
  upstream: string;
  port: number;
  /** Where report lines go (stdout in the CLI). */
  log(line: string): void;
}

export interface RunningProxy {
  url: string;
  close(): Promise<void>;
}

const readBody = async (stream: AsyncIterable<unknown>): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

/** Raw header pairs without the hop-by-hop ones; names and order as they came. */
function endToEnd(raw: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) if (!HOP_BY_HOP.has(raw[i]!.toLowerCase())) out.push(raw[i]!, raw[i + 1]!);
  return out;
}

interface UpstreamAnswer {
  status: number;
  rawHeaders: string[];
  headers: Headers;
  body: Buffer;
}

/** One request to the upstream with node:http, so nothing is added (fetch would add Accept, User-Agent, …). */
function forward(upstream: URL, method: string, url: string, rawHeaders: string[], body: Buffer): Promise<UpstreamAnswer> {
  const send = upstream.protocol === "https:" ? httpsRequest : httpRequest;
  const headers = [...endToEnd(rawHeaders), "Host", upstream.host, ...(body.length > 0 ? ["Content-Length", String(body.length)] : [])];
  return new Promise((resolve, reject) => {
    const req = send(
      { protocol: upstream.protocol, hostname: upstream.hostname, port: upstream.port, method, path: `${upstream.pathname.replace(/\/+$/, "")}${url}`, headers, timeout: UPSTREAM_TIMEOUT_MS },
      (res) => {
        readBody(res).then((answer) => {
          const parsed = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            for (const v of [value ?? []].flat()) {
              try {
                parsed.append(name, v);
              } catch {
                // A value Headers refuses is still passed through raw; it just is not validated.
              }
            }
          }
          resolve({ status: res.statusCode ?? 502, rawHeaders: res.rawHeaders, headers: parsed, body: answer });
        }, reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${UPSTREAM_TIMEOUT_MS} ms`)));
    req.on("error", reject);
    req.end(body.length > 0 ? body : undefined);
  });
}

/** The answer's body as text for validation (decompressed when the upstream compressed it). */
function bodyText(answer: UpstreamAnswer): string {
  const encoding = answer.headers.get("content-encoding")?.trim().toLowerCase();
  try {
    if (encoding === "gzip") return gunzipSync(answer.body).toString("utf8");
    if (encoding === "br") return brotliDecompressSync(answer.body).toString("utf8");
    if (encoding === "deflate") return inflateSync(answer.body).toString("utf8");
  } catch {
    return "";
  }
  return answer.body.toString("utf8");
}

function answerError(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) return void res.destroy();
  const body = JSON.stringify({ statusCode: status, message, error: status === 502 ? "Bad Gateway" : "Bad Request" });
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

export async function startValidatingProxy(options: ProxyOptions): Promise<RunningProxy> {
  const upstream = new URL(options.upstream);
  const responses = new OpenApiResponses();
  const checker = new RequestChecker(responses);
  let exchanges = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const id = ++exchanges;
    const method = req.method ?? "GET";
    const url = req.url ?? "/";
    const body = await readBody(req);
    const { operationId, problems } = checker.check({ method, url, headers: req.headers, body });
    let answer: UpstreamAnswer;
    try {
      answer = await forward(upstream, method, url.startsWith("/") ? url : `/${url}`, req.rawHeaders, body);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      for (const p of problems) options.log(`VIOLATION #${id} ${operationId ?? "-"} ${method} ${url.slice(0, 200)} ${p}`);
      options.log(`UPSTREAM #${id} ${method} ${url.slice(0, 200)} not forwarded: ${reason}`);
      return answerError(res, 502, `validation proxy: the upstream did not answer (${reason})`);
    }
    const responseProblems: string[] = [];
    if (operationId !== undefined && method !== "HEAD") {
      const text = bodyText(answer);
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        responseProblems.push(`response ${answer.status}: body is not JSON`);
      }
      for (const p of responses.problems(operationId, { status: answer.status, headers: answer.headers, body: json })) responseProblems.push(`response ${answer.status}: ${p}`);
    }
    const all = [...problems, ...responseProblems];
    for (const p of all) options.log(`VIOLATION #${id} ${operationId ?? "-"} ${method} ${url.slice(0, 200)} ${p}`);
    const headers = endToEnd(answer.rawHeaders);
    // The body is passed back as the upstream sent it (compressed or not), so its length is known.
    headers.push("Content-Length", String(answer.body.length));
    if (all.length > 0) headers.push(VIOLATIONS_HEADER, String(all.length));
    res.writeHead(answer.status, headers);
    res.end(method === "HEAD" ? undefined : answer.body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.log(`ERROR ${req.method} ${String(req.url).slice(0, 200)}: ${String(error)}`);
      answerError(res, 502, "validation proxy: the exchange failed");
    });
  });
  // Requests Node cannot parse (a bad method, an overlong request line or headers): answered on
  // the socket, never a crash.
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    if (socket.writable && error.code !== "ECONNRESET") {
      const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
      socket.end(`HTTP/1.1 ${status} ${status === 431 ? "Request Header Fields Too Large" : "Bad Request"}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    }
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
