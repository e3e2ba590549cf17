// The PostgreSQL engine's hot path: each API request's unit of work is one call of a server-side
// function (./functions.ts) — one round trip, one transaction — as a named statement, which each
// pooled connection parses and plans once; a unit that stored a record is answered once a
// durable commit after it has flushed the WAL (group flush, below). Also the journal's batched
// appends, one call a batch.
//
// A unit that stores a record builds it (its id, created_at, expiry) from the partner's time
// before the call: from the clock offset this instance last saw for the partner, which the
// function checks. When another instance has moved the partner's clock meanwhile, the function
// changes nothing and answers 'clock' with the offset; the record is built again and sent again.
import type { MaybePromise } from "../maybe.ts";
import type { HotPath, HotPathParts } from "../sql/queries.ts";
import type { AddResult, Admission, CreateOrgResult, JournalEntry, NotOwned, QuotaName, RatePolicy, RequestStore, Ticket, Unit } from "../types/index.ts";
import type { Checkout } from "./pool.ts";

/** What every function answers first: a non-null outcome of 'rate' is a refusal by policy `refused`. */
interface Entered {
  outcome: string | null;
  now_ms: number;
  refused: number;
  reset_ms: number;
  offset_ms?: number;
}

const NOT_OWNED: NotOwned = { notOwned: true };
/** A clock moved by another instance is met again only if it moves again meanwhile: a few tries are plenty. */
const CLOCK_TRIES = 5;

/** The statements, named: a pooled connection prepares each once. */
function statement(name: string, parameters: number, columns = "*"): { name: string; text: string } {
  const list = Array.from({ length: parameters }, (_, i) => `$${i + 1}`).join(", ");
  return { name, text: `select ${columns} from ${name}(${list})` };
}
const ADMIT = statement("sandbox_admit", 5);
const CREATE_ORG = statement("sandbox_create_org", 15);
const LIST_ORGS = statement("sandbox_list_orgs", 8);
const ORG_BY_EXTERNAL_ID = statement("sandbox_org_by_external_id", 7);
const ADD_API_KEY = statement("sandbox_add_api_key", 12);
const ADD_LOGIN_LINK = statement("sandbox_add_login_link", 14);
const APPEND_JOURNAL = statement("sandbox_append_journal", 5, "1");
const FLUSH = statement("sandbox_flush", 0, "1");

/** A policy list as the functions' three array parameters, in PostgreSQL's array text form, worked out once per list. */
const arrays = new WeakMap<readonly RatePolicy[], [string, string, string]>();
function policyArrays(policies: readonly RatePolicy[]): [string, string, string] {
  let found = arrays.get(policies);
  if (!found) {
    found = [
      `{${policies.map((p) => JSON.stringify(p.name)).join(",")}}`,
      `{${policies.map((p) => p.limit).join(",")}}`,
      `{${policies.map((p) => p.windowMs).join(",")}}`,
    ];
    arrays.set(policies, found);
  }
  return found;
}

const refusal = (row: Entered): Admission & { admitted: false } => ({ admitted: false, nowMs: row.now_ms, policy: row.refused, resetMs: row.reset_ms });
const quota = (outcome: string): { quota: QuotaName } => ({ quota: outcome.slice("quota:".length) as QuotaName });

