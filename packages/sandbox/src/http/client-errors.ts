// Requests Node's HTTP parser rejects (broken request line, oversized headers, too slow) never
// reach Fastify: answer them on the socket, as an ErrorResponse with X-Request-Id.
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { answerOnSocket } from "./answer.ts";
import type { HttpLimits } from "./limits.ts";

type InFlight = { _httpMessage?: { headersSent?: boolean } | null };

export function clientErrorAnswer(limits: HttpLimits, nextRequestId: () => string) {
  return (error: NodeJS.ErrnoException, duplex: Duplex): void => {
    const socket = duplex as Socket & InFlight;
    // Gone, or an answer already started on it: nothing can be said without corrupting it.
    if (error.code === "ECONNRESET" || socket.destroyed || socket._httpMessage?.headersSent) return void socket.destroy();
    if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") {
      // A socket that never sent a byte asked nothing: close it quietly, no unrequested 408.
      if (socket.bytesRead === 0) return void socket.destroy();
      return answerOnSocket(socket, 408, `Request not complete within ${limits.headersTimeoutMs} ms (headers) or ${limits.requestTimeoutMs} ms (headers and body)`, nextRequestId());
    }
    if (error.code === "HPE_HEADER_OVERFLOW") return answerOnSocket(socket, 431, "Request headers are too large", nextRequestId());
    if (error.code === "HPE_CHUNK_EXTENSIONS_OVERFLOW") return answerOnSocket(socket, 413, "Chunk extensions are too large", nextRequestId());
    answerOnSocket(socket, 400, "Malformed HTTP request", nextRequestId());
  };
}
