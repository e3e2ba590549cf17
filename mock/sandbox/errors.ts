// Every error leaves the sandbox as the documented ErrorResponse: { statusCode, message, error }.
import { STATUS_CODES } from "node:http";

export class ApiError extends Error {
  readonly statusCode: number;
  readonly messages: string | string[];
  readonly headers: Record<string, string>;

  constructor(statusCode: number, message: string | string[], headers: Record<string, string> = {}) {
    super(Array.isArray(message) ? message.join("; ") : message);
    this.statusCode = statusCode;
    this.messages = message;
    this.headers = headers;
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
export function quotaError(name: string): ApiError {
  return new ApiError(403, `Sandbox quota exceeded: ${name}`);
}

/** Seconds a client should wait when the storage engine does not answer. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 1;

/** The storage engine did not answer (StorageUnavailableError): 503 with Retry-After. */
export function unavailableError(): ApiError {
  return new ApiError(503, "Sandbox storage is unavailable; retry shortly", { "retry-after": String(UNAVAILABLE_RETRY_AFTER_SECONDS) });
}
