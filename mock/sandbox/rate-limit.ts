// Layer 3: per-partner fixed windows on the sandbox clock. A window opens at a partner's first
// request and lasts window_seconds; a refused request spends nothing. A request checks all its
// policies before spending any, so a refused login link does not eat the global budget.
import type { RateLimitPolicy } from "./contract.ts";

/** A policy in force, with what it counts for the 429 message ("requests", "login links"). */
export interface ActivePolicy extends RateLimitPolicy {
  unit: string;
}
import { ApiError } from "./errors.ts";

interface Window {
  startedMs: number;
  count: number;
}

export class RateLimiter {
  private windows = new Map<string, Window>();

  constructor(private readonly now: () => number) {}

  /** Spends one unit of every policy, or throws 429 for the first one that is exhausted. */
  consume(partnerId: string, policies: readonly ActivePolicy[]): void {
    const now = this.now();
    const current = policies.map((policy) => {
      const key = `${partnerId}\u0000${policy.name}`;
      let window = this.windows.get(key);
      if (!window || now - window.startedMs >= policy.window_seconds * 1000) {
        window = { startedMs: now, count: 0 };
        this.windows.set(key, window);
      }
      return { policy, window };
    });
    for (const { policy, window } of current) {
      if (window.count >= policy.limit) {
        const resetSeconds = Math.max(1, Math.ceil((window.startedMs + policy.window_seconds * 1000 - now) / 1000));
        throw new ApiError(429, `Rate limit exceeded: ${policy.limit} ${policy.unit} per ${policy.window_seconds} seconds`, {
          "retry-after": String(resetSeconds),
          "ratelimit-policy": policies.map((p) => `"${p.name}";q=${p.limit};w=${p.window_seconds}`).join(", "),
          ratelimit: `"${policy.name}";r=0;t=${resetSeconds}`,
        });
      }
    }
    for (const { window } of current) window.count++;
  }

  reset(): void {
    this.windows.clear();
  }
}
