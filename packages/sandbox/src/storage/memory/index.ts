// The `memory` engine: every record in Maps of this process, per partner. Each method does its
// check and its write synchronously, in one turn of the event loop, so racing requests can never
// both pass a uniqueness check, both consume one link or both spend a rate window's last unit.
// The request path's units (storage.requests) answer plain values, not promises: an API request on
// this engine runs from its admission to its answer without waiting. The rest of the interface
// answers settled promises, as the SQL engines' does.
import { uuidV7Factory } from "../../common/secrets.ts";
import { byCreation } from "../types/index.ts";
import type {
  AddResult,
  Admission,
  CreateOrgResult,
  LoginLinkVisit,
  OrgPage,
  Quotas,
  RatePolicy,
  RateWindow,
  RequestStore,
  SandboxStorage,
  StoredApiKey,
  StoredLoginLink,
  StoredOrg,
  Ticket,
  Usage,
} from "../types/index.ts";
import { JournalRing } from "./journal.ts";

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
  journal: JournalRing;
}

/** What `stored_bytes` counts for a record: the UTF-8 length of its JSON. */
const bytesOf = (record: object): number => Buffer.byteLength(JSON.stringify(record));

const NOT_OWNED = { notOwned: true } as const;

export function createMemoryStorage(): SandboxStorage {
  const partners = new Map<string, PartnerState>();
  const orgsById = new Map<string, StoredOrg>();
  const linksByDigest = new Map<string, StoredLoginLink>();
  const nextId = uuidV7Factory();

  const state = (partnerId: string): PartnerState => {
    let p = partners.get(partnerId);
    if (!p) {
      p = { offsetMs: 0, lastMs: 0, orgs: [], externalIds: new Map(), apiKeys: [], links: new Map(), windows: new Map(), storedBytes: 0, journal: new JournalRing() };
      partners.set(partnerId, p);
    }
    return p;
  };

  const now = (p: PartnerState, wallMs: number): number => {
    const t = wallMs + p.offsetMs;
    if (t > p.lastMs) p.lastMs = t;
    return p.lastMs;
  };

  const admit = (p: PartnerState, policies: readonly RatePolicy[], wallMs: number): Admission => {
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
      if (window.count >= policy.limit) return { admitted: false, nowMs, policy: i, resetMs: window.startedMs + policy.windowMs };
    }
    for (let i = 0; i < policies.length; i++) p.windows.get(policies[i]!.name)!.count++;
    return { admitted: true, nowMs };
  };

  const admitTicket = (p: PartnerState, ticket: Ticket): Admission =>
    ticket.admittedAtMs !== undefined ? { admitted: true, nowMs: ticket.admittedAtMs } : admit(p, ticket.policies, ticket.wallMs);

  const createOrg = (org: StoredOrg, quotas: Quotas): CreateOrgResult => {
    const p = state(org.partner_id);
    if (org.external_id !== null && p.externalIds.has(org.external_id)) return { conflict: true };
    if (p.orgs.length >= quotas.orgs) return { quota: "orgs" };
    const bytes = bytesOf(org);
    if (p.storedBytes + bytes > quotas.stored_bytes) return { quota: "stored_bytes" };
    p.orgs.push(org);
    p.storedBytes += bytes;
    orgsById.set(org.id, org);
    if (org.external_id !== null) p.externalIds.set(org.external_id, org);
    return { created: org };
  };

  const listOrgs = (partnerId: string, limit: number, offset: number): OrgPage => {
    const list = partners.get(partnerId)?.orgs ?? [];
    return { data: list.slice(offset, offset + limit), total: list.length };
  };

  const ownedOrg = (partnerId: string, orgId: string): StoredOrg | undefined => {
    const org = orgsById.get(orgId);
    return org && org.partner_id === partnerId ? org : undefined;
  };

  const addApiKey = (key: StoredApiKey, quotas: Quotas): AddResult => {
    const p = state(key.partner_id);
    const bytes = bytesOf(key);
    if (p.storedBytes + bytes > quotas.stored_bytes) return { quota: "stored_bytes" };
    p.apiKeys.push(key);
    p.storedBytes += bytes;
    return { added: true };
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

  const addLoginLink = (link: StoredLoginLink, quotas: Quotas, nowMs: number): AddResult => {
    const p = state(link.partner_id);
    // Expired links count for nothing; drop them only when they could decide a refusal.
    if (p.links.size >= quotas.login_links) sweep(p, nowMs);
    if (p.links.size >= quotas.login_links && liveLinks(p, nowMs) >= quotas.login_links) return { quota: "login_links" };
    const bytes = bytesOf(link);
    if (p.storedBytes + bytes > quotas.stored_bytes) sweep(p, nowMs);
    if (p.storedBytes + bytes > quotas.stored_bytes) return { quota: "stored_bytes" };
    p.links.set(link.token_sha256, link);
    linksByDigest.set(link.token_sha256, link);
    p.storedBytes += bytes;
    return { added: true };
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

  // The request path: admission, then the operation, in one synchronous step.
  const requests: RequestStore = {
    admit: (ticket) => admitTicket(state(ticket.partnerId), ticket),
    createOrg(ticket, draft, quotas) {
      const admission = admitTicket(state(ticket.partnerId), ticket);
      if (!admission.admitted) return admission;
      return { admitted: true, nowMs: admission.nowMs, result: createOrg(draft(admission.nowMs), quotas) };
    },
    listOrgs(ticket, limit, offset) {
      const admission = admitTicket(state(ticket.partnerId), ticket);
      if (!admission.admitted) return admission;
      return { admitted: true, nowMs: admission.nowMs, result: listOrgs(ticket.partnerId, limit, offset) };
    },
    orgByExternalId(ticket, externalId) {
      const p = state(ticket.partnerId);
      const admission = admitTicket(p, ticket);
      if (!admission.admitted) return admission;
      return { admitted: true, nowMs: admission.nowMs, result: p.externalIds.get(externalId) };
    },
    addApiKey(ticket, orgId, draft, quotas) {
      const admission = admitTicket(state(ticket.partnerId), ticket);
      if (!admission.admitted) return admission;
      const result = ownedOrg(ticket.partnerId, orgId) ? addApiKey(draft(admission.nowMs), quotas) : NOT_OWNED;
      return { admitted: true, nowMs: admission.nowMs, result };
    },
    addLoginLink(ticket, orgId, draft, quotas) {
      const admission = admitTicket(state(ticket.partnerId), ticket);
      if (!admission.admitted) return admission;
      const result = ownedOrg(ticket.partnerId, orgId) ? addLoginLink(draft(admission.nowMs), quotas, admission.nowMs) : NOT_OWNED;
      return { admitted: true, nowMs: admission.nowMs, result };
    },
  };

  return {
    engine: "memory",
    requests,

    admit: (partnerId, policies, wallMs) => Promise.resolve(admit(state(partnerId), policies, wallMs)),
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
    createOrg: (org, quotas) => Promise.resolve(createOrg(org, quotas)),
    listOrgs: (partnerId, limit, offset) => Promise.resolve(listOrgs(partnerId, limit, offset)),
    orgByExternalId: (partnerId, externalId) => Promise.resolve(partners.get(partnerId)?.externalIds.get(externalId)),
    ownedOrg: (partnerId, orgId) => Promise.resolve(ownedOrg(partnerId, orgId)),
    addApiKey: (key, quotas) => Promise.resolve(addApiKey(key, quotas)),
    apiKeysOfOrgs(partnerId, orgIds) {
      const wanted = new Set(orgIds);
      const keys = (partners.get(partnerId)?.apiKeys ?? []).filter((k) => wanted.has(k.org_id));
      return Promise.resolve(keys.sort(byCreation));
    },
    addLoginLink: (link, quotas, nowMs) => Promise.resolve(addLoginLink(link, quotas, nowMs)),
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

    appendJournal(batch, keep) {
      for (const { partnerId, entry } of batch) state(partnerId).journal.append(entry, keep);
      return Promise.resolve();
    },

    readJournal: (partnerId, query) => Promise.resolve(partners.get(partnerId)?.journal.read(query) ?? []),

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
