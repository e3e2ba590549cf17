// Kysely over Node's built-in node:sqlite. Kysely 0.29.9 ships a SqliteDialect for
// better-sqlite3 only (a native addon: a 1 m 37 s source build on every fresh install here),
// whose statements are called with an array (`all([a, b])`) and say whether they return rows
// (`reader`); node:sqlite's StatementSync takes spread arguments and has `columns()` instead.
// This adapter is those few lines, plus a statement cache (node:sqlite prepares anew on every
// prepare(), Kysely prepares on every query) and BEGIN IMMEDIATE for transactions: a deferred
// BEGIN that reads and then writes fails with SQLITE_BUSY when another process wrote meanwhile;
// IMMEDIATE takes the write lock first (waiting up to busy_timeout), so read-check-write
// transactions are serialised across processes. The adapter also declares what SQLite has,
// transactional DDL, so Kysely's Migrator reads the applied versions and applies the pending
// ones in one such transaction (Kysely assumes one process per file and locks nothing; two
// sandboxes starting on one new file would both create the tables).
import type { DatabaseSync, StatementSync } from "node:sqlite";
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteDriver,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Kysely,
  type SqliteDatabase,
  type SqliteStatement,
} from "kysely";

const CACHE_LIMIT = 256;

function adaptStatement(statement: StatementSync): SqliteStatement {
  type Params = Parameters<StatementSync["all"]>;
  return {
    reader: statement.columns().length > 0,
    all: (parameters) => statement.all(...(parameters as Params)),
    run: (parameters) => statement.run(...(parameters as Params)),
    iterate: (parameters) => statement.iterate(...(parameters as Params)),
  };
}

/** A better-sqlite3-shaped view of a node:sqlite database, as Kysely's SqliteDriver expects. */
export function nodeSqliteDatabase(db: DatabaseSync): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    prepare(sqlText) {
      let statement = cache.get(sqlText);
      if (!statement) {
        if (cache.size >= CACHE_LIMIT) cache.clear();
        statement = adaptStatement(db.prepare(sqlText));
        cache.set(sqlText, statement);
      }
      return statement;
    },
    close: () => {
      cache.clear();
      if (db.isOpen) db.close();
    },
  };
}

class NodeSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/**
 * Kysely's transactions on this connection span awaits; the synchronous request path
 * (./requests.ts) shares the connection and must never run inside one. The gate says when one
 * is open and wakes whoever waits for it to end.
 */
export class TransactionGate {
  private open = false;
  private waiters: (() => void)[] = [];

  get busy(): boolean {
    return this.open;
  }

  enter(): void {
    this.open = true;
  }

  leave(): void {
    this.open = false;
    const waiting = this.waiters;
    this.waiters = [];
    for (const wake of waiting) wake();
  }

  /** Resolves once no Kysely transaction is open (at once if none is). */
  idle(): Promise<void> {
    return this.open ? new Promise((resolve) => this.waiters.push(resolve)) : Promise.resolve();
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  readonly #gate: TransactionGate;

  constructor(config: ConstructorParameters<typeof SqliteDriver>[0], gate: TransactionGate) {
    super(config);
    this.#gate = gate;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    this.#gate.enter();
    try {
      await connection.executeQuery(CompiledQuery.raw("begin immediate"));
    } catch (error) {
      this.#gate.leave();
      throw error;
    }
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.commitTransaction(connection);
    } finally {
      this.#gate.leave();
    }
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.rollbackTransaction(connection);
    } finally {
      this.#gate.leave();
    }
  }
}

export function nodeSqliteDialect(db: DatabaseSync, gate: TransactionGate = new TransactionGate()): Dialect {
  const database = nodeSqliteDatabase(db);
  return {
    createAdapter: () => new NodeSqliteAdapter(),
    createDriver: () => new ImmediateSqliteDriver({ database }, gate),
    createQueryCompiler: () => new SqliteQueryCompiler(),
    createIntrospector: (kysely: Kysely<any>) => new SqliteIntrospector(kysely),
  };
}
