// Reads an error response body as the document's `ErrorResponse`, or nothing: a proxy's HTML page
// or a truncated body must still become a typed PartnerApiError, never a crash.
import type { ErrorResponse } from "../../../generated/schema.d.ts";

export function parseErrorResponse(value: unknown): ErrorResponse | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { statusCode, message, error } = value as Record<string, unknown>;
  const messageOk =
    typeof message === "string" || (Array.isArray(message) && message.every((m) => typeof m === "string"));
  if (typeof statusCode !== "number" || !messageOk) return undefined;
  if (error !== undefined && typeof error !== "string") return undefined;
  return value as ErrorResponse;
}
