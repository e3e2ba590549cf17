// Layer 3: per-partner fixed windows on the sandbox clock. A window opens at a partner's first
// request and lasts window_seconds; a refused request spends nothing. A request checks all its
// policies before spending any, so a refused login link does not eat the global budget.
import type { RateLimitPolicy } from "./contract.ts";
import { ApiError } from "./errors.ts";

/** A policy in force for one partner, with what it counts for the 429 message ("requests", "login links"). */
export interface ActivePolicy extends RateLimitPolicy {
  unit: string;
  /** The partner's window for this policy, `partner \0 policy name`. */
  key: string;
}

export function activePolicy(partnerId: string, policy: RateLimitPolicy, unit: string): ActivePolicy {
  return { ...policy, unit, key: `${partnerId}\u0000${policy.name}` };
}

interface Window {
  startedMs: number;
  count: number;
}

export class RateLimiter {
  private windows = new Map<string, Window>();

  private readonly now: () => number;
  constructor(now: () => number) {
    this.now = now;
  }

  /** Spends one unit of every policy, or throws 429 for the first one that is exhausted. */
  consume(policies: readonly ActivePolicy[]): void {
    const now = this.now();
    // Plain loops, no per-request arrays: this runs on every API call.
    for (const policy of policies) {
      const window = this.window(policy, now);
      if (window.count >= policy.limit) throw this.refusal(policies, policy, window, now);
    }
    for (const policy of policies) this.windows.get(policy.key)!.count++;
  }

  reset(): void {
    this.windows.clear();
  }

  private window(policy: ActivePolicy, now: number): Window {
    let window = this.windows.get(policy.key);
    if (!window || now - window.startedMs >= policy.window_seconds * 1000) {
      window = { startedMs: now, count: 0 };
      this.windows.set(policy.key, window);
    }
    return window;
  }

  private refusal(policies: readonly ActivePolicy[], policy: ActivePolicy, window: Window, now: number): ApiError {
    const resetSeconds = Math.max(1, Math.ceil((window.startedMs + policy.window_seconds * 1000 - now) / 1000));
    return new ApiError(429, `Rate limit exceeded: ${policy.limit} ${policy.unit} per ${policy.window_seconds} seconds`, {
      "retry-after": String(resetSeconds),
      "ratelimit-policy": policies.map((p) => `"${p.name}";q=${p.limit};w=${p.window_seconds}`).join(", "),
      ratelimit: `"${policy.name}";r=0;t=${resetSeconds}`,
    });
  }
}
