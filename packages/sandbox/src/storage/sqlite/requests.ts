// The SQLite engine's hot path: each API request's unit of work runs inside one write
// transaction (BEGIN IMMEDIATE … COMMIT) of statements prepared once at open. node:sqlite is a
// synchronous driver, so a unit runs start to end in one step and the process cannot interleave
// two units; units that arrive together share a commit (group commit, below). BEGIN IMMEDIATE
// takes the file's write lock first (waiting up to busy_timeout for another process), so the
// checks and writes of a unit are serialised across processes too. Also the journal's batched appends.
//
// The connection is shared with Kysely's cold path, whose transactions span awaits: a unit that
// finds one open waits for it (TransactionGate) and then runs, still in one synchronous step.
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type { HotPath, HotPathParts } from "../sql/queries.ts";
import { StorageUnavailableError, type Admission, type AddResult, type CreateOrgResult, type JournalEntry, type OrgPage, type Quotas, type RatePolicy, type RequestStore, type StoredOrg, type Ticket, type Unit } from "../types/index.ts";
import type { TransactionGate } from "./dialect.ts";

type Row = Record<string, unknown>;
const num = (value: unknown): number => Number(value ?? 0);
const NOT_OWNED = { notOwned: true } as const;

export function sqliteHotPath(db: DatabaseSync, gate: TransactionGate, { guard, orgs }: HotPathParts): HotPath {
  const prepared: StatementSync[] = [];
  /** `arrays`: rows as arrays (cheaper than objects: the page query returns up to 200 rows). */
  const prepare = (text: string, arrays = false): StatementSync => {
    const statement = db.prepare(text);
    if (arrays) statement.setReturnArrays(true);
    prepared.push(statement);
    return statement;
  };
  const q = {
    begin: prepare("begin immediate"),
    commit: prepare("commit"),
    rollback: prepare("rollback"),
    offset: prepare("select offset_ms from partner_clocks where partner_id = ?"),
    // One policy: spent if its window has room or has ended (?4 = now - window; a window started then or before has ended).
    spendOne: prepare(
      `insert into rate_windows (partner_id, name, started_ms, used) values (?1, ?2, ?3, 1)
       on conflict (partner_id, name) do update set
         started_ms = case when started_ms <= ?4 then ?3 else started_ms end,
         used = case when started_ms <= ?4 then 1 else used + 1 end
       where started_ms <= ?4 or used < ?5
       returning used`,
    ),
    window: prepare("select used, started_ms from rate_windows where partner_id = ? and name = ?"),
    openWindow: prepare(
      `insert into rate_windows (partner_id, name, started_ms, used) values (?1, ?2, ?3, 0)
       on conflict (partner_id, name) do update set started_ms = ?3, used = 0`,
    ),
    spendWindow: prepare("update rate_windows set used = used + 1 where partner_id = ? and name = ?"),
    usage: prepare("select orgs, stored_bytes from partner_usage where partner_id = ?"),
    addUsage: prepare(
      `insert into partner_usage (partner_id, orgs, stored_bytes) values (?, ?, ?)
       on conflict (partner_id) do update set orgs = orgs + excluded.orgs, stored_bytes = stored_bytes + excluded.stored_bytes`,
    ),
    externalIdTaken: prepare("select 1 as taken from orgs where partner_id = ? and external_id = ?"),
    insertOrg: prepare("insert into orgs (id, partner_id, external_id, created_at, name, record, bytes) values (?, ?, ?, ?, ?, ?, ?)"),
    // The page's ids from the ordering index alone (it covers them); records only for orgs not parsed yet.
    page: prepare("select id from orgs where partner_id = ? order by created_at, id limit ? offset ?", true),
    record: prepare("select record from orgs where id = ?"),
    total: prepare("select orgs from partner_usage where partner_id = ?"),
    byExternalId: prepare("select id, record from orgs where partner_id = ? and external_id = ?"),
    owns: prepare("select 1 as owned from orgs where id = ? and partner_id = ?"),
    insertKey: prepare("insert into api_keys (id, partner_id, org_id, record, bytes) values (?, ?, ?, ?, ?)"),
    liveLinks: prepare("select count(*) as n from login_links where partner_id = ? and expires_at_ms > ?"),
    insertLink: prepare("insert into login_links (token_sha256, partner_id, org_id, expires_at_ms, record, bytes) values (?, ?, ?, ?, ?, ?)"),
    journalHead: prepare(
      `insert into journal_heads (partner_id, seq, keep) values (?1, ?2, ?3)
       on conflict (partner_id) do update set seq = seq + excluded.seq, keep = excluded.keep
       returning seq`,
    ),
    journalSlot: prepare(
      `insert into journal (partner_id, slot, seq, status, operation_id, entry) values (?, ?, ?, ?, ?, ?)
       on conflict (partner_id, slot) do update set seq = excluded.seq, status = excluded.status, operation_id = excluded.operation_id, entry = excluded.entry
       where journal.seq < excluded.seq`,
    ),
    journalClear: prepare("delete from journal where partner_id = ?"),
  };

  /** Runs `work` in a write transaction of its own, now. */
  const alone = <T>(work: () => T): T =>
    guard.sync(() => {
      q.begin.run();
      try {
        const result = work();
        q.commit.run();
        return result;
      } catch (error) {
        if (db.isTransaction) q.rollback.run();
        throw error;
      }
    });

  // Group commit: the units that arrive in one turn of the event loop (one poll of the sockets)
  // share one transaction, committed once, in the order they arrived; each is answered after
  // that commit. A commit costs a write to the WAL and the file locks (about 50 µs of system
  // time here, whatever it holds), so sharing it is most of what a unit costs. If any unit
  // throws, nothing of the batch is committed and each unit runs again alone, so one unit's
  // failure is its own (unless the file itself is unusable: then every unit is refused at once).
  // Units are deterministic given the state they read (drafts have no effects).
  let queue: { work: () => unknown; resolve(value: unknown): void; reject(error: unknown): void }[] = [];
  let scheduled = false;
  const flush = (): void => {
    if (gate.busy) {
      void gate.idle().then(flush); // a cold-path Kysely transaction holds the connection
      return;
    }
    scheduled = false;
    const batch = queue;
    queue = [];
    let results: unknown[] | undefined;
    try {
      results = alone(() => batch.map((unit) => unit.work()));
    } catch (error) {
      // The file is unusable (locked by another process past busy_timeout, closed, …): so it is for every unit.
      if (error instanceof StorageUnavailableError) {
        for (const unit of batch) unit.reject(error);
        return;
      }
      for (const unit of batch) {
        try {
          unit.resolve(alone(unit.work));
        } catch (error) {
          unit.reject(error);
        }
      }
      return;
    }
    for (let i = 0; i < batch.length; i++) batch[i]!.resolve(results[i]);
  };
  /** Runs `work` in the next group-committed transaction; resolves once it is committed. */
  const transaction = <T>(work: () => T): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });

  /** The partner's time and, unless already admitted, one unit of each policy (all or none). */
  const admit = (ticket: Ticket): Admission => {
    if (ticket.admittedAtMs !== undefined) return { admitted: true, nowMs: ticket.admittedAtMs };
    const { partnerId, policies } = ticket;
    const nowMs = ticket.wallMs + num((q.offset.get(partnerId) as Row | undefined)?.offset_ms);
    for (let i = 0; i < policies.length; i++) {
      if (policies[i]!.limit <= 0) return { admitted: false, nowMs, policy: i, resetMs: nowMs + policies[i]!.windowMs };
    }
    if (policies.length === 1) {
      const policy = policies[0]!;
      if (q.spendOne.get(partnerId, policy.name, nowMs, nowMs - policy.windowMs, policy.limit)) return { admitted: true, nowMs };
      const window = q.window.get(partnerId, policy.name) as Row;
      return { admitted: false, nowMs, policy: 0, resetMs: num(window.started_ms) + policy.windowMs };
    }
    // Several policies (the transaction holds the write lock): check every one, then spend all.
    const windows = policies.map((policy: RatePolicy) => {
      const row = q.window.get(partnerId, policy.name) as Row | undefined;
      const open = row !== undefined && num(row.started_ms) > nowMs - policy.windowMs;
      if (!open) q.openWindow.run(partnerId, policy.name, nowMs);
      return open ? { used: num(row.used), startedMs: num(row.started_ms) } : { used: 0, startedMs: nowMs };
    });
    for (let i = 0; i < policies.length; i++) {
      if (windows[i]!.used >= policies[i]!.limit) return { admitted: false, nowMs, policy: i, resetMs: windows[i]!.startedMs + policies[i]!.windowMs };
    }
    for (const policy of policies) q.spendWindow.run(partnerId, policy.name);
    return { admitted: true, nowMs };
  };

  /** Admission, then `work` with the partner's time, in one transaction. */
  const unit = <T>(ticket: Ticket, work: (nowMs: number) => T): Promise<Unit<T>> =>
    transaction((): Unit<T> => {
      const admission = admit(ticket);
      if (!admission.admitted) return admission;
      return { admitted: true, nowMs: admission.nowMs, result: work(admission.nowMs) };
    });

  /** The partner's counters (zero before its first write); the transaction holds the write lock. */
  const usage = (partnerId: string): { orgs: number; bytes: number } => {
    const row = q.usage.get(partnerId) as Row | undefined;
    return { orgs: num(row?.orgs), bytes: num(row?.stored_bytes) };
  };

  const owns = (partnerId: string, orgId: string): boolean => q.owns.get(orgId, partnerId) !== undefined;

  const requests: RequestStore = {
    admit: (ticket) => transaction(() => admit(ticket)),

    createOrg: (ticket, draft, quotas: Quotas) =>
      unit(ticket, (nowMs): CreateOrgResult => {
        const org = draft(nowMs);
        if (org.external_id !== null && q.externalIdTaken.get(org.partner_id, org.external_id)) return { conflict: true };
        const record = JSON.stringify(org);
        const bytes = Buffer.byteLength(record);
        const counters = usage(org.partner_id);
        if (counters.orgs + 1 > quotas.orgs) return { quota: "orgs" };
        if (counters.bytes + bytes > quotas.stored_bytes) return { quota: "stored_bytes" };
        q.insertOrg.run(org.id, org.partner_id, org.external_id, org.created_at, org.name, record, bytes);
        q.addUsage.run(org.partner_id, 1, bytes);
        return { created: org };
      }),

    listOrgs: (ticket, limit, offset) =>
      unit(ticket, (): OrgPage => {
        const rows = q.page.all(ticket.partnerId, limit, offset) as unknown as [string][];
        const data: StoredOrg[] = new Array(rows.length);
        for (let i = 0; i < rows.length; i++) {
          const id = rows[i]![0];
          data[i] = orgs.cached(id) ?? orgs.get(id, (q.record.get(id) as Row).record as string);
        }
        return { data, total: num((q.total.get(ticket.partnerId) as Row | undefined)?.orgs) };
      }),

    orgByExternalId: (ticket, externalId) =>
      unit(ticket, () => {
        const row = q.byExternalId.get(ticket.partnerId, externalId) as Row | undefined;
        return row ? orgs.get(row.id as string, row.record as string) : undefined;
      }),

    addApiKey: (ticket, orgId, draft, quotas) =>
      unit(ticket, (nowMs): AddResult | typeof NOT_OWNED => {
        if (!owns(ticket.partnerId, orgId)) return NOT_OWNED;
        const key = draft(nowMs);
        const record = JSON.stringify(key);
        const bytes = Buffer.byteLength(record);
        if (usage(key.partner_id).bytes + bytes > quotas.stored_bytes) return { quota: "stored_bytes" };
        q.insertKey.run(key.id, key.partner_id, key.org_id, record, bytes);
        q.addUsage.run(key.partner_id, 0, bytes);
        return { added: true };
      }),

    addLoginLink: (ticket, orgId, draft, quotas) =>
      unit(ticket, (nowMs): AddResult | typeof NOT_OWNED => {
        if (!owns(ticket.partnerId, orgId)) return NOT_OWNED;
        const link = draft(nowMs);
        const record = JSON.stringify(link);
        const bytes = Buffer.byteLength(record);
        if (num((q.liveLinks.get(link.partner_id, nowMs) as Row).n) >= quotas.login_links) return { quota: "login_links" };
        if (usage(link.partner_id).bytes + bytes > quotas.stored_bytes) return { quota: "stored_bytes" };
        q.insertLink.run(link.token_sha256, link.partner_id, link.org_id, link.expires_at_ms, record, bytes);
        q.addUsage.run(link.partner_id, 0, bytes);
        return { added: true };
      }),
  };

  const appendJournal = (batch: readonly { partnerId: string; entry: JournalEntry }[], keep: number): Promise<void> =>
    transaction(() => {
      const byPartner = new Map<string, JournalEntry[]>();
      for (const { partnerId, entry } of batch) {
        const list = byPartner.get(partnerId);
        if (list) list.push(entry);
        else byPartner.set(partnerId, [entry]);
      }
      for (const [partnerId, entries] of byPartner) {
        if (keep <= 0) {
          q.journalClear.run(partnerId);
          continue;
        }
        const last = num((q.journalHead.get(partnerId, entries.length, keep) as Row).seq);
        const first = Math.max(last - entries.length + 1, last - keep + 1); // a batch larger than keep keeps its newest
        for (let seq = first; seq <= last; seq++) {
          const { seq: _ignored, ...rest } = entries[seq - (last - entries.length + 1)]!;
          q.journalSlot.run(partnerId, seq % keep, seq, rest.status, rest.operation_id, JSON.stringify(rest));
        }
      }
    });

  return {
    requests,
    appendJournal,
    close: () => {
      prepared.length = 0; // node:sqlite finalizes statements with their database
    },
  };
}
