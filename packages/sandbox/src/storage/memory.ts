// The `memory` engine: every record in Maps of this process, per partner. Each method does its
// check and its write synchronously, in one turn of the event loop, so racing requests can never
// both pass a uniqueness check, both consume one link or both spend a rate window's last unit.
// Methods answer already-settled promises: the interface is async for the SQL engines.
import { uuidV7Factory } from "../common/secrets.ts";
import { byCreation } from "./types.ts";
import type {
  AddResult,
  Admission,
  CreateOrgResult,
  JournalEntry,
  JournalQuery,
  LoginLinkVisit,
  Quotas,
  RatePolicy,
  RateWindow,
  SandboxStorage,
  StoredApiKey,
  StoredLoginLink,
  StoredOrg,
  Usage,
} from "./types.ts";

interface Window {
  startedMs: number;
  count: number;
}

interface PartnerState {
  offsetMs: number;
  /** The latest time handed out: a partner's clock never goes backwards. */
  lastMs: number;
  orgs: StoredOrg[]; // insertion order, which is (created_at, id) order: ids are time-ordered
  externalIds: Map<string, StoredOrg>;
  apiKeys: StoredApiKey[];
  links: Map<string, StoredLoginLink>; // by token digest
  windows: Map<string, Window>; // by policy name
  storedBytes: number;
  journal: JournalEntry[]; // a ring of at most `keep` entries; the oldest at journalStart
  journalStart: number;
  nextSeq: number;
}

/** What `stored_bytes` counts for a record: the UTF-8 length of its JSON. */
const bytesOf = (record: object): number => Buffer.byteLength(JSON.stringify(record));

