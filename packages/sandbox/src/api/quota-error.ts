// A partner's sandbox quota is full (Quotas, storage/types/quotas.ts): the one place that picks its answer,
// the documented 403 with `code: sandbox_quota_exceeded` and the quota's name.
import { ApiError } from "../http/api-error.ts";
import type { QuotaName } from "../storage/types/index.ts";


export function quotaError(name: QuotaName, limit: number): ApiError {
  const what = name === "stored_bytes" ? `${limit} stored bytes` : `${limit} ${name.replace(/_/g, " ")}`;
  const error = new ApiError(403, `Sandbox quota exceeded: ${name} (${what} per partner; reset your sandbox data or ask for a larger quota)`).by("quota");
  error.extra = { code: "sandbox_quota_exceeded", quota: name };
  return error;
}
