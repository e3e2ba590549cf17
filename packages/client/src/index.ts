// The package entry: the client, its options, its errors and the document's types.
export { createPartnerClient, type PartnerClient } from "./client.ts";
export type { PartnerClientOptions, RequestOptions, FetchLike } from "./options.ts";
export type { BackoffOptions } from "./backoff.ts";
export type { EnsureOrgBody, EnsuredOrg } from "./ensure-org.ts";
export {
  PartnerClientError,
  PartnerUsageError,
  PartnerConnectionError,
  PartnerTimeoutError,
  PartnerInvalidResponseError,
  PartnerApiError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  SandboxQuotaExceededError,
  NotFoundError,
  ConflictError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  RateLimitError,
  InternalServerError,
  type PartnerApiErrorKind,
} from "./errors.ts";
export { DEFAULT_BASE_URL, RATE_LIMITS, OPERATIONS } from "../../../generated/client.ts";
// Per-operation types (`CreateOrgBody`, `ListOrgsQuery`, `CreateOrgResult`, ...) and the schemas.
export type * from "../../../generated/client.ts";
export type * from "../../../generated/schema.d.ts";
// The sandbox's own operations (client.sandbox): their per-operation types and schemas, by name.
export type * from "../../../generated/sandbox-client.ts";
export type { JournalEntry, JournalPage, SandboxOverview, RefusingLayer } from "../../../generated/sandbox-schema.d.ts";
