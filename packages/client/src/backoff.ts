// Exponential backoff with full jitter (a uniformly random wait between 0 and the capped
// exponential), so many clients refused at once do not retry in lockstep.

export interface BackoffOptions {
  /** The cap for the first retry; doubles on every further one. */
  initialDelayMs: number;
  /** No wait is ever longer than this. */
  maxDelayMs: number;
}

/** Wait before retry number `retry` (0 for the first retry); `random` returns [0, 1). */
export function backoffDelay(retry: number, random: () => number, options: BackoffOptions): number {
  const ceiling = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** retry);
  const r = random();
  // An injected random source outside [0, 1) must not produce a negative or overlong wait.
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  return Math.floor(unit * ceiling);
}
