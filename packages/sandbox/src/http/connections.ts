// The connection cap, global and per client IP. A socket over the cap is not dropped silently:
// its first request is answered 503 with Retry-After and the ErrorResponse body, and the socket
// closes. Refused sockets get a short grace to send that request, and do not count towards the
// cap; beyond as many pending refusals as the global cap they are closed at once.
// The per-IP count uses the TCP peer (no headers exist yet when a socket opens), so a trusted
// proxy's sockets count only towards the global cap.
import type { Server } from "node:http";
import type { Socket } from "node:net";
import type { HttpLimits } from "./limits.ts";
import { parseIp, type CidrList } from "../caller/ip.ts";

const REFUSAL_GRACE_MS = 2_000;
export const CONNECTION_RETRY_AFTER_SECONDS = 1;

/** Counts sockets on `server`; returns the refusal message for a socket over the cap, if any. */
export function capConnections(server: Server, limits: HttpLimits, trustedProxies: CidrList): (socket: Socket) => string | undefined {
  const perIp = new Map<string, number>();
  const refused = new WeakMap<Socket, string>();
  let open = 0;
  let pendingRefusals = 0;

  server.on("connection", (socket: Socket) => {
    const ip = parseIp(socket.remoteAddress ?? "");
    const key = ip && !trustedProxies.has(ip) ? ip.address : undefined;
    let reason: string | undefined;
    if (open >= limits.maxConnections) reason = `The sandbox has ${limits.maxConnections} open connections, its limit; retry shortly`;
    else if (key !== undefined && (perIp.get(key) ?? 0) >= limits.maxConnectionsPerIp) {
      reason = `Too many open connections from ${key} (limit ${limits.maxConnectionsPerIp}); close idle ones or retry shortly`;
    }
    if (reason) {
      if (pendingRefusals >= limits.maxConnections) return void socket.destroy();
      pendingRefusals++;
      refused.set(socket, reason);
      const timer = setTimeout(() => socket.destroy(), Math.min(limits.headersTimeoutMs, REFUSAL_GRACE_MS));
      timer.unref();
      socket.once("close", () => {
        pendingRefusals--;
        clearTimeout(timer);
      });
      return;
    }
    open++;
    if (key !== undefined) perIp.set(key, (perIp.get(key) ?? 0) + 1);
    socket.once("close", () => {
      open--;
      if (key === undefined) return;
      const left = perIp.get(key)! - 1;
      if (left) perIp.set(key, left);
      else perIp.delete(key);
    });
  });
  return (socket) => refused.get(socket);
}
