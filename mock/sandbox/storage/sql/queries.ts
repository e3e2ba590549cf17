// The SandboxStorage of both SQL engines, written once over Kysely: ../sqlite/ and ../postgres/
// only open a connection, run the migrations and say which driver errors mean "the database
// does not answer". Atomicity comes from the database, never from this process:
// - an org's external_id is unique by the unique index: INSERT … ON CONFLICT DO NOTHING RETURNING;
// - a login link is consumed by one DELETE … RETURNING (a racing second delete finds no row);
// - a rate window is spent by one conditional upsert per policy (ON CONFLICT DO UPDATE … WHERE
//   there is room … RETURNING); several policies share one transaction, so none is spent unless all are;
// - quotas: a write and its partner_usage counter change in one transaction. The counter's row
//   lock (taken by the upsert) serialises one partner's quota checks across instances.
// A transaction that must not commit throws Rollback with the answer to give.
import { sql, type Kysely, type Transaction } from "kysely";
import { uuidV7Factory } from "../../secrets.ts";
import {
  StorageUnavailableError,
  type AddResult,
  type Admission,
  type CreateOrgResult,
  type JournalEntry,
  type LoginLinkVisit,
  type QuotaName,
  type Quotas,
  type RatePolicy,
  type RateWindow,
  type RequestStore,
  type SandboxStorage,
  type Ticket,
  type Unit,
  type StoredApiKey,
  type StoredLoginLink,
  type StoredOrg,
  type Usage,
} from "../types/index.ts";
import { PARTNER_TABLES, type SandboxDb } from "./schema.ts";

type Db = Kysely<SandboxDb>;
type Tx = Transaction<SandboxDb>;
type Runner = Db | Tx;

export interface SqlEngine {
  engine: "sqlite" | "postgres";
  db: Db;
  /** The StorageUnavailableError a driver error stands for, or undefined for any other error. */
  unavailable(error: unknown): StorageUnavailableError | undefined;
  poolStats?: () => { total: number; idle: number; waiting: number };
  /** Bounds every call (PostgreSQL: the statement timeout), so a lost database never hangs a caller. */
  deadlineMs?: number;
  /**
   * Run first in each transaction whose commit must be on disk before the caller is answered
   * (orgs, keys, links, their consumption, clocks, resets). Where the engine commits without
   * waiting for the disk by default (PostgreSQL here: rate windows, the journal and the sweep
   * are not worth an fsync each), this turns the wait back on.
   */
  durable?: (trx: Tx) => Promise<void>;
}

class Rollback<T> extends Error {
  readonly value: T;
  constructor(value: T) {
    super("rollback");
    this.value = value;
  }
}

const byteLength = (text: string): number => Buffer.byteLength(text, "utf8");
const num = (value: unknown): number => Number(value ?? 0);

async function inTransaction<T>(db: Db, work: (trx: Tx) => Promise<T>, durable?: (trx: Tx) => Promise<void>): Promise<T> {
  try {
    return await db.transaction().execute(async (trx) => {
      if (durable) await durable(trx);
      return work(trx);
    });
  } catch (error) {
    if (error instanceof Rollback) return error.value as T;
    throw error;
  }
}

async function offsetOf(db: Runner, partnerId: string): Promise<number> {
  const row = await db.selectFrom("partner_clocks").select("offset_ms").where("partner_id", "=", partnerId).executeTakeFirst();
  return num(row?.offset_ms);
}

/** Adds to a partner's counters and returns them after the change (the row stays locked until commit). */
async function spend(trx: Tx, partnerId: string, orgs: number, bytes: number): Promise<{ orgs: number; stored_bytes: number }> {
  const row = await trx
    .insertInto("partner_usage")
    .values({ partner_id: partnerId, orgs, stored_bytes: bytes })
    .onConflict((oc) =>
      oc.column("partner_id").doUpdateSet((eb) => ({
        orgs: eb(eb.ref("partner_usage.orgs"), "+", eb.ref("excluded.orgs")),
        stored_bytes: eb(eb.ref("partner_usage.stored_bytes"), "+", eb.ref("excluded.stored_bytes")),
      })),
    )
    .returning(["orgs", "stored_bytes"])
    .executeTakeFirstOrThrow();
  return { orgs: num(row.orgs), stored_bytes: num(row.stored_bytes) };
}

