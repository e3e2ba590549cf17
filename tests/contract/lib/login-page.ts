// Visits to the page a login link points at. The page is not an operation of the document, so
// these checks are behavioural (status, sameness), reported under createLoginLink. The visit
// goes to the server under test (the sandbox serves /partner-login on its own port), so a proxy
// in front of it sees the visit too.
import type { Exchange } from "./client.ts";
import { target } from "./target.ts";

/** True when the server under test serves the page its links point at. */
export function servesLoginPage(linkUrl: string): boolean {
  return target.sandbox || new URL(linkUrl).origin === new URL(target.baseUrl).origin;
}

export const tokenOf = (linkUrl: string) => new URL(linkUrl).searchParams.get("token") ?? "";

export async function visit(linkUrl: string, method: "GET" | "HEAD" = "GET"): Promise<Exchange> {
  const link = new URL(linkUrl);
  const url = `${target.baseUrl}${link.pathname}${link.search}`;
  const res = await fetch(url, { method, redirect: "manual", signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  return {
    operationId: "createLoginLink (login page)",
    request: `${method} ${link.pathname}?token=<${tokenOf(linkUrl).length} chars>`,
    status: res.status,
    headers: res.headers,
    text,
    json: undefined,
    problems: [],
  };
}
