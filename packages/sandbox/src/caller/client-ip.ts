// The client IP rule (the document's decision `client-ip`): the TCP peer, or — only when the peer is a trusted proxy —
// the right-most X-Forwarded-For entry that is not itself a trusted proxy. Entries to the left
// of it are whatever the client wrote and are never read. Garbage yields undefined: the caller
// fails closed (403) for partners with an allow list.
import { parseForwardedEntry, parseIp, type CidrList, type Ip } from "./ip.ts";

export function clientIp(
  peerAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxies: CidrList,
): Ip | undefined {
  const peer = peerAddress ? parseIp(peerAddress) : undefined;
  if (!peer || !trustedProxies.has(peer) || forwardedFor === undefined) return peer;
  const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor).split(",");
  let candidate: Ip | undefined = peer;
  for (let i = entries.length - 1; i >= 0; i--) {
    const ip = parseForwardedEntry(entries[i]!);
    if (!ip) return undefined;
    candidate = ip;
    if (!trustedProxies.has(ip)) return ip;
  }
  // Every hop was a trusted proxy: the left-most one is as close to the client as we can see.
  return candidate;
}
