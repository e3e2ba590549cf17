// The docs must render with no network: every request the page makes is intercepted; local ones
// (the docs file itself, loopback) continue, anything else is aborted and recorded, and the test
// fails on the record.
import type { BrowserContext } from "playwright-core";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

export function isLocalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === "file:" || parsed.protocol === "data:" || parsed.protocol === "blob:") return true;
  if (parsed.protocol === "about:") return parsed.href === "about:blank";
  return LOOPBACK_HOSTS.has(parsed.hostname);
}

export interface NetworkGuard {
  /** Every non-local request the page attempted, in order. */
  readonly blocked: string[];
}

export async function guardNetwork(context: BrowserContext): Promise<NetworkGuard> {
  const blocked: string[] = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (isLocalUrl(url)) return route.continue();
    blocked.push(url);
    return route.abort("blockedbyclient");
  });
  await context.routeWebSocket(/.*/, (ws) => {
    if (isLocalUrl(ws.url())) return ws.connectToServer();
    blocked.push(ws.url());
    return ws.close();
  });
  return { blocked };
}
