// Org API keys: only the key's digest is stored; the key itself is shown once, in the answer.
import type { AddResult, Quotas } from "./quotas.ts";
import type { StoredApiKey } from "./records.ts";

export interface ApiKeyStore {
  /** Stores the key unless the partner's stored_bytes quota would be exceeded. */
  addApiKey(key: StoredApiKey, quotas: Quotas): Promise<AddResult>;
  /** The partner's keys of these orgs (the sandbox overview), oldest first: (created_at, id). */
  apiKeysOfOrgs(partnerId: string, orgIds: readonly string[]): Promise<StoredApiKey[]>;
}

/** Oldest first, by (created_at, id): every engine answers apiKeysOfOrgs in this order. */
export const byCreation = (a: StoredApiKey, b: StoredApiKey): number =>
  a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
