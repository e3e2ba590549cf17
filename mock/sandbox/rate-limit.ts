// Layer 3: per-partner fixed windows on the partner's clock. The windows themselves live in the
// storage engine (SandboxStorage.admit: a window opens at a partner's first request and lasts
// window_seconds; every policy is checked before any is spent, so a refused login link does not
// eat the global budget). Here: which policies apply, and the 429 built from a refusal.
import type { Partner } from "./config.ts";
import { policyFor } from "./config.ts";
import type { Contract, Operation, RateLimitPolicy } from "./contract.ts";
import { ApiError } from "./errors.ts";
import type { Admission, RatePolicy } from "./storage/types/index.ts";

/** The policies in force for one partner and operation, worked out once (not per request). */
export interface ActivePolicies {
  policies: RatePolicy[];
  /** What each policy counts, for the 429 message ("requests", "login links"). */
  units: string[];
  /** The RateLimit-Policy header value. */
  header: string;
  windowSeconds: number[];
}

export function activePolicies(contract: Contract, op: Operation, partner: Partner): ActivePolicies {
  const chosen: [RateLimitPolicy, string][] = [];
  // The root policy counts requests; an operation's counts what its name says ("login-links").
  const global = policyFor(partner, "global", contract.globalRateLimit);
  if (global) chosen.push([global, "requests"]);
  const own = op.rateLimit && policyFor(partner, op.operationId, op.rateLimit);
  if (own) chosen.push([own, own.name.replace(/-/g, " ")]);
  return {
    policies: chosen.map(([p]) => ({ name: p.name, limit: p.limit, windowMs: p.window_seconds * 1000 })),
    units: chosen.map(([, unit]) => unit),
    header: chosen.map(([p]) => `"${p.name}";q=${p.limit};w=${p.window_seconds}`).join(", "),
    windowSeconds: chosen.map(([p]) => p.window_seconds),
  };
}

/** The 429 for a refused admission, with Retry-After and the RateLimit headers. */
export function refusal(active: ActivePolicies, admission: Admission & { admitted: false }): ApiError {
  const policy = active.policies[admission.policy]!;
  const resetSeconds = Math.max(1, Math.ceil((admission.resetMs - admission.nowMs) / 1000));
  const message = `Rate limit exceeded: ${policy.limit} ${active.units[admission.policy]} per ${active.windowSeconds[admission.policy]} seconds`;
  return new ApiError(429, message, {
    "retry-after": String(resetSeconds),
    "ratelimit-policy": active.header,
    ratelimit: `"${policy.name}";r=0;t=${resetSeconds}`,
  });
}
