// A partner's clock and its rate-limit windows. Times are epoch milliseconds: `wallMs` is the
// base time source (Date.now or a test's clock); a partner's sandbox time is wallMs + its clock
// offset, which only the engine knows (so every instance on one database agrees on it).

/** One rate-limit policy in force for a partner (fixed windows on the partner's clock). */
export interface RatePolicy {
  /** The policy's name from the document, e.g. "partner", "login-links". */
  name: string;
  limit: number;
  windowMs: number;
}

export type Admission =
  /** Every policy had room; one unit of each was spent. `nowMs` is the partner's time. */
  | { admitted: true; nowMs: number }
  /** `policy` (an index into the policies) is exhausted; nothing was spent. */
  | { admitted: false; nowMs: number; policy: number; resetMs: number };

/** A refused admission: what the 429 is built from. */
export type AdmissionRefused = Extract<Admission, { admitted: false }>;

/** The state of one rate-limit window, for the sandbox page. */
export interface RateWindow {
  name: string;
  used: number;
  startedMs: number;
}

export interface RateStore {
  /**
   * The partner's time, then one unit of every policy if all have room (else none): a request's
   * admission on its own (the request path runs it inside the operation's unit: ./requests.ts).
   */
  admit(partnerId: string, policies: readonly RatePolicy[], wallMs: number): Promise<Admission>;
  rateWindows(partnerId: string): Promise<RateWindow[]>;
}

export interface ClockStore {
  /** The partner's time without spending anything (controls, the page). */
  partnerNow(partnerId: string, wallMs: number): Promise<number>;
  /** Moves the partner's clock forward; returns its new offset in ms. */
  advanceClock(partnerId: string, ms: number): Promise<number>;
  clockOffsetMs(partnerId: string): Promise<number>;
}
