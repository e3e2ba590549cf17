// The sandbox clock: a base time source plus an offset that POST /_sandbox/clock moves forward.
// It never goes backwards, so created_at and org ids are monotonic (stable list order).
export interface SandboxClock {
  now(): number; // epoch milliseconds
  advance(seconds: number): void;
  offsetMs(): number;
  setOffsetMs(ms: number): void;
}

export function createClock(source: () => number = Date.now): SandboxClock {
  let offset = 0;
  let last = 0;
  return {
    now() {
      last = Math.max(last, source() + offset);
      return last;
    },
    advance(seconds) {
      offset += Math.round(seconds * 1000);
    },
    offsetMs: () => offset,
    setOffsetMs(ms) {
      offset = ms;
    },
  };
}
