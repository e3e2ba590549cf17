// All sandbox state, in memory. Every mutation is synchronous — check and write happen in one
// turn of the event loop — so racing requests can never both pass a uniqueness check or both
// consume one login link. `version` counts mutations so persistence knows what is durable.
import type { components } from "../../generated/schema.d.ts";
import { uuidV7Factory } from "./secrets.ts";

type Org = components["schemas"]["Org"];

export interface StoredOrg extends Org {
  partner_id: string;
  website?: string;
  language?: string;
  ai_instructions?: string;
  /** Names of connected integrations; credentials are never stored. */
  integrations?: Record<string, string[]>;
}

export interface StoredApiKey {
  id: string;
  org_id: string;
  name: string;
  key_sha256: string;
  created_at: string;
}

export interface StoredLoginLink {
  token_sha256: string;
  org_id: string;
  email: string;
  name: string;
  role_ids: string[];
  expires_at_ms: number;
}

export interface Snapshot {
  version: 1;
  clock_offset_ms: number;
  orgs: StoredOrg[];
  api_keys: StoredApiKey[];
  login_links: StoredLoginLink[];
}

export type CreateOrgResult = { org: StoredOrg } | { conflict: true };

export class Store {
  /** Bumped by every mutation. */
  version = 0;
  private orgsByPartner = new Map<string, StoredOrg[]>();
  private orgsById = new Map<string, StoredOrg>();
  private externalIds = new Map<string, StoredOrg>(); // key: partner \0 external_id
  private apiKeys: StoredApiKey[] = [];
  private loginLinks = new Map<string, StoredLoginLink>(); // key: token digest
  private nextId = uuidV7Factory();

  newOrgId(ms: number): string {
    return this.nextId(ms);
  }

  createOrg(org: StoredOrg): CreateOrgResult {
    const key = org.external_id === null ? undefined : `${org.partner_id}\u0000${org.external_id}`;
    if (key !== undefined && this.externalIds.has(key)) return { conflict: true };
    this.insertOrg(org);
    this.version++;
    return { org };
  }

  private insertOrg(org: StoredOrg): void {
    const list = this.orgsByPartner.get(org.partner_id);
    if (list) list.push(org);
    else this.orgsByPartner.set(org.partner_id, [org]);
    this.orgsById.set(org.id, org);
    if (org.external_id !== null) this.externalIds.set(`${org.partner_id}\u0000${org.external_id}`, org);
  }

  /** Oldest first: ids are time-ordered, so insertion order is (created_at, id) order. */
  listOrgs(partnerId: string, limit: number, offset: number): { data: StoredOrg[]; total: number } {
    const list = this.orgsByPartner.get(partnerId) ?? [];
    return { data: list.slice(offset, offset + limit), total: list.length };
  }

  orgByExternalId(partnerId: string, externalId: string): StoredOrg | undefined {
    return this.externalIds.get(`${partnerId}\u0000${externalId}`);
  }

  /** The org only if the partner owns it: an unknown id and someone else's look the same. */
  ownedOrg(partnerId: string, orgId: string): StoredOrg | undefined {
    const org = this.orgsById.get(orgId);
    return org && org.partner_id === partnerId ? org : undefined;
  }

  addApiKey(key: StoredApiKey): void {
    this.apiKeys.push(key);
    this.version++;
  }

  addLoginLink(link: StoredLoginLink, nowMs: number): void {
    // Expired links are useless; sweep them now and then so memory stays bounded.
    if (this.loginLinks.size >= 1024 && (this.loginLinks.size & 1023) === 0) {
      for (const [digest, l] of this.loginLinks) if (l.expires_at_ms <= nowMs) this.loginLinks.delete(digest);
    }
    this.loginLinks.set(link.token_sha256, link);
    this.version++;
  }

  /** Looks a token up without consuming it (HEAD). */
  peekLoginLink(tokenDigest: string, nowMs: number): StoredLoginLink | undefined {
    const link = this.loginLinks.get(tokenDigest);
    return link && link.expires_at_ms > nowMs ? link : undefined;
  }

  /** Single use: the first caller gets the link, every later one gets undefined. */
  consumeLoginLink(tokenDigest: string, nowMs: number): StoredLoginLink | undefined {
    const link = this.loginLinks.get(tokenDigest);
    if (!link) return undefined;
    this.loginLinks.delete(tokenDigest);
    this.version++;
    return link.expires_at_ms > nowMs ? link : undefined;
  }

  orgName(orgId: string): string | undefined {
    return this.orgsById.get(orgId)?.name;
  }

  /** Marks a change that lives outside the store (the clock offset) as needing persistence. */
  touch(): void {
    this.version++;
  }

  reset(): void {
    this.orgsByPartner.clear();
    this.orgsById.clear();
    this.externalIds.clear();
    this.apiKeys = [];
    this.loginLinks.clear();
    this.version++;
  }

  snapshot(clockOffsetMs: number, nowMs: number): Snapshot {
    // Expired links are dropped from the snapshot: they can never be used again anyway.
    return {
      version: 1,
      clock_offset_ms: clockOffsetMs,
      orgs: [...this.orgsById.values()],
      api_keys: this.apiKeys,
      login_links: [...this.loginLinks.values()].filter((l) => l.expires_at_ms > nowMs),
    };
  }

  restore(snapshot: Snapshot): void {
    this.reset();
    for (const org of snapshot.orgs) this.insertOrg(org);
    this.apiKeys = [...snapshot.api_keys];
    for (const link of snapshot.login_links) this.loginLinks.set(link.token_sha256, link);
    this.version = 0;
  }
}