async function releaseBytes(trx: Runner, partnerId: string, bytes: number): Promise<void> {
  await trx
    .updateTable("partner_usage")
    .set((eb) => ({ stored_bytes: eb(eb.ref("stored_bytes"), "-", bytes) }))
    .where("partner_id", "=", partnerId)
    .execute();
}

/** One policy's conditional spend: a row back means admitted (and spent). */
async function spendWindow(db: Runner, partnerId: string, policy: RatePolicy, nowMs: number): Promise<boolean> {
  const openedBefore = nowMs - policy.windowMs; // a window started at or before this has ended
  const row = await db
    .insertInto("rate_windows")
    .values({ partner_id: partnerId, name: policy.name, started_ms: nowMs, used: 1 })
    .onConflict((oc) =>
      oc
        .columns(["partner_id", "name"])
        .doUpdateSet((eb) => {
          const ended = eb(eb.ref("rate_windows.started_ms"), "<=", openedBefore);
          return {
            started_ms: eb.case().when(ended).then(nowMs).else(eb.ref("rate_windows.started_ms")).end(),
            used: eb.case().when(ended).then(1).else(eb(eb.ref("rate_windows.used"), "+", 1)).end(),
          };
        })
        .where((eb) => eb.or([eb("rate_windows.started_ms", "<=", openedBefore), eb("rate_windows.used", "<", policy.limit)])),
    )
    .returning("used")
    .executeTakeFirst();
  return row !== undefined;
}

async function refusal(db: Runner, partnerId: string, policies: readonly RatePolicy[], index: number, nowMs: number): Promise<Admission> {
  const policy = policies[index]!;
  const row = await db
    .selectFrom("rate_windows")
    .select("started_ms")
    .where("partner_id", "=", partnerId)
    .where("name", "=", policy.name)
    .executeTakeFirst();
  const started = row ? num(row.started_ms) : nowMs;
  return { admitted: false, nowMs, policy: index, resetMs: started + policy.windowMs };
}

/**
 * The request path's units as separate steps: the admission, then the operation (each its own
 * transaction). Correct, since each step is atomic, but not one unit of work.
 */
function separateSteps(s: SandboxStorage): RequestStore {
  const admit = (t: Ticket): Promise<Admission> =>
    t.admittedAtMs !== undefined ? Promise.resolve({ admitted: true, nowMs: t.admittedAtMs }) : s.admit(t.partnerId, t.policies, t.wallMs);
  const unit = async <T>(t: Ticket, work: (nowMs: number) => Promise<T>): Promise<Unit<T>> => {
    const admission = await admit(t);
    if (!admission.admitted) return admission;
    return { admitted: true, nowMs: admission.nowMs, result: await work(admission.nowMs) };
  };
  return {
    admit,
    createOrg: (t, draft, quotas) => unit(t, (nowMs) => s.createOrg(draft(nowMs), quotas)),
    listOrgs: (t, limit, offset) => unit(t, () => s.listOrgs(t.partnerId, limit, offset)),
    orgByExternalId: (t, externalId) => unit(t, () => s.orgByExternalId(t.partnerId, externalId)),
    addApiKey: (t, orgId, draft, quotas) =>
      unit(t, async (nowMs) => ((await s.ownedOrg(t.partnerId, orgId)) ? s.addApiKey(draft(nowMs), quotas) : { notOwned: true as const })),
    addLoginLink: (t, orgId, draft, quotas) =>
      unit(t, async (nowMs) => ((await s.ownedOrg(t.partnerId, orgId)) ? s.addLoginLink(draft(nowMs), quotas, nowMs) : { notOwned: true as const })),
  };
}

