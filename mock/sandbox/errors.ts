// Every error leaves the sandbox as the documented ErrorResponse: { statusCode, message, error }.
import { STATUS_CODES } from "node:http";
import type { ErrorResponse } from "../../generated/schema.d.ts";
import type { RefusingLayer } from "./journal.ts";
import type { QuotaName } from "./storage/types/index.ts";

export class ApiError extends Error {
  readonly statusCode: number;
  readonly messages: string | string[];
  readonly headers: Record<string, string>;
  /** The layer that refused, for the journal; unset: read from the status (journal.ts). */
  layer?: RefusingLayer;
  /** The partner a refused key still identifies (a revoked key, an inactive partner). */
  partnerId?: string;
  /** Documented ErrorResponse members beyond statusCode, message and error (`code`, `quota`). */
  extra?: Partial<Pick<ErrorResponse, "code" | "quota">>;

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

export interface ErrorBody extends ErrorResponse {
  error: string;
}

export function errorBody(statusCode: number, message: string | string[], extra?: ApiError["extra"]): ErrorBody {
  return { statusCode, message, error: STATUS_CODES[statusCode] ?? "Error", ...extra };
}

/** A partner's sandbox quota is full (storage/types/quotas.ts): the one place that picks its answer. */
export function quotaError(name: QuotaName, limit: number): ApiError {
  const what = name === "stored_bytes" ? `${limit} stored bytes` : `${limit} ${name.replace(/_/g, " ")}`;
  const error = new ApiError(403, `Sandbox quota exceeded: ${name} (${what} per partner; reset your sandbox data or ask for a larger quota)`).by("quota");
  error.extra = { code: "sandbox_quota_exceeded", quota: name };
  return error;
}

/** Seconds a client should wait when the storage engine does not answer. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 1;

/** The storage engine did not answer (StorageUnavailableError): 503 with Retry-After. */
export function unavailableError(): ApiError {
  return new ApiError(503, "Sandbox storage is unavailable; retry shortly", { "retry-after": String(UNAVAILABLE_RETRY_AFTER_SECONDS) });
}
