// The 429 for a refused admission: Retry-After (always) and the IETF draft RateLimit-Policy and
// RateLimit fields, as the document describes them.
import { ApiError } from "../http/api-error.ts";
import type { AdmissionRefused } from "../storage/types/index.ts";
import type { ActivePolicies } from "./policies.ts";

export function rateLimitRefusal(active: ActivePolicies, admission: AdmissionRefused): ApiError {
  const policy = active.policies[admission.policy]!;
  const resetSeconds = Math.max(1, Math.ceil((admission.resetMs - admission.nowMs) / 1000));
  const message = `Rate limit exceeded: ${policy.limit} ${active.units[admission.policy]} per ${policy.windowMs / 1000} seconds`;
  return new ApiError(429, message, {
    "retry-after": String(resetSeconds),
    "ratelimit-policy": active.header,
    ratelimit: `"${policy.name}";r=0;t=${resetSeconds}`,
  });
}
