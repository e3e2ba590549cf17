// The SQL engines' tables, as Kysely types (../sqlite/ and ../postgres/ share them and every
// query in ./queries.ts). Every row carries its partner; records are kept as their JSON text
// (`record`) with the columns that queries filter, order or count on beside them, and `bytes`,
// the record's UTF-8 length, so `stored_bytes` is a counter and never a scan.
export interface OrgsTable {
  id: string;
  partner_id: string;
  external_id: string | null;
  created_at: string; // RFC 3339 UTC with milliseconds: sorts as text
  name: string; // the login page shows it; kept apart from `record`, which may be large
  record: string;
  bytes: number;
}

export interface ApiKeysTable {
  id: string;
  partner_id: string;
  org_id: string;
  record: string;
  bytes: number;
}

export interface LoginLinksTable {
  token_sha256: string;
  partner_id: string;
  org_id: string;
  expires_at_ms: number;
  record: string;
  bytes: number;
}

export interface RateWindowsTable {
  partner_id: string;
  name: string;
  started_ms: number;
  used: number;
}

export interface PartnerClocksTable {
  partner_id: string;
  offset_ms: number;
}

/** Per-partner counters for quotas and `total`, changed in the same transaction as the rows. */
export interface PartnerUsageTable {
  partner_id: string;
  orgs: number;
  stored_bytes: number;
}

/** The journal's per-partner sequence: `seq` of the partner's newest entry, and the `keep` it was written with. */
export interface JournalHeadsTable {
  partner_id: string;
  seq: number;
  keep: number;
}

/** A partner's journal, a ring: entry `seq` in slot seq mod keep (PRIMARY KEY partner_id, slot). */
export interface JournalTable {
  partner_id: string;
  slot: number;
  seq: number;
  status: number;
  operation_id: string | null;
  entry: string;
}

export interface SandboxDb {
  orgs: OrgsTable;
  api_keys: ApiKeysTable;
  login_links: LoginLinksTable;
  rate_windows: RateWindowsTable;
  partner_clocks: PartnerClocksTable;
  partner_usage: PartnerUsageTable;
  journal_heads: JournalHeadsTable;
  journal: JournalTable;
}

/** Every table a reset empties (all of them are partner-scoped). */
export const PARTNER_TABLES = [
  "orgs",
  "api_keys",
  "login_links",
  "rate_windows",
  "partner_clocks",
  "partner_usage",
  "journal_heads",
  "journal",
] as const satisfies readonly (keyof SandboxDb)[];
