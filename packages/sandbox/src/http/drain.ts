// The drain when the sandbox closes (SIGTERM, close()): stop accepting connections, answer every
// request that arrives on a connection already open (with `Connection: close`, so each closes
// after its answer), and close the keep-alive connections that stay idle; the storage engine is
// closed only after that (index.ts).
//
// Why not just Fastify's close: it calls the node:http server's close(), which (Node >= 19)
// closes every idle keep-alive connection at once. "Idle" there means no request has been parsed
// yet, so a busy client's next request, already sent but not yet read from the socket, is lost:
// the socket is destroyed with those bytes unread and the client gets ECONNRESET, not knowing
// whether its POST took effect (20 of 20 busy connections, measured). Fastify's options do not
// change that: `forceCloseConnections` only adds closing on top of Node's, and
// `return503OnClosing` (turned off in app-factory.ts, so such requests are served) decides the answer
// to a request that does get read. Graceful-shutdown libraries (http-terminator, stoppable)
// close idle sockets at once too. So this preClose hook closes the listener alone and waits
// until the server has been quiet (no request in flight, none started) for a moment, or every
// connection has closed; Fastify then closes the connections still idle, and the server.
import { Server as NetServer } from "node:net";
import type { Server } from "node:http";
import type { Socket } from "node:net";

/** How long the server must see no request before the connections still open count as idle. */
export const DRAIN_QUIET_MS = 250;
const POLL_MS = 20;
/** At most this long accepting what the kernel had queued before the listener closes. */
const ACCEPT_QUEUED_MS = 1_000;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Starts counting `server`'s connections and requests; returns the preClose hook that drains
 * them. Call it before the server listens, so every connection is counted.
 */
export function connectionDrain(server: Server, quietMs = DRAIN_QUIET_MS): () => Promise<void> {
  const open = new Set<Socket>();
  let accepted = 0;
  let inFlight = 0;
  let lastActivity = 0;
  server.on("connection", (socket: Socket) => {
    accepted++;
    open.add(socket);
    socket.once("close", () => open.delete(socket));
  });
  const onRequest = (_request: unknown, response: { once(event: "close", listener: () => void): unknown }): void => {
    inFlight++;
    lastActivity = performance.now();
    response.once("close", () => {
      inFlight--;
      lastActivity = performance.now();
    });
  };
  server.on("request", onRequest);
  server.on("checkContinue", onRequest); // a request with `Expect: 100-continue` emits this instead

  /**
   * Connections the kernel has completed but the server has not accepted yet would be reset
   * when the listener closes, with their first request already sent. A busy server is behind:
   * libuv accepts one connection per event-loop turn (3-4 of 20 fresh connections were still
   * queued after 100 answers on SQLite, measured), so turn the loop until two turns in a row
   * accept nothing (the first may end the current turn without polling).
   */
  const acceptQueued = async (): Promise<void> => {
    const until = performance.now() + ACCEPT_QUEUED_MS;
    for (let emptyTurns = 0; emptyTurns < 2 && performance.now() < until; ) {
      const before = accepted;
      await nextTurn();
      emptyTurns = accepted === before ? emptyTurns + 1 : 0;
    }
  };

  const quiet = (): boolean => inFlight === 0 && performance.now() - lastActivity >= quietMs;
  return async () => {
    if (server.listening) {
      await acceptQueued();
      // The listener only (net.Server's close): no new connections, the open ones untouched.
      NetServer.prototype.close.call(server);
    }
    lastActivity = Math.max(lastActivity, performance.now());
    while (open.size > 0) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      if (!quiet()) continue;
      // Time the event loop spent blocked (a synchronous SQLite write, a GC pause) looks quiet
      // too: let a turn's I/O phase read what has already arrived, and look again.
      await nextTurn();
      await nextTurn();
      if (quiet()) return;
    }
  };
}
