// Per-partner ceilings on what is stored, counted by the engine in the same unit of work as the
// write they limit, so they hold across several instances on one database.

/** Per-partner ceilings (a partner's config `quotas` overrides the defaults). */
export interface Quotas {
  orgs: number;
  login_links: number; // live (unexpired, unused) links
  stored_bytes: number;
}

export type QuotaName = keyof Quotas;

/** `stored_bytes` sums the UTF-8 length of each stored record's JSON (orgs, keys, links) of a partner. */
export type Usage = Quotas;

/** A write that fit its quotas, or the first quota it would have broken (nothing was written). */
export type AddResult = { added: true } | { quota: QuotaName };

export interface UsageStore {
  /** The partner's counters; live links counted on the partner's clock at `nowMs`. */
  usage(partnerId: string, nowMs: number): Promise<Usage>;
}
