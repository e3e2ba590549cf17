// Everything the client throws. Callers branch with `instanceof` (one subclass per status) or on
// `kind`. No error holds the request, its headers or the API key.
import type { ErrorResponse } from "../../../generated/schema.d.ts";

/** The document's ErrorResponse `code` for a full sandbox quota (checked against its enum by the compiler). */
const SANDBOX_QUOTA_CODE = "sandbox_quota_exceeded" satisfies NonNullable<ErrorResponse["code"]>;
import type { OperationId as PartnerOperationId } from "../../../generated/client.ts";
import type { SandboxOperationId } from "../../../generated/sandbox-client.ts";

/** The operation a call was for: a Partner API one, or one of the sandbox's own (client.sandbox). */
export type OperationId = PartnerOperationId | SandboxOperationId;

/** Base class of every error this client throws (the caller's own abort excepted: its reason is rethrown). */
export class PartnerClientError extends Error {
  override name = "PartnerClientError";
}

/** The client was called wrongly (invalid options or arguments). Nothing was sent. */
export class PartnerUsageError extends PartnerClientError {
  override name = "PartnerUsageError";
}

/** No HTTP response arrived: DNS, connection refused or reset, TLS. */
export class PartnerConnectionError extends PartnerClientError {
  override name = "PartnerConnectionError";
  readonly operationId: OperationId;
  constructor(operationId: OperationId, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.operationId = operationId;
  }
}

/** No response within `timeoutMs`. */
export class PartnerTimeoutError extends PartnerConnectionError {
  override name = "PartnerTimeoutError";
}

/** A success status whose body is not the JSON the document promises. */
export class PartnerInvalidResponseError extends PartnerClientError {
  override name = "PartnerInvalidResponseError";
  readonly operationId: OperationId;
  readonly status: number;
  readonly requestId: string | undefined;
  constructor(operationId: OperationId, status: number, requestId: string | undefined, message: string) {
    super(message);
    this.operationId = operationId;
    this.status = status;
    this.requestId = requestId;
  }
}

export type PartnerApiErrorKind =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "server_error"
  | "http_error";

export interface PartnerApiErrorInit {
  status: number;
  operationId: OperationId;
  /** The parsed `ErrorResponse`, or undefined when the body was not one. */
  body: ErrorResponse | undefined;
  requestId: string | undefined;
  /** How long the server asked to wait (`Retry-After`), when it did. */
  retryAfterMs: number | undefined;
}

/** The API answered with an error status. */
export class PartnerApiError extends PartnerClientError {
  override name = "PartnerApiError";
  readonly kind: PartnerApiErrorKind = "http_error";
  readonly status: number;
  readonly operationId: OperationId;
  readonly body: ErrorResponse | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(init: PartnerApiErrorInit) {
    super(describe(init));
    this.status = init.status;
    this.operationId = init.operationId;
    this.body = init.body;
    this.requestId = init.requestId;
    this.retryAfterMs = init.retryAfterMs;
  }
}

function describe({ status, operationId, body, requestId }: PartnerApiErrorInit): string {
  const detail = body === undefined ? "" : `: ${Array.isArray(body.message) ? body.message.join("; ") : body.message}`;
  return `${operationId} failed with ${status}${detail}${requestId ? ` (request id ${requestId})` : ""}`;
}

export class BadRequestError extends PartnerApiError {
  override name = "BadRequestError";
  override readonly kind = "bad_request" as const;
}
export class AuthenticationError extends PartnerApiError {
  override name = "AuthenticationError";
  override readonly kind = "unauthorized" as const;
}
export class PermissionDeniedError extends PartnerApiError {
  override name = "PermissionDeniedError";
  override readonly kind = "forbidden" as const;
}
/**
 * Sandbox only: a write refused because one of the partner's sandbox quotas is full (a 403 whose
 * body has `code: "sandbox_quota_exceeded"`). A PermissionDeniedError, so existing 403 handling
 * still catches it (`kind` stays "forbidden"); `quota` says which one is full.
 */
export class SandboxQuotaExceededError extends PermissionDeniedError {
  override name = "SandboxQuotaExceededError";
  get quota(): ErrorResponse["quota"] {
    return this.body?.quota;
  }
}
export class NotFoundError extends PartnerApiError {
  override name = "NotFoundError";
  override readonly kind = "not_found" as const;
}
export class ConflictError extends PartnerApiError {
  override name = "ConflictError";
  override readonly kind = "conflict" as const;
}
export class PayloadTooLargeError extends PartnerApiError {
  override name = "PayloadTooLargeError";
  override readonly kind = "payload_too_large" as const;
}
export class UnsupportedMediaTypeError extends PartnerApiError {
  override name = "UnsupportedMediaTypeError";
  override readonly kind = "unsupported_media_type" as const;
}
export class RateLimitError extends PartnerApiError {
  override name = "RateLimitError";
  override readonly kind = "rate_limited" as const;
}
export class InternalServerError extends PartnerApiError {
  override name = "InternalServerError";
  override readonly kind = "server_error" as const;
}

const BY_STATUS: Record<number, new (init: PartnerApiErrorInit) => PartnerApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  413: PayloadTooLargeError,
  415: UnsupportedMediaTypeError,
  429: RateLimitError,
};

/** The error class for an HTTP error status. */
export function apiError(init: PartnerApiErrorInit): PartnerApiError {
  if (init.status === 403 && init.body?.code === SANDBOX_QUOTA_CODE) return new SandboxQuotaExceededError(init);
  const ErrorClass = BY_STATUS[init.status] ?? (init.status >= 500 ? InternalServerError : PartnerApiError);
  return new ErrorClass(init);
}
