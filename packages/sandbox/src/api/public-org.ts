// An org as the Partner API answers it (the document's `Org`), from what the engine stored. Orgs
// never change once created, so each org's JSON is serialized once and lists are joined from
// those pieces instead of re-serialized per request.
import type { components } from "../../../../generated/schema.d.ts";
import type { StoredOrg } from "../storage/types/index.ts";

export const publicOrg = (org: StoredOrg): components["schemas"]["Org"] => ({
  id: org.id,
  name: org.name,
  widget_token: org.widget_token,
  external_id: org.external_id,
  created_at: org.created_at,
});

// Keyed by the stored object, so a reset (new objects) cannot serve stale text; engines that read
// rows build new objects, which simply miss the cache.
const orgJsonCache = new WeakMap<StoredOrg, string>();
export function orgJson(org: StoredOrg): string {
  let json = orgJsonCache.get(org);
  if (json === undefined) {
    json = JSON.stringify(publicOrg(org));
    orgJsonCache.set(org, json);
  }
  return json;
}

/**
 * The JSON array of a listed page, per partner and offset, kept while the page holds the same org
 * objects (the engines hand out one object per org: memory keeps them, the SQL engines cache them
 * by id): a partner listing the same page again costs a comparison of references, not a join of
 * every org's JSON. Bounded per partner; a reset or new orgs simply make a page miss once.
 */
export class PageJson {
  private readonly byPartner = new Map<string, Map<number, { orgs: readonly StoredOrg[]; json: string }>>();

  json(partnerId: string, offset: number, orgs: readonly StoredOrg[]): string {
    let pages = this.byPartner.get(partnerId);
    if (!pages) {
      if (this.byPartner.size >= 1024) this.byPartner.clear();
      this.byPartner.set(partnerId, (pages = new Map()));
    }
    const kept = pages.get(offset);
    if (kept && sameOrgs(kept.orgs, orgs)) return kept.json;
    const json = `[${orgs.map(orgJson).join(",")}]`;
    if (pages.size >= 16) pages.clear();
    pages.set(offset, { orgs, json });
    return json;
  }
}

function sameOrgs(a: readonly StoredOrg[], b: readonly StoredOrg[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
