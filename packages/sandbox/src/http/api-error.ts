// Every error leaves the sandbox as the documented ErrorResponse: { statusCode, message, error }.
import { STATUS_CODES } from "node:http";
import type { ErrorResponse } from "../../../../generated/schema.d.ts";
import type { RefusingLayer } from "./refusal.ts";

export class ApiError extends Error {
  readonly statusCode: number;
  readonly messages: string | string[];
  readonly headers: Record<string, string>;
  /** The layer that refused, for the journal; unset: read from the status (refusal.ts). */
  layer?: RefusingLayer;
  /** The partner the refused request's key identifies (a revoked key, an inactive partner, a malformed URL's caller). */
  partnerId?: string;
  /** Documented ErrorResponse members beyond statusCode, message and error (`code`, `quota`). */
  extra?: Partial<Pick<ErrorResponse, "code" | "quota">>;
  /** Problems found beyond those `messages` lists (a validation 400 describes only the first ones). */
  more = 0;

  constructor(statusCode: number, message: string | string[], headers: Record<string, string> = {}) {
    super(Array.isArray(message) ? message.join("; ") : message);
    this.statusCode = statusCode;
    this.messages = message;
    this.headers = headers;
  }

  /** Counts problems found beyond the listed ones. */
  andMore(count: number): this {
    this.more = count;
    return this;
  }

  /** Names the refusing layer (and the partner it belongs to, when known). */
  by(layer: RefusingLayer, partnerId?: string): this {
    this.layer = layer;
    if (partnerId !== undefined) this.partnerId = partnerId;
    return this;
  }
}

export interface ErrorBody extends ErrorResponse {
  error: string;
}

export function errorBody(statusCode: number, message: string | string[], extra?: ApiError["extra"]): ErrorBody {
  return { statusCode, message, error: STATUS_CODES[statusCode] ?? "Error", ...extra };
}


/** Seconds a client should wait when the storage engine does not answer. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 1;

/** The storage engine did not answer (StorageUnavailableError): 503 with Retry-After. */
export function unavailableError(): ApiError {
  return new ApiError(503, "Sandbox storage is unavailable; retry shortly", { "retry-after": String(UNAVAILABLE_RETRY_AFTER_SECONDS) });
}

/** How much of a message an error body holds (the document's `x-problems-max-items`, `x-problem-max-chars`). */
export interface ErrorBounds {
  maxProblems: number;
  maxChars: number;
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/** `text` cut in the middle to at most `max` characters with "…", never splitting a surrogate pair. */
export function shortened(text: string, max: number): string {
  if (text.length <= max) return text;
  const keep = Math.max(0, max - 1);
  let headEnd = Math.ceil(keep / 2);
  let tailStart = text.length - (keep - headEnd);
  if (headEnd > 0 && isHighSurrogate(text.charCodeAt(headEnd - 1))) headEnd--;
  if (tailStart < text.length && isLowSurrogate(text.charCodeAt(tailStart))) tailStart++;
  return `${text.slice(0, headEnd)}…${text.slice(tailStart)}`;
}

/**
 * The message as an error body may hold it: a list keeps its first `maxProblems` entries and then
 * says how many more there were (`more`: problems found but never described); every entry (or
 * the one string) is at most `maxChars` long. An echoed field name is the only long part a
 * message has, so cutting in the middle keeps what the message says about it
 * ("property abc…xyz should not exist").
 */
export function boundedMessage(message: string | string[], bounds: ErrorBounds, more = 0): string | string[] {
  if (!Array.isArray(message)) return shortened(message, bounds.maxChars);
  const listed = message.length > bounds.maxProblems ? message.slice(0, bounds.maxProblems) : message;
  const bounded = listed.map((m) => shortened(m, bounds.maxChars));
  const unlisted = message.length - listed.length + more;
  if (unlisted > 0) bounded.push(`and ${unlisted} more`);
  return bounded;
}
