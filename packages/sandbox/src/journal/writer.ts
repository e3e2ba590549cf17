// The journal is off the request path: an entry is built when the answer is sent and buffered
// here; the buffer is written to the engine in one batch (JournalStore.appendJournal) at most
// FLUSH_DELAY_MS later, or at once when FLUSH_BATCH entries wait, and on close. Nothing waits for
// a journal write and nothing fails because of one: a batch the engine refuses is lost, the
// requests it describes are not. What a crash can lose (docs/architecture.md, "Journal
// durability"): the entries of the last FLUSH_DELAY_MS, and on PostgreSQL the last batches the
// database acknowledged without flushing its WAL — never an org, key or link a partner was told
// was created, whose writes commit durably before their answer is sent.
import type { JournalEntry, SandboxStorage } from "../storage/types/index.ts";

/** The longest an entry waits in the buffer before it is written. */
export const FLUSH_DELAY_MS = 100;
/** A buffer this full is written at once. */
export const FLUSH_BATCH = 256;

export interface Pending {
  partnerId: string;
  entry: JournalEntry;
  /** Set when the partner's time was not known at the answer (a refusal before admission): the wall time then. */
  wallMs?: number;
}

/** Buffers entries and writes them in batches, in order; see the file's head. */
export class JournalWriter {
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** The write in progress: batches are written one after another, so entries keep their order. */
  private writing: Promise<void> = Promise.resolve();
  private readonly storage: SandboxStorage;
  private readonly keep: number;

  constructor(storage: SandboxStorage, keep: number) {
    this.storage = storage;
    this.keep = keep;
  }

  add(item: Pending): void {
    this.pending.push(item);
    if (this.pending.length >= FLUSH_BATCH) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_DELAY_MS);
      this.timer.unref();
    }
  }

  /** Writes what is buffered; resolves once it (and every earlier batch) is written or dropped. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pending.length === 0) return this.writing;
    const batch = this.pending;
    this.pending = [];
    this.writing = this.writing.then(() => this.write(batch));
    return this.writing;
  }

  private async write(batch: Pending[]): Promise<void> {
    try {
      // Refusals before admission (401, 403 IP) learn their partner's time now, from the wall time of their answer.
      for (const item of batch) {
        if (item.wallMs !== undefined) item.entry.at_ms = await this.storage.partnerNow(item.partnerId, item.wallMs);
      }
      await this.storage.appendJournal(batch, this.keep);
    } catch {
      // The journal is a diagnostic: an engine that is away loses these entries, never a request.
    }
  }
}
