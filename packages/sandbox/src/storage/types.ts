// The sandbox's one storage interface (DESIGN.md "State engines"). Routes and controls use only
// this; an engine is one file behind it: memory.ts (default), sqlite.ts (--state FILE, node:sqlite),
// postgres.ts (--database-url). The domain rules (ownership, TTLs, the order of checks) live above
// the engines; an engine guarantees atomicity: uniqueness by a unique index, single use by one
// DELETE/UPDATE … RETURNING, counters by one atomic increment, so several processes on one
// PostgreSQL database are one sandbox. Every record carries its partner: every read and every
// reset is scoped to one partner unless it says "all".
//
// Times are epoch milliseconds. `wallMs` is the base time source (Date.now or a test's clock);
// a partner's sandbox time is wallMs + its clock offset, which only the engine knows.
import type { components } from "../../../../generated/schema.d.ts";

type Org = components["schemas"]["Org"];

export interface StoredOrg extends Org {
  partner_id: string;
  website?: string;
  language?: string;
  ai_instructions?: string;
  /** Names of connected integrations, by integration key; credentials are never stored. */
  integrations?: Record<string, string[]>;
}

/** Oldest first, by (created_at, id): every engine answers apiKeysOfOrgs in this order. */
export const byCreation = (a: StoredApiKey, b: StoredApiKey): number =>
  a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

export interface StoredApiKey {
  id: string;
  org_id: string;
  partner_id: string;
  name: string;
  key_sha256: string;
  created_at: string;
}

export interface StoredLoginLink {
  token_sha256: string;
  org_id: string;
  partner_id: string;
  email: string;
  name: string;
  role_ids: string[];
  expires_at_ms: number;
}

/** A consumed or peeked link, with what the landing page shows. */
export interface LoginLinkVisit {
  link: StoredLoginLink;
  orgName: string;
}

/** One rate-limit policy in force for a partner (fixed windows on the partner's clock). */
export interface RatePolicy {
  /** The policy's name from the document, e.g. "partner", "login-links". */
  name: string;
  limit: number;
  windowMs: number;
}

/** Per-partner ceilings (issue: quotas), counted by the engine so they hold across instances. */
export interface Quotas {
  orgs: number;
  login_links: number; // live (unexpired, unused) links
  stored_bytes: number;
}

export type QuotaName = keyof Quotas;

/** `stored_bytes` sums the UTF-8 length of each stored record's JSON (orgs, keys, links) of a partner. */
export type Usage = Quotas;

export type Admission =
  /** Every policy had room; one unit of each was spent. `nowMs` is the partner's time. */
  | { admitted: true; nowMs: number }
  /** `policy` (an index into the policies) is exhausted; nothing was spent. */
  | { admitted: false; nowMs: number; policy: number; resetMs: number };

export type CreateOrgResult = { created: StoredOrg } | { conflict: true } | { quota: QuotaName };

export type AddResult = { added: true } | { quota: QuotaName };

/** The state of one rate-limit window, for the sandbox page. */
export interface RateWindow {
  name: string;
  used: number;
  startedMs: number;
}

/** One journaled API request (issue: request journal). Secrets are redacted before it is written. */
export interface JournalEntry {
  /** Assigned by the engine: increasing per partner, the `before` cursor. */
  seq?: number;
  at_ms: number;
  request_id: string;
  method: string;
  path: string; // the document's path template, e.g. /partner/v1/orgs/{orgId}/api-keys
  operation_id: string | null;
  status: number;
  duration_ms: number;
  client_ip: string | null;
  /** Which layer refused it: auth, ip, rate_limit, validation, ownership, not_found, conflict, quota, unavailable. */
  refused_by: string | null;
  message: string | string[] | null;
}

export interface JournalQuery {
  limit: number;
  /** Only entries with seq < before (newest first). */
  before?: number;
  status?: number;
  operation_id?: string;
}

/** Thrown by an engine when its database does not answer: the server maps it to 503 + Retry-After. */
export class StorageUnavailableError extends Error {
  override readonly name = "StorageUnavailableError";
}

export interface SandboxStorage {
  /** "memory" | "sqlite" | "postgres", for the banner, health and metrics. */
  readonly engine: string;

  // --- the partner's clock and rate limits (one round trip per API request) ---
  /** The partner's time, then one unit of every policy if all have room (else none). */
  admit(partnerId: string, policies: readonly RatePolicy[], wallMs: number): Promise<Admission>;
  /** The partner's time without spending anything (controls, the page). */
  partnerNow(partnerId: string, wallMs: number): Promise<number>;
  /** Moves the partner's clock forward; returns its new offset in ms. */
  advanceClock(partnerId: string, ms: number): Promise<number>;
  clockOffsetMs(partnerId: string): Promise<number>;
  rateWindows(partnerId: string): Promise<RateWindow[]>;

  // --- orgs, keys, links ---
  /** A new time-ordered org id for `nowMs` (UUIDv7). */
  newOrgId(nowMs: number): string;
  /** Inserts unless (partner_id, external_id) exists (a unique index) or a quota is full. */
  createOrg(org: StoredOrg, quotas: Quotas): Promise<CreateOrgResult>;
  /** Oldest first: (created_at, id). */
  listOrgs(partnerId: string, limit: number, offset: number): Promise<{ data: StoredOrg[]; total: number }>;
  orgByExternalId(partnerId: string, externalId: string): Promise<StoredOrg | undefined>;
  /** The org only if the partner owns it: an unknown id and someone else's look the same. */
  ownedOrg(partnerId: string, orgId: string): Promise<StoredOrg | undefined>;
  addApiKey(key: StoredApiKey, quotas: Quotas): Promise<AddResult>;
  /** The partner's keys of these orgs (the overview), oldest first: (created_at, id). */
  apiKeysOfOrgs(partnerId: string, orgIds: readonly string[]): Promise<StoredApiKey[]>;
  addLoginLink(link: StoredLoginLink, quotas: Quotas, nowMs: number): Promise<AddResult>;
  /** Looks a token up without consuming it (HEAD); expiry on the owning partner's clock. */
  peekLoginLink(tokenSha256: string, wallMs: number): Promise<LoginLinkVisit | undefined>;
  /** Single use across every instance: the first caller gets the link, every later one undefined. */
  consumeLoginLink(tokenSha256: string, wallMs: number): Promise<LoginLinkVisit | undefined>;
  /** Unexpired, unused links of a partner (never the token: only its digest exists). */
  openLoginLinks(partnerId: string, nowMs: number): Promise<StoredLoginLink[]>;
  usage(partnerId: string, nowMs: number): Promise<Usage>;
  /** Deletes expired links (the sweep timer; SQL engines by expires_at). Returns how many. */
  sweepExpired(wallMs: number): Promise<number>;

  // --- the request journal ---
  /** Appends (an engine may keep `entry` itself: the caller gives it away), then drops the oldest beyond `keep`. */
  journal(partnerId: string, entry: JournalEntry, keep: number): Promise<void>;
  /** Newest first. */
  readJournal(partnerId: string, query: JournalQuery): Promise<JournalEntry[]>;

  // --- controls and hosting ---
  /** Forgets one partner's orgs, keys, links, rate windows, clock offset and journal. */
  resetPartner(partnerId: string): Promise<void>;
  /** Forgets everything (the admin token's reset). */
  resetAll(): Promise<void>;
  /** Resolves when the engine answers (health); rejects with StorageUnavailableError. */
  ping(): Promise<void>;
  /** Pool figures for metrics, where the engine has a pool. */
  poolStats?(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}
