// Orgs: created once, never changed; external_id unique per partner (by a unique index on the
// SQL engines, never by a read-then-write).
import type { QuotaName, Quotas } from "./quotas.ts";
import type { StoredOrg } from "./records.ts";

export type CreateOrgResult = { created: StoredOrg } | { conflict: true } | { quota: QuotaName };

/** One page of a partner's orgs, oldest first, and how many it has in all. */
export interface OrgPage {
  data: StoredOrg[];
  total: number;
}

export interface OrgStore {
  /** A new time-ordered org id for `nowMs` (UUIDv7). */
  newOrgId(nowMs: number): string;
  /** Inserts unless (partner_id, external_id) exists or a quota is full. */
  createOrg(org: StoredOrg, quotas: Quotas): Promise<CreateOrgResult>;
  /** Oldest first: (created_at, id). */
  listOrgs(partnerId: string, limit: number, offset: number): Promise<OrgPage>;
  orgByExternalId(partnerId: string, externalId: string): Promise<StoredOrg | undefined>;
  /** The org only if the partner owns it: an unknown id and someone else's look the same. */
  ownedOrg(partnerId: string, orgId: string): Promise<StoredOrg | undefined>;
}
