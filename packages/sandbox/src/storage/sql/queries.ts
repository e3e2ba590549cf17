// The SandboxStorage of both SQL engines: the cold paths written once over Kysely (controls, the
// page, the login page, the sweep, journal reads), and each engine's hot path — the request
// path's units of work and the journal's batched writes — from the engine itself (HotPath:
// ../sqlite/requests.ts as prepared node:sqlite statements, ../postgres/requests.ts as one
// server-side function call per request). ../sqlite/ and ../postgres/ open a connection, run the
// migrations and say which driver errors mean "the database does not answer". Atomicity comes
// from the database, never from this process:
// - an org's external_id is unique by the unique index;
// - a login link is consumed by one DELETE … RETURNING (a racing second delete finds no row);
// - a request's rate windows, its write and its quota counters change in one transaction, and a
//   partner's counter row lock serialises its quota checks across instances.
import { sql, type Kysely, type Transaction } from "kysely";
import { uuidV7Factory } from "../../common/secrets.ts";
import { andThen, type MaybePromise } from "../maybe.ts";
import { byCreation } from "../types/index.ts";
import type {
  JournalEntry,
  LoginLinkVisit,
  RateWindow,
  RequestStore,
  SandboxStorage,
  StorageUnavailableError,
  StoredApiKey,
  StoredLoginLink,
  Ticket,
  Unit,
  Usage,
} from "../types/index.ts";
import { guards, type Guards } from "./guard.ts";
import { OrgCache } from "./org-cache.ts";
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
   * Run first in each cold-path transaction whose commit must be on disk before the caller is
   * answered (clocks, link consumption, resets). Where the engine commits without waiting for
   * the disk by default (PostgreSQL here), this turns the wait back on.
   */
  durable?: (trx: Tx) => Promise<void>;
}

/** What an engine runs its own way, with its statements prepared once: the request path and the journal's writes. */
export interface HotPath {
  requests: RequestStore;
  appendJournal(batch: readonly { partnerId: string; entry: JournalEntry }[], keep: number): MaybePromise<void>;
  /** This instance moved a partner's clock or reset partners (undefined: all): drop what was cached of them. */
  forget?(partnerId?: string): void;
  /** Closes what the hot path holds (prepared statements), before the connection closes. */
  close?(): void;
}

/** What an engine's hot path is built with. */
export interface HotPathParts {
  guard: Guards;
  orgs: OrgCache;
}

const num = (value: unknown): number => Number(value ?? 0);

async function inTransaction<T>(db: Db, work: (trx: Tx) => Promise<T>, durable?: (trx: Tx) => Promise<void>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    if (durable) await durable(trx);
    return work(trx);
  });
}

async function offsetOf(db: Runner, partnerId: string): Promise<number> {
  const row = await db.selectFrom("partner_clocks").select("offset_ms").where("partner_id", "=", partnerId).executeTakeFirst();
  return num(row?.offset_ms);
}

async function releaseBytes(trx: Runner, partnerId: string, bytes: number): Promise<void> {
  await trx
    .updateTable("partner_usage")
    .set((eb) => ({ stored_bytes: eb(eb.ref("stored_bytes"), "-", bytes) }))
    .where("partner_id", "=", partnerId)
    .execute();
}

/** The unit's result, for the calls that bypass admission (a ticket with admittedAtMs). */
function admittedResult<T>(unit: Unit<T>): T {
  if (!unit.admitted) throw new Error("a unit without policies cannot be refused");
  return unit.result;
}

/** A ticket for a call outside the request path: no policies, the partner's time given (or irrelevant). */
const direct = (partnerId: string, nowMs = 0): Ticket => ({ partnerId, policies: [], wallMs: nowMs, admittedAtMs: nowMs });

function owned<T>(result: T | { notOwned: true }): T {
  if (typeof result === "object" && result !== null && "notOwned" in result) throw new Error("the record's org is not the partner's");
  return result as T;
}

