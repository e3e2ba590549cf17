// Parsed orgs of the SQL engines, by id. An org never changes once created and its id is never
// reused (UUIDv7, random bits), so a parsed row can be handed out again for as long as the row is
// returned by a query: the query decides which orgs exist (a reset deletes rows; a cached org of a
// deleted row is simply never asked for again). Handing out the same object also lets the API
// layer's per-object JSON cache hit (api/public-org.ts), so a listed page costs neither a JSON.parse
// nor a JSON.stringify per org. Bounded by the records' size, oldest entries dropped first.
import type { StoredOrg } from "../types/index.ts";

const BUDGET_CHARS = 8 * 1024 * 1024;

export class OrgCache {
  private readonly orgs = new Map<string, { org: StoredOrg; chars: number }>();
  private chars = 0;

  /** The org with this id, if parsed already. */
  cached(id: string): StoredOrg | undefined {
    return this.orgs.get(id)?.org;
  }

  /** The org of a row (id and record text), parsed once. */
  get(id: string, record: string): StoredOrg {
    const hit = this.orgs.get(id);
    if (hit) return hit.org;
    const org = JSON.parse(record) as StoredOrg;
    this.orgs.set(id, { org, chars: record.length });
    this.chars += record.length;
    while (this.chars > BUDGET_CHARS) {
      const oldest = this.orgs.entries().next().value!;
      this.orgs.delete(oldest[0]);
      this.chars -= oldest[1].chars;
    }
    return org;
  }

  clear(): void {
    this.orgs.clear();
    this.chars = 0;
  }
}