export function postgresHotPath(checkout: () => Promise<Checkout>, { guard, orgs }: HotPathParts): HotPath {
  /** Clock offsets this instance last saw, by partner: what records are built with before the call checks them. */
  const offsets = new Map<string, number>();

  const call = async <R extends object>(query: { name: string; text: string }, values: unknown[]): Promise<R[]> => {
    const client = await checkout();
    try {
      return (await client.query<R>({ name: query.name, text: query.text, values })).rows;
    } finally {
      client.release();
    }
  };

  // Group flush: units that stored something wait for one durable commit that follows theirs
  // (sandbox_flush). A unit whose commit may have raced a flush already running waits for the
  // next one, which starts as soon as that one ends, for everyone waiting by then.
  let waiting: { resolve(): void; reject(error: unknown): void }[] = [];
  let flushing = false;
  const flushLoop = async (): Promise<void> => {
    flushing = true;
    while (waiting.length) {
      const batch = waiting;
      waiting = [];
      try {
        await call(FLUSH, []);
        for (const w of batch) w.resolve();
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    flushing = false;
  };
  /** Resolves once every commit made before the call is on disk. */
  const durable = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ resolve, reject });
      if (!flushing) void flushLoop();
    });

  /** The ticket's leading parameters: partner, wall time, policies, and an admission already had. */
  const head = (ticket: Ticket): unknown[] => [ticket.partnerId, ticket.wallMs, ...policyArrays(ticket.policies), ticket.admittedAtMs ?? null];

  /**
   * A unit that stores a record: built from the partner's time as last seen here, sent, and built
   * again if the partner's clock had moved (outcome 'clock'). `send` gets the record and the offset it assumed.
   */
  const drafted = <D, R extends Entered, T>(
    ticket: Ticket,
    draft: (nowMs: number) => D,
    send: (record: D, offset: number) => Promise<R[]>,
    answer: (row: R, record: D) => T,
  ): Promise<Unit<T>> =>
    guard.async(async () => {
      for (let tries = 1; ; tries++) {
        const offset = offsets.get(ticket.partnerId) ?? 0;
        const record = draft(ticket.admittedAtMs ?? ticket.wallMs + offset);
        const row = (await send(record, offset))[0]!;
        if (row.offset_ms !== undefined && row.offset_ms !== null) offsets.set(ticket.partnerId, Number(row.offset_ms));
        if (row.outcome === "clock" && tries < CLOCK_TRIES) continue;
        if (row.outcome === "clock") throw new Error(`the clock of partner ${ticket.partnerId} kept moving during ${CLOCK_TRIES} tries`);
        if (row.outcome === "rate") return refusal(row);
        if (row.outcome === "created" || row.outcome === "added") await durable();
        return { admitted: true, nowMs: row.now_ms, result: answer(row, record) };
      }
    });

  const requests: RequestStore = {
    admit: (ticket): MaybePromise<Admission> => {
      if (ticket.admittedAtMs !== undefined) return { admitted: true, nowMs: ticket.admittedAtMs };
      return guard.async(async () => {
        const row = (await call<Entered>(ADMIT, head(ticket).slice(0, 5)))[0]!;
        return row.outcome === "rate" ? refusal(row) : { admitted: true, nowMs: row.now_ms };
      });
    },

    createOrg: (ticket, draft, quotas) =>
      drafted(
        ticket,
        draft,
        (org, offset) => {
          const record = JSON.stringify(org);
          const values = [...head(ticket), offset, org.id, org.external_id, org.created_at, org.name, record, Buffer.byteLength(record), quotas.orgs, quotas.stored_bytes];
          return call<Entered>(CREATE_ORG, values);
        },
        (row, org): CreateOrgResult => {
          if (row.outcome === "created") return { created: org };
          if (row.outcome === "conflict") return { conflict: true };
          return quota(row.outcome!);
        },
      ),

    listOrgs: (ticket, limit, offset) =>
      guard.async(async () => {
        // A header row (the admission, the total), then the page's orgs.
        const rows = await call<Entered & { total: number; id: string; record: string }>(LIST_ORGS, [...head(ticket), limit, offset]);
        const header = rows[0]!;
        if (header.outcome === "rate") return refusal(header);
        const data = new Array(rows.length - 1);
        for (let i = 1; i < rows.length; i++) data[i - 1] = orgs.get(rows[i]!.id, rows[i]!.record);
        return { admitted: true, nowMs: header.now_ms, result: { data, total: Number(header.total) } };
      }),

    orgByExternalId: (ticket, externalId) =>
      guard.async(async () => {
        // No stored external_id holds U+0000 (PostgreSQL text cannot): such a lookup finds nothing.
        const key = externalId.includes("\u0000") ? null : externalId;
        const row = (await call<Entered & { id: string | null; record: string | null }>(ORG_BY_EXTERNAL_ID, [...head(ticket), key]))[0]!;
        if (row.outcome === "rate") return refusal(row);
        return { admitted: true, nowMs: row.now_ms, result: row.id !== null && row.record !== null ? orgs.get(row.id, row.record) : undefined };
      }),

    addApiKey: (ticket, orgId, draft, quotas) =>
      drafted(
        ticket,
        draft,
        (key, offset) => {
          const record = JSON.stringify(key);
          return call<Entered>(ADD_API_KEY, [...head(ticket), offset, orgId, key.id, record, Buffer.byteLength(record), quotas.stored_bytes]);
        },
        (row): AddResult | NotOwned => (row.outcome === "added" ? { added: true } : row.outcome === "not_owned" ? NOT_OWNED : quota(row.outcome!)),
      ),

    addLoginLink: (ticket, orgId, draft, quotas) =>
      drafted(
        ticket,
        draft,
        (link, offset) => {
          const record = JSON.stringify(link);
          const values = [...head(ticket), offset, orgId, link.token_sha256, link.expires_at_ms, record, Buffer.byteLength(record), quotas.login_links, quotas.stored_bytes];
          return call<Entered>(ADD_LOGIN_LINK, values);
        },
        (row): AddResult | NotOwned => (row.outcome === "added" ? { added: true } : row.outcome === "not_owned" ? NOT_OWNED : quota(row.outcome!)),
      ),
  };

  const appendJournal = (batch: readonly { partnerId: string; entry: JournalEntry }[], keep: number): Promise<void> =>
    guard.async(async () => {
      if (batch.length === 0) return;
      if (keep <= 0) {
        await call({ name: "sandbox_clear_journal", text: "delete from journal where partner_id = any($1)" }, [[...new Set(batch.map((b) => b.partnerId))]]);
        return;
      }
      const partners: string[] = [];
      const statuses: number[] = [];
      const operations: (string | null)[] = [];
      const entries: string[] = [];
      for (const { partnerId, entry } of batch) {
        const { seq: _ignored, ...rest } = entry;
        partners.push(partnerId);
        statuses.push(entry.status);
        operations.push(entry.operation_id);
        entries.push(JSON.stringify(rest));
      }
      await call(APPEND_JOURNAL, [partners, statuses, operations, entries, keep]);
    });

  return {
    requests,
    appendJournal,
    forget: (partnerId) => (partnerId === undefined ? offsets.clear() : offsets.delete(partnerId)),
  };
}
