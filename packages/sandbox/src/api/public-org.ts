// An org as the Partner API answers it (the document's `Org`), from what the engine stored. Orgs
// never change once created, so each org's JSON is serialized once and lists are joined from
// those pieces instead of re-serialized per request.
import type { components } from "../../../../generated/schema.d.ts";
import type { StoredOrg } from "../storage/types.ts";

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