export function createMemoryStorage(): SandboxStorage {
  const partners = new Map<string, PartnerState>();
  const orgsById = new Map<string, StoredOrg>();
  const linksByDigest = new Map<string, StoredLoginLink>();
  const nextId = uuidV7Factory();

  const state = (partnerId: string): PartnerState => {
    let p = partners.get(partnerId);
    if (!p) {
      p = { offsetMs: 0, lastMs: 0, orgs: [], externalIds: new Map(), apiKeys: [], links: new Map(), windows: new Map(), storedBytes: 0, journal: [], journalStart: 0, nextSeq: 1 };
      partners.set(partnerId, p);
    }
    return p;
  };

  const now = (p: PartnerState, wallMs: number): number => {
    const t = wallMs + p.offsetMs;
    if (t > p.lastMs) p.lastMs = t;
    return p.lastMs;
  };

  const dropLink = (p: PartnerState, link: StoredLoginLink): void => {
    p.links.delete(link.token_sha256);
    linksByDigest.delete(link.token_sha256);
    p.storedBytes -= bytesOf(link);
  };

  /** Drops the partner's expired links (useless forever); returns how many. */
  const sweep = (p: PartnerState, nowMs: number): number => {
    let dropped = 0;
    for (const link of p.links.values()) {
      if (link.expires_at_ms <= nowMs) {
        dropLink(p, link);
        dropped++;
      }
    }
    return dropped;
  };

  const liveLinks = (p: PartnerState, nowMs: number): number => {
    let live = 0;
    for (const link of p.links.values()) if (link.expires_at_ms > nowMs) live++;
    return live;
  };

  const visit = (tokenSha256: string, wallMs: number, consume: boolean): LoginLinkVisit | undefined => {
    const link = linksByDigest.get(tokenSha256);
    if (!link) return undefined;
    const p = state(link.partner_id);
    if (consume) dropLink(p, link);
    if (link.expires_at_ms <= now(p, wallMs)) return undefined;
    return { link, orgName: orgsById.get(link.org_id)?.name ?? "" };
  };

  const forget = (p: PartnerState): void => {
    for (const org of p.orgs) orgsById.delete(org.id);
    for (const digest of p.links.keys()) linksByDigest.delete(digest);
  };

  return {
    engine: "memory",

    admit(partnerId: string, policies: readonly RatePolicy[], wallMs: number): Promise<Admission> {
      const p = state(partnerId);
      const nowMs = now(p, wallMs);
      // Every policy is checked before any is spent: a refused request spends nothing.
      // Plain loops, no per-request arrays: this runs on every API call.
      for (let i = 0; i < policies.length; i++) {
        const policy = policies[i]!;
        let window = p.windows.get(policy.name);
        if (!window || nowMs - window.startedMs >= policy.windowMs) {
          window = { startedMs: nowMs, count: 0 };
          p.windows.set(policy.name, window);
        }
        if (window.count >= policy.limit) {
          return Promise.resolve({ admitted: false, nowMs, policy: i, resetMs: window.startedMs + policy.windowMs });
        }
      }
      for (let i = 0; i < policies.length; i++) p.windows.get(policies[i]!.name)!.count++;
      return Promise.resolve({ admitted: true, nowMs });
    },

    partnerNow: (partnerId, wallMs) => Promise.resolve(now(state(partnerId), wallMs)),

    advanceClock(partnerId, ms) {
      const p = state(partnerId);
      p.offsetMs += ms;
      return Promise.resolve(p.offsetMs);
    },

    clockOffsetMs: (partnerId) => Promise.resolve(partners.get(partnerId)?.offsetMs ?? 0),

    rateWindows(partnerId) {
      const windows: RateWindow[] = [];
      for (const [name, w] of partners.get(partnerId)?.windows ?? []) windows.push({ name, used: w.count, startedMs: w.startedMs });
      return Promise.resolve(windows);
    },

    newOrgId: (nowMs) => nextId(nowMs),

    createOrg(org: StoredOrg, quotas: Quotas): Promise<CreateOrgResult> {
      const p = state(org.partner_id);
      if (org.external_id !== null && p.externalIds.has(org.external_id)) return Promise.resolve({ conflict: true });
      if (p.orgs.length >= quotas.orgs) return Promise.resolve({ quota: "orgs" });
      const bytes = bytesOf(org);
      if (p.storedBytes + bytes > quotas.stored_bytes) return Promise.resolve({ quota: "stored_bytes" });
      p.orgs.push(org);
      p.storedBytes += bytes;
      orgsById.set(org.id, org);
      if (org.external_id !== null) p.externalIds.set(org.external_id, org);
      return Promise.resolve({ created: org });
    },

    listOrgs(partnerId, limit, offset) {
      const list = partners.get(partnerId)?.orgs ?? [];
      return Promise.resolve({ data: list.slice(offset, offset + limit), total: list.length });
    },

    orgByExternalId: (partnerId, externalId) => Promise.resolve(partners.get(partnerId)?.externalIds.get(externalId)),

    ownedOrg(partnerId, orgId) {
      const org = orgsById.get(orgId);
      return Promise.resolve(org && org.partner_id === partnerId ? org : undefined);
    },

    addApiKey(key: StoredApiKey, quotas: Quotas): Promise<AddResult> {
      const p = state(key.partner_id);
      const bytes = bytesOf(key);
      if (p.storedBytes + bytes > quotas.stored_bytes) return Promise.resolve({ quota: "stored_bytes" });
      p.apiKeys.push(key);
      p.storedBytes += bytes;
      return Promise.resolve({ added: true });
    },

    apiKeysOfOrgs(partnerId, orgIds) {
      const wanted = new Set(orgIds);
      const keys = (partners.get(partnerId)?.apiKeys ?? []).filter((k) => wanted.has(k.org_id));
      return Promise.resolve(keys.sort(byCreation));
    },

    addLoginLink(link: StoredLoginLink, quotas: Quotas, nowMs: number): Promise<AddResult> {
      const p = state(link.partner_id);
      // Expired links count for nothing; drop them only when they could decide a refusal.
      if (p.links.size >= quotas.login_links) sweep(p, nowMs);
      if (p.links.size >= quotas.login_links && liveLinks(p, nowMs) >= quotas.login_links) return Promise.resolve({ quota: "login_links" });
      const bytes = bytesOf(link);
      if (p.storedBytes + bytes > quotas.stored_bytes) sweep(p, nowMs);
      if (p.storedBytes + bytes > quotas.stored_bytes) return Promise.resolve({ quota: "stored_bytes" });
      p.links.set(link.token_sha256, link);
      linksByDigest.set(link.token_sha256, link);
      p.storedBytes += bytes;
      return Promise.resolve({ added: true });
    },

    peekLoginLink: (tokenSha256, wallMs) => Promise.resolve(visit(tokenSha256, wallMs, false)),
    consumeLoginLink: (tokenSha256, wallMs) => Promise.resolve(visit(tokenSha256, wallMs, true)),

    openLoginLinks(partnerId, nowMs) {
      const open: StoredLoginLink[] = [];
      for (const link of partners.get(partnerId)?.links.values() ?? []) if (link.expires_at_ms > nowMs) open.push(link);
      return Promise.resolve(open);
    },

    usage(partnerId, nowMs): Promise<Usage> {
      const p = partners.get(partnerId);
      return Promise.resolve(p ? { orgs: p.orgs.length, login_links: liveLinks(p, nowMs), stored_bytes: p.storedBytes } : { orgs: 0, login_links: 0, stored_bytes: 0 });
    },

    sweepExpired(wallMs) {
      let dropped = 0;
      for (const p of partners.values()) dropped += sweep(p, now(p, wallMs));
      return Promise.resolve(dropped);
    },

    journal(partnerId, entry, keep) {
      const p = state(partnerId);
      // The entry is the caller's to give away (journal.ts builds one per request): kept as is.
      const stored = entry;
      stored.seq = p.nextSeq++;
      if (keep <= 0) {
        p.journal = [];
        p.journalStart = 0;
        return Promise.resolve();
      }
      if (p.journal.length > keep) {
        // `keep` shrank: start again from the newest `keep`, oldest first.
        p.journal = [...p.journal.slice(p.journalStart), ...p.journal.slice(0, p.journalStart)].slice(-keep);
        p.journalStart = 0;
      }
      if (p.journal.length < keep) p.journal.push(stored);
      else {
        p.journal[p.journalStart] = stored; // overwrites the oldest
        p.journalStart = (p.journalStart + 1) % p.journal.length;
      }
      return Promise.resolve();
    },

    readJournal(partnerId, query: JournalQuery) {
      const found: JournalEntry[] = [];
      const p = partners.get(partnerId);
      const entries = p?.journal ?? [];
      const start = p?.journalStart ?? 0;
      for (let n = entries.length - 1; n >= 0 && found.length < query.limit; n--) {
        const e = entries[(start + n) % entries.length]!; // n-th oldest
        if (query.before !== undefined && e.seq! >= query.before) continue;
        if (query.status !== undefined && e.status !== query.status) continue;
        if (query.operation_id !== undefined && e.operation_id !== query.operation_id) continue;
        found.push(e);
      }
      return Promise.resolve(found);
    },

    resetPartner(partnerId) {
      const p = partners.get(partnerId);
      if (p) forget(p);
      partners.delete(partnerId);
      return Promise.resolve();
    },

    resetAll() {
      partners.clear();
      orgsById.clear();
      linksByDigest.clear();
      return Promise.resolve();
    },

    ping: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}
