// Busy keep-alive connections for the drain tests: each socket sends a request, reads the whole
// answer, and sends the next one at once (or after `pauseMs`), until the server closes it. Raw
// sockets rather than an http.Agent, so the test sees exactly what happened to the request each
// connection had outstanding when the server shut down: an answer (and then `Connection: close`),
// or a reset / a close without an answer — for a POST, the case where the client cannot tell
// whether it took effect.
import { connect, type Socket } from "node:net";

export type ConnectionEnd =
  /** The server answered with `Connection: close` and closed: nothing was lost. */
  | "answered-and-closed"
  /** ECONNRESET (or EPIPE) with a request outstanding. */
  | "reset"
  /** The server closed (FIN) with a request outstanding and no answer to it. */
  | "closed-unanswered"
  /** The server closed between answers, with no `Connection: close` and nothing outstanding. */
  | "closed-idle";

export interface ConnectionReport {
  end: ConnectionEnd;
  answers: number;
  statuses: number[];
  /** Answers with a status of 500 or more. */
  serverErrors: number;
}

export interface BusyConnections {
  /** Resolves once at least `count` answers have arrived over all connections. */
  answered(count: number, ms?: number): Promise<void>;
  /** Resolves with one report per connection once every connection has closed (bounded by `ms`, then destroyed). */
  ended(ms?: number): Promise<ConnectionReport[]>;
  /** Destroys every socket (cleanup after a failed test). */
  destroy(): void;
}

export interface BusyOptions {
  /** The whole request, written as is for every request on the connection. */
  request: string;
  /** Pause between an answer and the next request (default 0: back to back). */
  pauseMs?: number;
}

/** A request text for `method path`, with a JSON body if one is given; keep-alive (HTTP/1.1's default). */
export function jsonRequest(method: string, path: string, key: string, body?: unknown): string {
  const head = `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${key}\r\n`;
  if (body === undefined) return `${head}\r\n`;
  const text = JSON.stringify(body);
  return `${head}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`;
}

interface Parsed {
  status: number;
  close: boolean;
  length: number;
}

/** One complete answer at the start of `buffer` (Content-Length bodies: every sandbox answer has one), or undefined. */
function parseAnswer(buffer: Buffer): Parsed | undefined {
  const headEnd = buffer.indexOf("\r\n\r\n");
  if (headEnd < 0) return undefined;
  const head = buffer.subarray(0, headEnd).toString("latin1");
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
  const contentLength = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
  const total = headEnd + 4 + contentLength;
  if (buffer.length < total) return undefined;
  return { status, close: /\r\nconnection:\s*close/i.test(head), length: total };
}

function runConnection(url: string, options: BusyOptions, onAnswer: () => void): { socket: Socket; done: Promise<ConnectionReport> } {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname.replace(/^\[|\]$/g, ""));
  const report: ConnectionReport = { end: "closed-idle", answers: 0, statuses: [], serverErrors: 0 };
  let buffer = Buffer.alloc(0);
  let outstanding = false;
  let closeAnnounced = false;
  let errorCode: string | undefined;
  const send = (): void => {
    if (socket.destroyed || closeAnnounced) return;
    outstanding = true;
    socket.write(options.request);
  };
  socket.on("connect", send);
  socket.on("data", (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (let answer = parseAnswer(buffer); answer; answer = parseAnswer(buffer)) {
      buffer = buffer.subarray(answer.length);
      outstanding = false;
      report.answers++;
      if (report.statuses.length < 50) report.statuses.push(answer.status);
      if (answer.status >= 500) report.serverErrors++;
      onAnswer();
      if (answer.close) closeAnnounced = true;
      else if (options.pauseMs) setTimeout(send, options.pauseMs);
      else send();
    }
  });
  socket.on("error", (error: NodeJS.ErrnoException) => {
    errorCode = error.code;
  });
  const done = new Promise<ConnectionReport>((resolve) =>
    socket.once("close", () => {
      if (outstanding) report.end = errorCode === "ECONNRESET" || errorCode === "EPIPE" ? "reset" : "closed-unanswered";
      else report.end = closeAnnounced ? "answered-and-closed" : "closed-idle";
      resolve(report);
    }),
  );
  return { socket, done };
}

/** Opens `count` connections that each keep one request outstanding (or pause between them). */
export async function busyConnections(url: string, count: number, options: BusyOptions): Promise<BusyConnections> {
  let answers = 0;
  const waiters = new Set<() => void>();
  const connections = Array.from({ length: count }, () =>
    runConnection(url, options, () => {
      answers++;
      for (const waiter of waiters) waiter();
    }),
  );
  const destroy = (): void => {
    for (const c of connections) c.socket.destroy();
  };
  return {
    answered: (target, ms = 10_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`only ${answers} answers within ${ms} ms (wanted ${target})`));
        }, ms);
        const check = (): void => {
          if (answers < target) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      }),
    ended: async (ms = 15_000) => {
      const timer = setTimeout(destroy, ms);
      try {
        return await Promise.all(connections.map((c) => c.done));
      } finally {
        clearTimeout(timer);
      }
    },
    destroy,
  };
}

/** How many connections ended each way. */
export function tally(reports: readonly ConnectionReport[]): Record<ConnectionEnd, number> {
  const counts: Record<ConnectionEnd, number> = { "answered-and-closed": 0, reset: 0, "closed-unanswered": 0, "closed-idle": 0 };
  for (const r of reports) counts[r.end]++;
  return counts;
}
