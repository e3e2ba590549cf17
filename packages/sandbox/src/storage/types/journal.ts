// The request journal: what the sandbox saw of each Partner API request of a partner. A
// diagnostic, not state a partner was promised: entries reach the engine in batches, off the
// request path (journal/writer.ts above the engines), and a crash may lose the latest of them.
import type { components } from "../../../../../generated/sandbox-schema.d.ts";

/** One journaled API request. Secrets are redacted before it reaches the engine. */
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
  /** Which layer refused it (null: answered, not refused). */
  refused_by: components["schemas"]["RefusingLayer"];
  message: string | string[] | null;
}

export interface JournalQuery {
  limit: number;
  /** Only entries with seq < before (newest first). */
  before?: number;
  status?: number;
  operation_id?: string;
}

export interface JournalStore {
  /**
   * Appends entries, in order, each to its partner's journal, keeping the newest `keep` of each.
   * The engine may keep the entry objects (the caller gives them away).
   */
  appendJournal(batch: readonly { partnerId: string; entry: JournalEntry }[], keep: number): Promise<void>;
  /** Newest first. */
  readJournal(partnerId: string, query: JournalQuery): Promise<JournalEntry[]>;
}
