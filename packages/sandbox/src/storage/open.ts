// The storage engines, by registration: each engine is one folder here (memory/, sqlite/,
// postgres/) and one entry in ENGINES below, saying which start options choose it and how it
// opens. A new engine (say MySQL) is a folder implementing SandboxStorage (types/) and one entry.
// Memory is the default. The SQL engines are imported only when chosen, so the memory path
// (tests, `npm run sandbox`) never loads node:sqlite, a driver or a query builder. The specifiers
// are literal, so tsc rewrites them for dist/ and esbuild bundles every engine into the bin.
import { createMemoryStorage } from "./memory/index.ts";
import type { SandboxStorage } from "./types/index.ts";

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

export interface EngineRegistration {
  name: string;
  /** How messages name the database it keeps state in ("PostgreSQL"). */
  title: string;
  /** The URL schemes of a database URL (`--database-url`, DATABASE_URL) this engine opens, if it opens one. */
  urlSchemes?: readonly string[];
  /** Whether the start options choose this engine. */
  chosenBy(options: OpenStorageOptions): boolean;
  open(options: OpenStorageOptions): Promise<SandboxStorage>;
}

const schemeOf = (url: string): string | undefined => {
  try {
    return new URL(url).protocol;
  } catch {
    return undefined;
  }
};

/** An engine that a database URL chooses, by its scheme: the schemes are listed once. */
const byUrlScheme = (urlSchemes: readonly string[]): Pick<EngineRegistration, "urlSchemes" | "chosenBy"> => ({
  urlSchemes,
  chosenBy: (o) => o.databaseUrl !== undefined && urlSchemes.includes(schemeOf(o.databaseUrl) ?? ""),
});

/** Every engine but the default, in the order they are asked whether the options choose them. */
export const ENGINES: readonly EngineRegistration[] = [
  {
    name: "postgres",
    title: "PostgreSQL",
    ...byUrlScheme(["postgres:", "postgresql:"]),
    open: async (o) => (await import("./postgres/index.ts")).openPostgresStorage(o.databaseUrl!, o.database),
  },
  {
    name: "sqlite",
    title: "SQLite",
    chosenBy: (o) => o.statePath !== undefined,
    open: async (o) => (await import("./sqlite/index.ts")).openSqliteStorage(o.statePath!),
  },
];

/** The engines a database URL can choose, by their URL schemes (what the command line accepts). */
export const DATABASE_URL_ENGINES = ENGINES.filter((engine) => engine.urlSchemes?.length);

export async function openStorage(options: OpenStorageOptions = {}): Promise<SandboxStorage> {
  const chosen = ENGINES.filter((engine) => engine.chosenBy(options));
  if (chosen.length > 1) throw new Error("choose one storage engine: a state file or a database URL, not both");
  if (options.databaseUrl !== undefined && chosen.length === 0) {
    const schemes = DATABASE_URL_ENGINES.flatMap((engine) => engine.urlSchemes!.map((scheme) => `${scheme}//`));
    throw new Error(`no storage engine opens a ${schemeOf(options.databaseUrl) ?? "malformed"} URL: give ${schemes.join(" or ")}`);
  }
  return chosen[0] ? chosen[0].open(options) : createMemoryStorage();
}
