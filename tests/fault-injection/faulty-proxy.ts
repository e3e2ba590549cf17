// A reverse proxy between the contract suite and a server that breaks one documented rule on
// purpose: each fault rewrites some answers (or requests) of one operation, the way an
// independently written faulty server would answer. Used to prove the suite fails, naming that
// operation, whenever a server drifts from the document. Started once; the fault is switched per
// run (setFault), so the proof does not pay for a server start per fault.
import { Agent, createServer, request, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { pathPattern } from "../../packages/sandbox/src/contract/openapi-document.ts";
import { operations } from "../contract/lib/document.ts";

export interface ProxiedExchange {
  method: string;
  /** Path and query as the client sent them; a request hook may rewrite it before forwarding. */
  url: string;
  /** The documented operation the request is for, if any (the login page is not one). */
  operationId?: string;
  requestHeaders: Record<string, string>;
  requestBody: string;
  /** Per-request scratch space a fault may use between its hooks; `upstream` is the server's URL. */
  note: Record<string, unknown>;
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type ProxiedRequest = Pick<ProxiedExchange, "method" | "url" | "operationId" | "requestHeaders" | "requestBody" | "note">;

export interface Fault {
  name: string;
  /** The operation the suite must name when it catches this fault. */
  operationId: string;
  /** Only observable on a sandbox with per-partner controls (the sandbox document); see the proof's known gaps. */
  needsPerPartnerControls?: boolean;
  /** May change (or hold) the request before it is forwarded. */
  request?(req: ProxiedRequest): void | Promise<void>;
  /** May change the answer before it reaches the suite (and may wait, e.g. for racing requests). */
  response?(exchange: ProxiedExchange): void | Promise<void>;
}

const routes = operations.map((op) => ({
  operationId: op.operationId,
  method: op.method,
  pattern: pathPattern(op.path),
}));

export const operationOf = (method: string, url: string) =>
  routes.find((r) => r.method === method && r.pattern.test(url.split("?")[0]!))?.operationId;

const HOP_BY_HOP = new Set(["host", "connection", "content-length", "transfer-encoding", "keep-alive", "content-encoding"]);

const readBody = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
};

export interface FaultyProxy {
  url: string;
  /** The fault for the requests from now on; undefined: a transparent proxy. */
  setFault(fault: Fault | undefined): void;
  close(): Promise<void>;
}

/** One upstream exchange over node:http: a fraction of fetch's CPU per request, and the proof sends thousands. */
function forward(upstream: URL, agent: Agent, method: string, path: string, headers: Record<string, string>, body: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request({ host: upstream.hostname, port: upstream.port, method, path, headers, agent }, resolve);
    req.on("error", reject);
    // No body stays no body (no Content-Length: 0 on a GET).
    req.end(method === "GET" || method === "HEAD" || body === "" ? undefined : body);
  });
}

export async function startFaultyProxy(upstream: string, initial?: Fault): Promise<FaultyProxy> {
  let fault = initial;
  const upstreamUrl = new URL(upstream);
  const agent = new Agent({ keepAlive: true });
  const server = createServer(async (req, res) => {
    const current = fault;
    try {
      const method = req.method ?? "GET";
      const url = req.url ?? "/";
      const requestHeaders: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) requestHeaders[k] = Array.isArray(v) ? v.join(", ") : v;
      const incoming: ProxiedRequest = { method, url, operationId: operationOf(method, url), requestHeaders, requestBody: await readBody(req), note: { upstream } };
      await current?.request?.(incoming);
      const answer = await forward(upstreamUrl, agent, method, incoming.url, incoming.requestHeaders, incoming.requestBody);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(answer.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
      // The suite sees the URL it sent, whatever a request hook forwarded.
      const exchange: ProxiedExchange = { ...incoming, url, status: answer.statusCode ?? 502, headers, body: await readBody(answer) };
      await current?.response?.(exchange);
      res.writeHead(exchange.status, exchange.headers);
      res.end(method === "HEAD" ? undefined : exchange.body);
    } catch (error) {
      res.writeHead(502, { "content-type": "text/plain" });
      res.end(`faulty proxy: ${String(error)}`);
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setFault: (next) => {
      fault = next;
    },
    close: () => new Promise<void>((r) => {
      agent.destroy();
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

// Helpers for writing faults (faults.ts, journey-faults.ts): here, beside the types they work on,
// so a module of faults loads only the proxy.
/** The answer's body as a JSON object. */
export const json = (e: ProxiedExchange) => JSON.parse(e.body) as Record<string, unknown>;
/** Replaces the answer with this status and JSON body. */
export const setJson = (e: ProxiedExchange, status: number, body: unknown) => {
  e.status = status;
  e.headers["content-type"] = "application/json";
  e.body = JSON.stringify(body);
};
/** Whether the exchange is `operationId` answering `status`. */
export const on = (operationId: string, status: number, e: ProxiedExchange) => e.operationId === operationId && e.status === status;
