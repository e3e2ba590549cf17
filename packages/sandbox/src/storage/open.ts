// Picks the storage engine from the start options: memory by default, sqlite for a state file,
// postgres for a database URL. The SQL engines are imported only when chosen, so the memory path
// (tests, `npm run sandbox`) never loads node:sqlite, a driver or a query builder. The specifiers
// are literal, so tsc rewrites them for dist/ and esbuild bundles both engines into the bin.
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

export async function openStorage(options: OpenStorageOptions = {}): Promise<SandboxStorage> {
  if (options.statePath !== undefined && options.databaseUrl !== undefined) {
    throw new Error("choose one storage engine: a state file or a database URL, not both");
  }
  if (options.databaseUrl !== undefined) {
    const { openPostgresStorage } = await import("./postgres.ts");
    return openPostgresStorage(options.databaseUrl, options.database);
  }
  if (options.statePath !== undefined) {
    const { openSqliteStorage } = await import("./sqlite.ts");
    return openSqliteStorage(options.statePath);
  }
  return createMemoryStorage();
}
