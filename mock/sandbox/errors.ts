// Every error leaves the sandbox as the documented ErrorResponse: { statusCode, message, error }.
import { STATUS_CODES } from "node:http";
import type { RefusingLayer } from "./journal.ts";

export class ApiError extends Error {
  readonly statusCode: number;
  readonly messages: string | string[];
  readonly headers: Record<string, string>;
  /** The layer that refused, for the journal; unset: read from the status (journal.ts). */
  layer?: RefusingLayer;
  /** The partner a refused key still identifies (a revoked key, an inactive partner). */
  partnerId?: string;

  constructor(statusCode: number, message: string | string[], headers: Record<string, string> = {}) {
    super(Array.isArray(message) ? message.join("; ") : message);
    this.statusCode = statusCode;
    this.messages = message;
    this.headers = headers;
  }

  /** Names the refusing layer (and the partner it belongs to, when known). */
  by(layer: RefusingLayer, partnerId?: string): this {
    this.layer = layer;
    if (partnerId !== undefined) this.partnerId = partnerId;
    return this;
  }
}

export interface ErrorBody {
  statusCode: number;
  message: string | string[];
  error: string;
}

export function errorBody(statusCode: number, message: string | string[]): ErrorBody {
  return { statusCode, message, error: STATUS_CODES[statusCode] ?? "Error" };
}

/** A partner's sandbox quota is full (storage/types.ts Quotas): the one place that picks its answer. */
export function quotaError(name: string, limit: number): ApiError {
  const what = name === "stored_bytes" ? `${limit} stored bytes` : `${limit} ${name.replace(/_/g, " ")}`;
  return new ApiError(403, `Sandbox quota exceeded: ${name} (${what} per partner; reset your sandbox data or ask for a larger quota)`).by("quota");
}

/** Seconds a client should wait when the storage engine does not answer. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 1;

/** The storage engine did not answer (StorageUnavailableError): 503 with Retry-After. */
export function unavailableError(): ApiError {
  return new ApiError(503, "Sandbox storage is unavailable; retry shortly", { "retry-after": String(UNAVAILABLE_RETRY_AFTER_SECONDS) });
}