function orgFromRow(row: { record: string }): StoredOrg {
  return JSON.parse(row.record) as StoredOrg;
}

export function sqlStorage(engine: SqlEngine): SandboxStorage {
  const { db } = engine;
  /** A transaction whose commit is durable before it returns. */
  const durably = <T>(work: (trx: Tx) => Promise<T>): Promise<T> => inTransaction(db, work, engine.durable);
  const nextId = uuidV7Factory();
  let closed = false;

  // Every call: driver errors that mean "no database" become StorageUnavailableError, and no
  // call outlives the deadline (a half-open connection must not hang a request).
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    if (closed) throw new StorageUnavailableError(`${engine.engine} storage is closed`);
    let timer: NodeJS.Timeout | undefined;
    try {
      const running = work();
      if (engine.deadlineMs === undefined) return await running;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new StorageUnavailableError(`${engine.engine} did not answer within ${engine.deadlineMs} ms`)),
          engine.deadlineMs,
        );
      });
      running.catch(() => {}); // its rejection is reported by the race, or was outrun by the deadline
      return await Promise.race([running, deadline]);
    } catch (error) {
      if (error instanceof StorageUnavailableError) throw error;
      throw engine.unavailable(error) ?? error;
    } finally {
      if (timer) clearTimeout(timer);
    }
  };

  const storage: SandboxStorage = {
    engine: engine.engine,
    get requests() {
      return requests;
    },

    admit: (partnerId, policies, wallMs) =>
      guard(async () => {
        const nowMs = wallMs + (await offsetOf(db, partnerId));
        const empty = policies.findIndex((p) => p.limit <= 0);
        if (empty >= 0) return { admitted: false, nowMs, policy: empty, resetMs: nowMs + policies[empty]!.windowMs };
        if (policies.length === 0) return { admitted: true, nowMs };
        if (policies.length === 1) {
          return (await spendWindow(db, partnerId, policies[0]!, nowMs)) ? { admitted: true, nowMs } : refusal(db, partnerId, policies, 0, nowMs);
        }
        // Rows are locked in name order, so two requests with overlapping policies cannot deadlock.
        const order = policies.map((_, i) => i).sort((a, b) => (policies[a]!.name < policies[b]!.name ? -1 : 1));
        const refusedAt = await inTransaction(db, async (trx) => {
          for (const i of order) if (!(await spendWindow(trx, partnerId, policies[i]!, nowMs))) throw new Rollback(i);
          return -1;
        });
        if (refusedAt < 0) return { admitted: true, nowMs };
        // Report the first full policy in the caller's order, as the memory engine does.
        const windows = await db
          .selectFrom("rate_windows")
          .select(["name", "used", "started_ms"])
          .where("partner_id", "=", partnerId)
          .where("name", "in", policies.map((p) => p.name))
          .execute();
        const full = policies.findIndex((p) => {
          const w = windows.find((row) => row.name === p.name);
          return w !== undefined && num(w.started_ms) > nowMs - p.windowMs && num(w.used) >= p.limit;
        });
        const index = full >= 0 ? full : refusedAt;
        const started = windows.find((row) => row.name === policies[index]!.name);
        return { admitted: false, nowMs, policy: index, resetMs: (started ? num(started.started_ms) : nowMs) + policies[index]!.windowMs };
      }),

    partnerNow: (partnerId, wallMs) => guard(async () => wallMs + (await offsetOf(db, partnerId))),

    advanceClock: (partnerId, ms) =>
      guard(() =>
        durably(async (trx) => {
          const row = await trx
            .insertInto("partner_clocks")
            .values({ partner_id: partnerId, offset_ms: ms })
            .onConflict((oc) => oc.column("partner_id").doUpdateSet((eb) => ({ offset_ms: eb(eb.ref("partner_clocks.offset_ms"), "+", eb.ref("excluded.offset_ms")) })))
            .returning("offset_ms")
            .executeTakeFirstOrThrow();
          return num(row.offset_ms);
        }),
      ),

    clockOffsetMs: (partnerId) => guard(() => offsetOf(db, partnerId)),

    rateWindows: (partnerId) =>
      guard(async () => {
        const rows = await db.selectFrom("rate_windows").select(["name", "used", "started_ms"]).where("partner_id", "=", partnerId).orderBy("name").execute();
        return rows.map((r): RateWindow => ({ name: r.name, used: num(r.used), startedMs: num(r.started_ms) }));
      }),

    newOrgId: (nowMs) => nextId(nowMs),

    createOrg: (org, quotas) =>
      guard(() => {
        const record = JSON.stringify(org);
        const bytes = byteLength(record);
        return durably(async (trx): Promise<CreateOrgResult> => {
          const inserted = await trx
            .insertInto("orgs")
            .values({ id: org.id, partner_id: org.partner_id, external_id: org.external_id, created_at: org.created_at, name: org.name, record, bytes })
            .onConflict((oc) => oc.columns(["partner_id", "external_id"]).doNothing())
            .returning("id")
            .executeTakeFirst();
          if (!inserted) throw new Rollback<CreateOrgResult>({ conflict: true });
          const usage = await spend(trx, org.partner_id, 1, bytes);
          const full = usage.orgs > quotas.orgs ? "orgs" : usage.stored_bytes > quotas.stored_bytes ? "stored_bytes" : undefined;
          if (full) throw new Rollback<CreateOrgResult>({ quota: full });
          return { created: org };
        });
      }),

    listOrgs: (partnerId, limit, offset) =>
      guard(async () => {
        const [rows, usage] = await Promise.all([
          db
            .selectFrom("orgs")
            .select("record")
            .where("partner_id", "=", partnerId)
            .orderBy("created_at")
            .orderBy("id")
            .limit(limit)
            .offset(offset)
            .execute(),
          db.selectFrom("partner_usage").select("orgs").where("partner_id", "=", partnerId).executeTakeFirst(),
        ]);
        return { data: rows.map(orgFromRow), total: num(usage?.orgs) };
      }),

    orgByExternalId: (partnerId, externalId) =>
      guard(async () => {
        // No stored external_id holds U+0000 (request bodies refuse it; PostgreSQL text cannot
        // hold it), so a lookup for one finds nothing, rather than failing in the driver.
        if (externalId.includes("\u0000")) return undefined;
        const row = await db.selectFrom("orgs").select("record").where("partner_id", "=", partnerId).where("external_id", "=", externalId).executeTakeFirst();
        return row ? orgFromRow(row) : undefined;
      }),

    ownedOrg: (partnerId, orgId) =>
      guard(async () => {
        const row = await db.selectFrom("orgs").select("record").where("id", "=", orgId).where("partner_id", "=", partnerId).executeTakeFirst();
        return row ? orgFromRow(row) : undefined;
      }),

    addApiKey: (key: StoredApiKey, quotas: Quotas) =>
      guard(() => {
        const record = JSON.stringify(key);
        const bytes = byteLength(record);
        return durably(async (trx): Promise<AddResult> => {
          await trx.insertInto("api_keys").values({ id: key.id, partner_id: key.partner_id, org_id: key.org_id, record, bytes }).execute();
          const usage = await spend(trx, key.partner_id, 0, bytes);
          if (usage.stored_bytes > quotas.stored_bytes) throw new Rollback<AddResult>({ quota: "stored_bytes" });
          return { added: true };
        });
      }),

    addLoginLink: (link: StoredLoginLink, quotas: Quotas, nowMs: number) =>
      guard(() => {
        const record = JSON.stringify(link);
        const bytes = byteLength(record);
        return durably(async (trx): Promise<AddResult> => {
          // The counter row first: it serialises this partner's link quota checks.
          const usage = await spend(trx, link.partner_id, 0, bytes);
          const live = await trx
            .selectFrom("login_links")
            .select((eb) => eb.fn.countAll().as("n"))
            .where("partner_id", "=", link.partner_id)
            .where("expires_at_ms", ">", nowMs)
            .executeTakeFirstOrThrow();
          let full: QuotaName | undefined;
          if (num(live.n) >= quotas.login_links) full = "login_links";
          else if (usage.stored_bytes > quotas.stored_bytes) full = "stored_bytes";
          if (full) throw new Rollback<AddResult>({ quota: full });
          await trx
            .insertInto("login_links")
            .values({ token_sha256: link.token_sha256, partner_id: link.partner_id, org_id: link.org_id, expires_at_ms: link.expires_at_ms, record, bytes })
            .execute();
          return { added: true };
        });
      }),

    peekLoginLink: (tokenSha256, wallMs) =>
      guard(async () => {
        const row = await db
          .selectFrom("login_links as l")
          .leftJoin("orgs as o", "o.id", "l.org_id")
          .leftJoin("partner_clocks as c", "c.partner_id", "l.partner_id")
          .select(["l.record", "l.expires_at_ms", "o.name", "c.offset_ms"])
          .where("l.token_sha256", "=", tokenSha256)
          .executeTakeFirst();
        if (!row || num(row.expires_at_ms) <= wallMs + num(row.offset_ms)) return undefined;
        return { link: JSON.parse(row.record) as StoredLoginLink, orgName: row.name ?? "" };
      }),

    consumeLoginLink: (tokenSha256, wallMs) =>
      guard(() =>
        durably(async (trx): Promise<LoginLinkVisit | undefined> => {
          // The one atomic step: whoever deletes the row has the link; every other caller finds none.
          const gone = await trx
            .deleteFrom("login_links")
            .where("token_sha256", "=", tokenSha256)
            .returning(["record", "partner_id", "org_id", "expires_at_ms", "bytes"])
            .executeTakeFirst();
          if (!gone) return undefined;
          await releaseBytes(trx, gone.partner_id, num(gone.bytes));
          const [offset, org] = await Promise.all([
            offsetOf(trx, gone.partner_id),
            trx.selectFrom("orgs").select("name").where("id", "=", gone.org_id).executeTakeFirst(),
          ]);
          if (num(gone.expires_at_ms) <= wallMs + offset) return undefined; // expired: gone all the same
          return { link: JSON.parse(gone.record) as StoredLoginLink, orgName: org?.name ?? "" };
        }),
      ),

    openLoginLinks: (partnerId, nowMs) =>
      guard(async () => {
        const rows = await db
          .selectFrom("login_links")
          .select("record")
          .where("partner_id", "=", partnerId)
          .where("expires_at_ms", ">", nowMs)
          .orderBy("expires_at_ms")
          .orderBy("token_sha256")
          .execute();
        return rows.map((r) => JSON.parse(r.record) as StoredLoginLink);
      }),

    usage: (partnerId, nowMs) =>
      guard(async (): Promise<Usage> => {
        const [counters, live] = await Promise.all([
          db.selectFrom("partner_usage").select(["orgs", "stored_bytes"]).where("partner_id", "=", partnerId).executeTakeFirst(),
          db
            .selectFrom("login_links")
            .select((eb) => eb.fn.countAll().as("n"))
            .where("partner_id", "=", partnerId)
            .where("expires_at_ms", ">", nowMs)
            .executeTakeFirstOrThrow(),
        ]);
        return { orgs: num(counters?.orgs), login_links: num(live.n), stored_bytes: num(counters?.stored_bytes) };
      }),

    sweepExpired: (wallMs) =>
      guard(() =>
        inTransaction(db, async (trx) => {
          // Clocks only move forward, so no link past wallMs + the largest offset can have expired:
          // that bound lets the expiry index do the work; the per-partner offset decides.
          const max = await trx.selectFrom("partner_clocks").select((eb) => eb.fn.max("offset_ms").as("m")).executeTakeFirst();
          const gone = await trx
            .deleteFrom("login_links")
            .where("expires_at_ms", "<=", wallMs + Math.max(0, num(max?.m)))
            .where((eb) =>
              eb(
                "expires_at_ms",
                "<=",
                eb(
                  eb.val(wallMs),
                  "+",
                  eb.fn.coalesce(eb.selectFrom("partner_clocks as c").select("c.offset_ms").whereRef("c.partner_id", "=", "login_links.partner_id"), eb.val(0)),
                ),
              ),
            )
            .returning(["partner_id", "bytes"])
            .execute();
          const bytes = new Map<string, number>();
          for (const row of gone) bytes.set(row.partner_id, (bytes.get(row.partner_id) ?? 0) + num(row.bytes));
          for (const partnerId of [...bytes.keys()].sort()) await releaseBytes(trx, partnerId, bytes.get(partnerId)!);
          return gone.length;
        }),
      ),

    appendJournal: (batch, keep) =>
      guard(async () => {
        if (batch.length === 0) return;
        const byPartner = new Map<string, JournalEntry[]>();
        for (const { partnerId, entry } of batch) {
          const list = byPartner.get(partnerId);
          if (list) list.push(entry);
          else byPartner.set(partnerId, [entry]);
        }
        for (const [partnerId, entries] of byPartner) {
          // The partner's sequence numbers for the whole batch by one statement of its own: the
          // head row is locked only for that statement, not across the insert and the trim.
          const head = await db
            .insertInto("journal_heads")
            .values({ partner_id: partnerId, seq: entries.length })
            .onConflict((oc) => oc.column("partner_id").doUpdateSet((eb) => ({ seq: eb(eb.ref("journal_heads.seq"), "+", entries.length) })))
            .returning("seq")
            .executeTakeFirstOrThrow();
          const last = num(head.seq);
          const first = last - entries.length + 1;
          await inTransaction(db, async (trx) => {
            await trx
              .insertInto("journal")
              .values(
                entries.map((entry, i) => {
                  const { seq: _ignored, ...rest } = entry;
                  return { partner_id: partnerId, seq: first + i, status: entry.status, operation_id: entry.operation_id, entry: JSON.stringify(rest) };
                }),
              )
              .execute();
            await trx.deleteFrom("journal").where("partner_id", "=", partnerId).where("seq", "<=", last - keep).execute();
          });
        }
      }),

    readJournal: (partnerId, query) =>
      guard(async () => {
        let q = db.selectFrom("journal").select(["seq", "entry"]).where("partner_id", "=", partnerId);
        if (query.before !== undefined) q = q.where("seq", "<", query.before);
        if (query.status !== undefined) q = q.where("status", "=", query.status);
        if (query.operation_id !== undefined) q = q.where("operation_id", "=", query.operation_id);
        const rows = await q.orderBy("seq", "desc").limit(query.limit).execute();
        return rows.map((r): JournalEntry => ({ ...(JSON.parse(r.entry) as JournalEntry), seq: num(r.seq) }));
      }),

    resetPartner: (partnerId) =>
      guard(() =>
        durably(async (trx) => {
          for (const table of PARTNER_TABLES) await trx.deleteFrom(table).where("partner_id", "=", partnerId).execute();
        }),
      ),

    resetAll: () =>
      guard(() =>
        durably(async (trx) => {
          for (const table of PARTNER_TABLES) await trx.deleteFrom(table).execute();
        }),
      ),

    ping: () =>
      guard(async () => {
        await sql`select 1`.execute(db);
      }),

    close: async () => {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
  const requests = separateSteps(storage);
  if (engine.poolStats) storage.poolStats = engine.poolStats;
  return storage;
}
