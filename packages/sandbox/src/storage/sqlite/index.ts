// The `sqlite` engine (--state FILE): one SQLite file through Node's built-in node:sqlite, in
// WAL mode, one small transaction per change (no whole-file rewrite): each API request's unit of
// work is one transaction of statements prepared once (./requests.ts); the cold paths go
// through Kysely (../sql/queries.ts) on the same connection.
//
// synchronous=NORMAL by default: in WAL mode a commit has written its frames to the WAL file
// (write(2), into the kernel's page cache) before it returns, so an acknowledged write survives
// kill -9 of this process — the kernel still writes those pages. What NORMAL gives up is the
// fsync per commit: after a power cut or an OS crash the last commits may be rolled back (never
// a corrupt file). FULL also fsyncs every commit (durable across power loss) at the cost of one
// fsync per write; pass { synchronous: "FULL" } where that matters more than throughput.
//
// A JSON snapshot left at FILE by an older sandbox (`--state` wrote one) is imported once into
// a new SQLite file (./import.ts); it is kept as FILE.imported-<date>.json, never lost.
import type { DatabaseSync } from "node:sqlite";
import { Kysely } from "kysely";
import { importJsonSnapshotIfPresent } from "./import.ts";
import { migrate } from "../sql/migrations.ts";
import { nodeSqliteDialect, TransactionGate } from "./dialect.ts";
import { sqliteHotPath } from "./requests.ts";
import { sqlStorage } from "../sql/queries.ts";
import type { SandboxDb } from "../sql/schema.ts";
import { StorageUnavailableError, type SandboxStorage } from "../types/index.ts";

export interface SqliteStorageOptions {
  synchronous?: "NORMAL" | "FULL";
  /** How long a write waits for another process's write lock before answering unavailable. */
  busyTimeoutMs?: number;
  /** Told when a JSON snapshot at the path was imported, with the name the JSON now has. */
  onImported?: (jsonKeptAs: string) => void;
}

// SQLite result codes (the low byte of an extended code) that mean the file cannot be used
// right now, as opposed to a bug: BUSY, LOCKED, NOMEM, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, PROTOCOL.
const UNAVAILABLE_CODES = new Set([5, 6, 7, 8, 10, 11, 13, 14, 15]);

function unavailable(error: unknown): StorageUnavailableError | undefined {
  const e = error as { code?: string; errcode?: number; message?: string } | undefined;
  if (e?.code === "ERR_SQLITE_ERROR" && typeof e.errcode === "number" && UNAVAILABLE_CODES.has(e.errcode & 0xff)) {
    return new StorageUnavailableError(`sqlite: ${e.message}`);
  }
  if (e?.code === "ERR_INVALID_STATE") return new StorageUnavailableError(`sqlite: ${e.message}`);
  return undefined;
}

/** Opens DatabaseSync with the engine's pragmas. node:sqlite is loaded only here (Node 22 warns on load). */
export async function openSqliteFile(path: string, options: SqliteStorageOptions = {}): Promise<DatabaseSync> {
  // process.getBuiltinModule, not import(): the bin runs one bundled script with no module loader.
  const { DatabaseSync } = process.getBuiltinModule("node:sqlite") as typeof import("node:sqlite");
  const db = new DatabaseSync(path);
  try {
    db.exec(`pragma busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    db.exec("pragma journal_mode = wal");
    db.exec(`pragma synchronous = ${options.synchronous === "FULL" ? "full" : "normal"}`);
    // SQLite's default page cache (2 MiB) holds too little of the org indexes once a file has
    // ~100k orgs, and each insert then rereads index pages; 64 MiB (taken only as used) keeps them.
    db.exec("pragma cache_size = -65536");
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

interface OpenedFile {
  db: DatabaseSync;
  kysely: Kysely<SandboxDb>;
  gate: TransactionGate;
}

/** The file, migrated, with Kysely over its connection (the cold path) and the gate the hot path shares it by. */
async function openMigrated(path: string, options: SqliteStorageOptions): Promise<OpenedFile> {
  const db = await openSqliteFile(path, options);
  const gate = new TransactionGate();
  const kysely = new Kysely<SandboxDb>({ dialect: nodeSqliteDialect(db, gate) });
  try {
    await migrate(kysely, "sqlite");
  } catch (error) {
    await kysely.destroy();
    throw error;
  }
  return { db, kysely, gate };
}

export async function openSqliteKysely(path: string, options: SqliteStorageOptions = {}): Promise<Kysely<SandboxDb>> {
  return (await openMigrated(path, options)).kysely;
}

export async function openSqliteStorage(path: string, options: SqliteStorageOptions = {}): Promise<SandboxStorage> {
  const kept = await importJsonSnapshotIfPresent(path, (target) => openSqliteKysely(target, options));
  if (kept !== undefined) options.onImported?.(kept);
  let opened: OpenedFile | undefined;
  // Two processes opening one new file at once: switching it to WAL and the first migration
  // can answer "database is locked" at once rather than wait (SQLite does so where waiting could
  // deadlock), so opening is retried for as long as a write would wait.
  const deadline = Date.now() + (options.busyTimeoutMs ?? 5000);
  for (let attempt = 0; !opened; attempt++) {
    try {
      opened = await openMigrated(path, options);
    } catch (error) {
      const message = (error as Error).message;
      if (/database is locked|SQLITE_BUSY/i.test(message) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 10 + Math.random() * 20 * Math.min(attempt + 1, 10)));
        continue;
      }
      throw new Error(`cannot open the SQLite state file ${path}: ${message}`);
    }
  }
  const { db, kysely, gate } = opened;
  return sqlStorage({ engine: "sqlite", db: kysely, unavailable }, (parts) => sqliteHotPath(db, gate, parts));
}
