// Org API keys: only the key's digest is stored; the key itself is shown once, in the answer.
import type { AddResult, Quotas } from "./quotas.ts";
import type { StoredApiKey } from "./records.ts";

export interface ApiKeyStore {
  /** Stores the key unless the partner's stored_bytes quota would be exceeded. */
  addApiKey(key: StoredApiKey, quotas: Quotas): Promise<AddResult>;
}
