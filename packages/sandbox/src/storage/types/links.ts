// Single-use login links, found by their token's SHA-256 only; expiry is on the owning partner's clock.
import type { AddResult, Quotas } from "./quotas.ts";
import type { StoredLoginLink } from "./records.ts";

/** A consumed or peeked link, with what the landing page shows. */
export interface LoginLinkVisit {
  link: StoredLoginLink;
  orgName: string;
}

export interface LoginLinkStore {
  /** Stores the link unless the partner's live links or stored_bytes would exceed their quota. */
  addLoginLink(link: StoredLoginLink, quotas: Quotas, nowMs: number): Promise<AddResult>;
  /** Looks a token up without consuming it (HEAD); expiry on the owning partner's clock. */
  peekLoginLink(tokenSha256: string, wallMs: number): Promise<LoginLinkVisit | undefined>;
  /** Single use across every instance: the first caller gets the link, every later one undefined. */
  consumeLoginLink(tokenSha256: string, wallMs: number): Promise<LoginLinkVisit | undefined>;
  /** Unexpired, unused links of a partner (never the token: only its digest exists). */
  openLoginLinks(partnerId: string, nowMs: number): Promise<StoredLoginLink[]>;
  /** Deletes expired links (the sweep timer; SQL engines by expires_at). Returns how many. */
  sweepExpired(wallMs: number): Promise<number>;
}
