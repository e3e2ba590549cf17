// Sends one request of a documented operation and records the exchange for reports. Keys are
// named by role, never printed. Unexpected 429s are waited out per Retry-After (bounded): on
// the sandbox by moving its clock, elsewhere by sleeping; CONTRACT_MAX_RPM paces every request.
import { KEY_VARIABLES, type KeyName } from "./env.ts";
import { operation } from "./document.ts";
import { Pacer } from "./pacer.ts";
import { advanceClock } from "./sandbox-controls.ts";
import { target } from "./target.ts";
import { validateResponse } from "./response-validator.ts";

/**
 * A partner key by role, no Authorization header at all, or a literal header value (`shown`
 * replaces it in reports when it carries a real key).
 */
export type Auth = KeyName | null | { header: string; shown?: string };

export interface CallOptions {
  /** Path parameters, percent-encoded into the URL. */
  path?: Record<string, string>;
  /** Path parameters put into the URL as written (odd encodings on purpose). */
  rawPath?: Record<string, string>;
  query?: Record<string, string | number>;
  /** Serialised as JSON with Content-Type application/json. */
  body?: unknown;
  /** Sent as is (malformed JSON, other media types). */
  rawBody?: string;
  /** Content-Type for rawBody; null sends none. */
  contentType?: string | null;
  /** Extra request headers (e.g. X-Forwarded-For), shown in reports as sent. */
  headers?: Record<string, string>;
  /** Defaults to the primary key. */
  auth?: Auth;
  /** A 429 is the expected answer: return it instead of waiting it out. */
  expect429?: boolean;
}

export interface Exchange {
  operationId: string;
  /** The request as reports show it: method, URL, headers with keys redacted, body excerpt. */
  request: string;
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
  /** Problems the response validator found; empty when the answer conforms to the document. */
  problems: string[];
}

const pacer = new Pacer(target.maxRpm);
const MAX_429_RETRIES = 3;
const MAX_RETRY_AFTER_SECONDS = 120;

function authorization(auth: Auth): { value?: string; shown?: string } {
  if (auth === null) return {};
  if (typeof auth === "object") return { value: auth.header, shown: auth.shown ?? auth.header };
  const key = target.keys[auth];
  if (!key) throw new Error(`no ${KEY_VARIABLES[auth].variable} configured`);
  return { value: `Bearer ${key}`, shown: `Bearer <${KEY_VARIABLES[auth].variable}>` };
}

export function buildUrl(operationId: string, options: Pick<CallOptions, "path" | "rawPath" | "query">): string {
  const op = operation(operationId);
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const raw = options.rawPath?.[name];
    if (raw !== undefined) return raw;
    const value = options.path?.[name];
    if (value === undefined) throw new Error(`${operationId}: path parameter ${name} not given`);
    return encodeURIComponent(value);
  });
  const query = new URLSearchParams(Object.entries(options.query ?? {}).map(([k, v]) => [k, String(v)]));
  return `${target.baseUrl}${path}${query.size ? `?${query}` : ""}`;
}

export async function call(operationId: string, options: CallOptions = {}): Promise<Exchange> {
  const op = operation(operationId);
  const url = buildUrl(operationId, options);
  const auth = authorization(options.auth === undefined ? "primary" : options.auth);
  const headers: Record<string, string> = { ...options.headers };
  if (auth.value !== undefined) headers.authorization = auth.value;
  let body: string | Blob | undefined;
  if (options.rawBody !== undefined) {
    // With no Content-Type, send an untyped Blob: for a string fetch would add `text/plain`.
    body = options.contentType === null ? new Blob([options.rawBody]) : options.rawBody;
    if (options.contentType !== null) headers["content-type"] = options.contentType ?? "application/json";
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] = "application/json";
  }
  const shownHeaders = Object.entries({ ...headers, ...(auth.shown ? { authorization: auth.shown } : {}) })
    .map(([k, v]) => `${k}: ${v}`)
    .join("; ");
  const sent = options.rawBody ?? (typeof body === "string" ? body : undefined);
  const shownBody = sent === undefined ? "" : ` body ${sent.length > 300 ? `${sent.slice(0, 300)}… (${sent.length} bytes)` : sent}`;
  const request = `${op.method} ${url.slice(target.baseUrl.length)} [${shownHeaders}]${shownBody}`;

  for (let attempt = 0; ; attempt++) {
    await pacer.turn();
    const res = await fetch(url, { method: op.method, headers, body, signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    const { problems, json } = validateResponse(operationId, { status: res.status, headers: res.headers, text });
    const exchange: Exchange = { operationId, request, status: res.status, headers: res.headers, text, json, problems };
    const retryAfter = Number(res.headers.get("retry-after"));
    const waitable = res.status === 429 && !options.expect429 && problems.length === 0 && attempt < MAX_429_RETRIES;
    if (!waitable || !(retryAfter <= MAX_RETRY_AFTER_SECONDS)) return exchange;
    // The refused partner's clock: with per-partner controls, moving another's would not help.
    const partner = typeof options.auth === "string" ? options.auth : "primary";
    if (target.sandbox) await advanceClock(Math.max(retryAfter, 1), target.keys[partner] ? partner : "primary");
    else await new Promise((r) => setTimeout(r, Math.max(retryAfter, 1) * 1000));
  }
}
