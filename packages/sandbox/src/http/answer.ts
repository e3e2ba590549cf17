// Answers written outside Fastify's routing (connection refusals, Expect failures, requests
// Node's parser rejects), still as the documented ErrorResponse with X-Request-Id.
import { STATUS_CODES, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { errorBody } from "./api-error.ts";

export const JSON_TYPE = "application/json; charset=utf-8";

/** On a response object: the connection closes after it, so the unread body cannot be misread. */
export function answerAndClose(res: ServerResponse, status: number, message: string, requestId: string, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(errorBody(status, message));
  res.shouldKeepAlive = false;
  res.writeHead(status, { ...headers, "content-type": JSON_TYPE, "content-length": String(Buffer.byteLength(body)), "x-request-id": requestId, connection: "close" });
  res.end(body);
}

/** On a bare socket, for requests that never became a request object. */
export function answerOnSocket(socket: Duplex, status: number, message: string, requestId: string): void {
  const body = JSON.stringify(errorBody(status, message));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${JSON_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
