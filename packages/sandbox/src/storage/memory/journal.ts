// A partner's journal in the memory engine: a ring of at most `keep` entries, oldest first from `start`.
import type { JournalEntry, JournalQuery } from "../types/index.ts";

export class JournalRing {
  private entries: JournalEntry[] = [];
  private start = 0;
  private nextSeq = 1;

  /** Appends `entry` (kept as is: the caller gave it away), numbering it; keeps the newest `keep`. */
  append(entry: JournalEntry, keep: number): void {
    entry.seq = this.nextSeq++;
    if (keep <= 0) {
      this.entries = [];
      this.start = 0;
      return;
    }
    if (this.entries.length > keep) {
      // `keep` shrank: start again from the newest `keep`, oldest first.
      this.entries = [...this.entries.slice(this.start), ...this.entries.slice(0, this.start)].slice(-keep);
      this.start = 0;
    }
    if (this.entries.length < keep) this.entries.push(entry);
    else {
      this.entries[this.start] = entry; // overwrites the oldest
      this.start = (this.start + 1) % this.entries.length;
    }
  }

  /** Newest first. */
  read(query: JournalQuery): JournalEntry[] {
    const found: JournalEntry[] = [];
    const { entries, start } = this;
    for (let n = entries.length - 1; n >= 0 && found.length < query.limit; n--) {
      const e = entries[(start + n) % entries.length]!; // n-th oldest
      if (query.before !== undefined && e.seq! >= query.before) continue;
      if (query.status !== undefined && e.status !== query.status) continue;
      if (query.operation_id !== undefined && e.operation_id !== query.operation_id) continue;
      found.push(e);
    }
    return found;
  }
}
