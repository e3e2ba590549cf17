// Picks the storage engine from the start options: memory by default, sqlite for a state file,
// postgres for a database URL. The SQL engines are imported only when chosen, so the memory path
// (tests, `npm run sandbox`) never loads node:sqlite, a driver or a query builder.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createMemoryStorage } from "./memory.ts";
import type { SandboxStorage } from "./types.ts";

export interface DatabaseOptions {
  poolSize?: number;
  statementTimeoutMs?: number;
}

export interface OpenStorageOptions {
  /** A SQLite file (`--state FILE`). */
  statePath?: string;
  /** A PostgreSQL URL (`--database-url`, DATABASE_URL). */
  databaseUrl?: string;
  database?: DatabaseOptions;
}

interface SqliteModule {
  openSqliteStorage(path: string): Promise<SandboxStorage>;
}

interface PostgresModule {
  openPostgresStorage(url: string, options?: DatabaseOptions): Promise<SandboxStorage>;
}

/**
 * The engine's module, loaded on demand. The specifier is computed, so a checkout or build
 * without that engine's file starts the other engines and refuses this one with a clear message.
 */
async function engineModule<T>(engine: string, file: string): Promise<T> {
  const url = new URL(file, import.meta.url);
  if (url.protocol !== "file:" || !existsSync(fileURLToPath(url))) {
    throw new Error(`the ${engine} storage engine is not available in this build (mock/sandbox/storage/${file} is missing)`);
  }
  return (await import(url.href)) as T;
}

export async function openStorage(options: OpenStorageOptions = {}): Promise<SandboxStorage> {
  if (options.statePath !== undefined && options.databaseUrl !== undefined) {
    throw new Error("choose one storage engine: a state file or a database URL, not both");
  }
  if (options.databaseUrl !== undefined) {
    const { openPostgresStorage } = await engineModule<PostgresModule>("postgres", "postgres.ts");
    return openPostgresStorage(options.databaseUrl, options.database);
  }
  if (options.statePath !== undefined) {
    const { openSqliteStorage } = await engineModule<SqliteModule>("sqlite", "sqlite.ts");
    return openSqliteStorage(options.statePath);
  }
  return createMemoryStorage();
}
