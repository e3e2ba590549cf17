// Client and per-call options, their defaults, and the checks that turn bad options into a
// PartnerUsageError before anything is sent. Messages never echo the API key.
import { DEFAULT_BASE_URL, RATE_LIMITS } from "../../../generated/client.ts";
import type { BackoffOptions } from "./backoff.ts";
import { PartnerUsageError } from "./errors.ts";

export type FetchLike = (request: Request) => Promise<Response>;

export interface PartnerClientOptions {
  /** The partner API key, sent as `Authorization: Bearer <apiKey>`. */
  apiKey: string;
  /** Defaults to production, the document's first server. */
  baseUrl?: string;
  /** A fetch implementation (default: the global one). */
  fetch?: FetchLike;
  /** Retries after the first attempt (default 2). */
  maxRetries?: number;
  /** Per attempt, until the response body is read (default 60 000). */
  timeoutMs?: number;
  userAgent?: string;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** Backoff between retries; full jitter (default 500 ms doubling, capped at 8 s). */
  backoff?: Partial<BackoffOptions>;
  /**
   * The longest `Retry-After` the client waits out; a longer one is thrown as RateLimitError (with
   * `retryAfterMs`) for the caller to schedule. Default: the longest rate-limit window in the document.
   */
  maxRetryAfterMs?: number;
  /** Jitter source returning [0, 1) (default Math.random); injectable for tests. */
  random?: () => number;
}

export interface RequestOptions {
  /** Cancels the call, including any wait between retries; its reason is rethrown. */
  signal?: AbortSignal;
  /** Extra headers for this call only (for example `Prefer: code=404` against the Prism mock). */
  headers?: Record<string, string>;
  timeoutMs?: number;
  maxRetries?: number;
  /**
   * Vouch that repeating this call is harmless, so a POST is retried after a 5xx, a reset or a
   * timeout too (ensureOrg does: a repeated createOrg with an external_id answers 409).
   */
  idempotent?: boolean;
}

export interface ResolvedOptions {
  apiKey: string;
  baseUrl: string;
  fetch: FetchLike | undefined;
  maxRetries: number;
  timeoutMs: number;
  headers: Record<string, string>;
  backoff: BackoffOptions;
  maxRetryAfterMs: number;
  random: () => number;
}

const DEFAULT_USER_AGENT = "opencx-partner-api-client";
const LONGEST_WINDOW_MS = Math.max(...RATE_LIMITS.map((l) => l.window_seconds)) * 1000;

function fail(message: string): never {
  throw new PartnerUsageError(message);
}

// Timers fire at once for delays above 2^31 - 1 ms, so larger values are refused.
const MAX_TIMER_MS = 2 ** 31 - 1;

function count(name: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > MAX_TIMER_MS) {
    fail(`${name} must be an integer from ${min} to ${MAX_TIMER_MS}`);
  }
  return value;
}

export function checkHeaders(value: unknown, name = "headers"): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null) fail(`${name} must be an object of strings`);
  try {
    new Headers(value as Record<string, string>);
  } catch {
    fail(`${name} holds an invalid header name or value`);
  }
  return value as Record<string, string>;
}

export function resolveOptions(options: PartnerClientOptions): ResolvedOptions {
  if (typeof options !== "object" || options === null) fail("createPartnerClient needs an options object");
  const { apiKey } = options;
  // Whitespace or control characters would make an invalid header (a crash inside fetch).
  if (typeof apiKey !== "string" || apiKey.length === 0 || /[\s\x00-\x1f\x7f]/.test(apiKey)) {
    fail("apiKey must be a non-empty string without whitespace");
  }
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  if (typeof baseUrl !== "string" || !URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol)) {
    fail("baseUrl must be an absolute http(s) URL");
  }
  if (options.fetch !== undefined && typeof options.fetch !== "function") fail("fetch must be a function");
  if (options.random !== undefined && typeof options.random !== "function") fail("random must be a function");
  if (options.userAgent !== undefined && typeof options.userAgent !== "string") fail("userAgent must be a string");
  return {
    apiKey,
    baseUrl,
    fetch: options.fetch,
    maxRetries: count("maxRetries", options.maxRetries, 2, 0),
    timeoutMs: count("timeoutMs", options.timeoutMs, 60_000, 1),
    headers: {
      "User-Agent": options.userAgent ?? DEFAULT_USER_AGENT,
      ...checkHeaders(options.headers),
    },
    backoff: {
      initialDelayMs: count("backoff.initialDelayMs", options.backoff?.initialDelayMs, 500, 0),
      maxDelayMs: count("backoff.maxDelayMs", options.backoff?.maxDelayMs, 8_000, 0),
    },
    maxRetryAfterMs: count("maxRetryAfterMs", options.maxRetryAfterMs, LONGEST_WINDOW_MS, 0),
    random: options.random ?? Math.random,
  };
}

export interface CallSettings {
  signal: AbortSignal | undefined;
  headers: Record<string, string> | undefined;
  timeoutMs: number;
  maxRetries: number;
  idempotent: boolean;
}

export function resolveCall(defaults: ResolvedOptions, options: RequestOptions | undefined, idempotentMethod: boolean): CallSettings {
  if (options !== undefined && (typeof options !== "object" || options === null)) fail("options must be an object");
  if (options?.signal !== undefined && !(options.signal instanceof AbortSignal)) fail("signal must be an AbortSignal");
  return {
    signal: options?.signal,
    headers: options?.headers === undefined ? undefined : checkHeaders(options.headers),
    timeoutMs: count("timeoutMs", options?.timeoutMs, defaults.timeoutMs, 1),
    maxRetries: count("maxRetries", options?.maxRetries, defaults.maxRetries, 0),
    idempotent: idempotentMethod || options?.idempotent === true,
  };
}
