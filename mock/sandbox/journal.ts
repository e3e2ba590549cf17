// The request journal (openapi/sandbox: listSandboxRequests): what the sandbox saw of each
// Partner API request of a partner, kept by the storage engine so it works on every engine and
// across instances. Recorded from the server's one onSend hook (a route hook of its own costs every
// request measurably).
//
// The journal is off the request path: an entry is built when the answer is sent and buffered
// here; the buffer is written to the engine in one batch (JournalStore.appendJournal) at most
// FLUSH_DELAY_MS later, or at once when FLUSH_BATCH entries wait, and on close. Nothing waits for
// a journal write and nothing fails because of one: a batch the engine refuses is lost, the
// requests it describes are not. What a crash can lose (docs/architecture.md, "Journal
// durability"): the entries of the last FLUSH_DELAY_MS, and on PostgreSQL the last batches the
// database acknowledged without flushing its WAL — never an org, key or link a partner was told
// was created, whose writes commit durably before their answer is sent.
import type { FastifyReply, FastifyRequest } from "fastify";
import { clientIp } from "./client-ip.ts";
import type { CidrList } from "./ip.ts";
import { authorizationSecrets, bodySecrets, redactMessage } from "./journal-redact.ts";
import type { JournalEntry, SandboxStorage } from "./storage/types/index.ts";

export type RefusingLayer = JournalEntry["refused_by"];

/** Entries kept per partner unless the config's `journal_size` says otherwise. */
export const DEFAULT_JOURNAL_SIZE = 500;

/** The longest an entry waits in the buffer before it is written. */
export const FLUSH_DELAY_MS = 100;
/** A buffer this full is written at once. */
export const FLUSH_BATCH = 256;

/** What the error handler learnt about a refusal, kept on the request for the journal. */
export interface Refusal {
  layer: RefusingLayer;
  message: string | string[];
}

declare module "fastify" {
  interface FastifyRequest {
    /** Set by the error handler when the answer is an error. */
    refusal: Refusal | null;
    /** The partner a refused key still identifies (revoked key, inactive partner). */
    journalPartnerId: string | null;
    /** The Partner API operation being answered, set by its guard: what the journal records. */
    journalOperation: JournaledOperation | null;
  }
}

/** The layer of a refusal that did not name its own (DESIGN decision 3's order of checks). */
export function layerOf(status: number): RefusingLayer {
  if (status === 401) return "auth";
  if (status === 429) return "rate_limit";
  if (status === 400 || status === 413 || status === 415) return "validation";
  if (status === 403) return "ownership"; // the IP and quota refusals name themselves
  if (status === 404) return "not_found";
  if (status === 409) return "conflict";
  if (status === 503) return "unavailable";
  return null;
}

export interface JournalOptions {
  storage: SandboxStorage;
  /** Entries kept per partner (config `journal_size`); 0 turns the journal off. */
  keep: number;
  trustedProxies: CidrList;
  wallMs(): number;
}

export interface JournaledOperation {
  operationId: string;
  method: string;
  path: string;
}

interface Pending {
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

/** The journal of one app: `record` from onSend, `flush` before reading, `close` on shutdown. */
export interface Journal {
  record(request: FastifyRequest, reply: FastifyReply, operation: JournaledOperation): void;
  /** Read-your-writes: everything recorded so far is written once this resolves. */
  flush(): Promise<void>;
}

export function createJournal(options: JournalOptions): Journal {
  const { keep } = options;
  const writer = new JournalWriter(options.storage, keep);
  return {
    flush: () => writer.flush(),
    record(request, reply, operation) {
      const partnerId = request.partner?.id ?? request.journalPartnerId;
      if (keep <= 0 || !partnerId) return; // an unknown key is journaled nowhere
      const refusal = request.refusal;
      const secrets = refusal ? [...authorizationSecrets(request.raw.rawHeaders), ...bodySecrets(request.body)] : [];
      const entry: JournalEntry = {
        at_ms: request.partnerNowMs,
        request_id: String(request.id),
        method: operation.method,
        path: operation.path,
        operation_id: operation.operationId,
        status: reply.statusCode,
        duration_ms: Math.round(reply.elapsedTime * 1000) / 1000,
        client_ip: clientIp(request.raw.socket.remoteAddress, request.headers["x-forwarded-for"], options.trustedProxies)?.address ?? null,
        refused_by: refusal ? refusal.layer : null,
        message: refusal ? redactMessage(refusal.message, secrets) : null,
      };
      // Admitted (and rate-limited) requests know the partner's time; refusals before admission do not.
      if (request.partnerNowMs) writer.add({ partnerId, entry });
      else writer.add({ partnerId, entry, wallMs: options.wallMs() });
    },
  };
}