export function sqlStorage(engine: SqlEngine, hotPath: (parts: HotPathParts) => HotPath): SandboxStorage {
  const { db } = engine;
  /** A transaction whose commit is durable before it returns. */
  const durably = <T>(work: (trx: Tx) => Promise<T>): Promise<T> => inTransaction(db, work, engine.durable);
  const nextId = uuidV7Factory();
  let closed = false;
  const guard = guards({ engine: engine.engine, unavailable: engine.unavailable, deadlineMs: engine.deadlineMs, closed: () => closed });
  const orgs = new OrgCache();
  const hot = hotPath({ guard, orgs });
  const { requests } = hot;
  /** A hot-path answer as a promise: a synchronous throw (node:sqlite) becomes a rejection. */
  const settled = <T>(work: () => MaybePromise<T>): Promise<T> => {
    try {
      const value = work();
      return value instanceof Promise ? value : Promise.resolve(value);
    } catch (error) {
      return Promise.reject(error);
    }
  };

  const storage: SandboxStorage = {
    engine: engine.engine,
    requests,

    // The request path's operations, outside a request (tests, tools): the same units, without admission.
    admit: (partnerId, policies, wallMs) => settled(() => requests.admit({ partnerId, policies, wallMs })),
    createOrg: (org, quotas) => settled(() => andThen(requests.createOrg(direct(org.partner_id), () => org, quotas), admittedResult)),
    addApiKey: (key, quotas) => settled(() => andThen(requests.addApiKey(direct(key.partner_id), key.org_id, () => key, quotas), (u) => owned(admittedResult(u)))),
    addLoginLink: (link, quotas, nowMs) =>
      settled(() => andThen(requests.addLoginLink(direct(link.partner_id, nowMs), link.org_id, () => link, quotas), (u) => owned(admittedResult(u)))),
    appendJournal: (batch, keep) => settled(() => hot.appendJournal(batch, keep)),

    partnerNow: (partnerId, wallMs) => guard.async(async () => wallMs + (await offsetOf(db, partnerId))),

    advanceClock: (partnerId, ms) =>
      guard.async(async () => {
        const offset = await durably(async (trx) => {
          const row = await trx
            .insertInto("partner_clocks")
            .values({ partner_id: partnerId, offset_ms: ms })
            .onConflict((oc) => oc.column("partner_id").doUpdateSet((eb) => ({ offset_ms: eb(eb.ref("partner_clocks.offset_ms"), "+", eb.ref("excluded.offset_ms")) })))
            .returning("offset_ms")
            .executeTakeFirstOrThrow();
          return num(row.offset_ms);
        });
        hot.forget?.(partnerId);
        return offset;
      }),

    clockOffsetMs: (partnerId) => guard.async(() => offsetOf(db, partnerId)),

    rateWindows: (partnerId) =>
      guard.async(async () => {
        const rows = await db.selectFrom("rate_windows").select(["name", "used", "started_ms"]).where("partner_id", "=", partnerId).orderBy("name").execute();
        return rows.map((r): RateWindow => ({ name: r.name, used: num(r.used), startedMs: num(r.started_ms) }));
      }),

    newOrgId: (nowMs) => nextId(nowMs),

    listOrgs: (partnerId, limit, offset) =>
      guard.async(async () => {
        const [rows, usage] = await Promise.all([
          db.selectFrom("orgs").select(["id", "record"]).where("partner_id", "=", partnerId).orderBy("created_at").orderBy("id").limit(limit).offset(offset).execute(),
          db.selectFrom("partner_usage").select("orgs").where("partner_id", "=", partnerId).executeTakeFirst(),
        ]);
        return { data: rows.map((r) => orgs.get(r.id, r.record)), total: num(usage?.orgs) };
      }),

    orgByExternalId: (partnerId, externalId) =>
      guard.async(async () => {
        // No stored external_id holds U+0000 (request bodies refuse it; PostgreSQL text cannot
        // hold it), so a lookup for one finds nothing, rather than failing in the driver.
        if (externalId.includes("\u0000")) return undefined;
        const row = await db.selectFrom("orgs").select(["id", "record"]).where("partner_id", "=", partnerId).where("external_id", "=", externalId).executeTakeFirst();
        return row ? orgs.get(row.id, row.record) : undefined;
      }),

    apiKeysOfOrgs: (partnerId, orgIds) =>
      guard.async(async () => {
        if (orgIds.length === 0) return []; // `in ()` is not SQL
        const rows = await db.selectFrom("api_keys").select("record").where("partner_id", "=", partnerId).where("org_id", "in", [...orgIds]).execute();
        // created_at lives in the record (no column of its own): ordered here, as the memory engine does.
        return rows.map((r) => JSON.parse(r.record) as StoredApiKey).sort(byCreation);
      }),

    ownedOrg: (partnerId, orgId) =>
      guard.async(async () => {
        const row = await db.selectFrom("orgs").select(["id", "record"]).where("id", "=", orgId).where("partner_id", "=", partnerId).executeTakeFirst();
        return row ? orgs.get(row.id, row.record) : undefined;
      }),

    peekLoginLink: (tokenSha256, wallMs) =>
      guard.async(async () => {
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
      guard.async(() =>
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
      guard.async(async () => {
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
      guard.async(async (): Promise<Usage> => {
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
      guard.async(() =>
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

    readJournal: (partnerId, query) =>
      guard.async(async () => {
        // The ring keeps the newest `keep` (the head's); older slots left by a larger keep are not read.
        let q = db
          .selectFrom("journal as j")
          .innerJoin("journal_heads as h", "h.partner_id", "j.partner_id")
          .select(["j.seq", "j.entry"])
          .where("j.partner_id", "=", partnerId)
          .whereRef("j.seq", ">", (eb) => eb(eb.ref("h.seq"), "-", eb.ref("h.keep")));
        if (query.before !== undefined) q = q.where("j.seq", "<", query.before);
        if (query.status !== undefined) q = q.where("j.status", "=", query.status);
        if (query.operation_id !== undefined) q = q.where("j.operation_id", "=", query.operation_id);
        const rows = await q.orderBy("j.seq", "desc").limit(query.limit).execute();
        return rows.map((r): JournalEntry => ({ ...(JSON.parse(r.entry) as JournalEntry), seq: num(r.seq) }));
      }),

    resetPartner: (partnerId) =>
      guard.async(async () => {
        await durably(async (trx) => {
          for (const table of PARTNER_TABLES) await trx.deleteFrom(table).where("partner_id", "=", partnerId).execute();
        });
        hot.forget?.(partnerId);
      }),

    resetAll: () =>
      guard.async(async () => {
        await durably(async (trx) => {
          for (const table of PARTNER_TABLES) await trx.deleteFrom(table).execute();
        });
        hot.forget?.();
        orgs.clear();
      }),

    ping: () =>
      guard.async(async () => {
        await sql`select 1`.execute(db);
      }),

    close: async () => {
      if (closed) return;
      closed = true;
      hot.close?.();
      await db.destroy();
    },
  };
  if (engine.poolStats) storage.poolStats = engine.poolStats;
  return storage;
}
