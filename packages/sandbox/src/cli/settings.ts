// The sandbox CLI's flags and environment, checked before anything is read or opened: every
// problem is a UsageError of one line (style.ts), so wrong usage never costs a start.
import { resolve } from "node:path";
import { databaseUrl as checkedDatabaseUrl, databaseUrlSchemes, integerInRange, portNumber, UsageError, type DatabaseKind, type Parsed } from "./style.ts";
import { HTTP_LIMIT_FLAGS, HTTP_LIMIT_USAGE, httpLimitsFromFlags } from "./http-flags.ts";
import type { HttpLimits } from "../http/limits.ts";
import { DATABASE_URL_ENGINES, type DatabaseOptions } from "../storage/open.ts";

/** What a database URL may name: the registered engines' (storage/open.ts), so a new engine needs no change here. */
const DATABASES: readonly DatabaseKind[] = DATABASE_URL_ENGINES.map((engine) => ({ title: engine.title, urlSchemes: engine.urlSchemes! }));

export const SANDBOX_USAGE =
  "usage: opencx-partner-sandbox [--port 4011] [--host 127.0.0.1] [--config FILE]\n" +
  "         [--state FILE | --database-url URL [--pool-size N] [--statement-timeout-ms N]]\n" +
  `         ${HTTP_LIMIT_USAGE}\n` +
  `  env: SANDBOX_PORT, SANDBOX_CONFIG, DATABASE_URL (${databaseUrlSchemes(DATABASES)}), SANDBOX_ADMIN_TOKEN`;

export const SANDBOX_OPTIONS = {
  port: { type: "string" },
  host: { type: "string" },
  config: { type: "string" },
  state: { type: "string" },
  "database-url": { type: "string" },
  "pool-size": { type: "string" },
  "statement-timeout-ms": { type: "string" },
  ...HTTP_LIMIT_FLAGS, // timeouts and connection caps (http/limits.ts)
} as const;

export interface SandboxSettings {
  port: number;
  host: string;
  /** Undefined: the shipped demo config. */
  configPath?: string;
  statePath?: string;
  databaseUrl?: string;
  database?: DatabaseOptions;
  http: Partial<HttpLimits>;
  adminToken?: string;
}

/** The flags, else the environment, else `defaults` (the document's local sandbox server). */
export function sandboxSettings(values: Parsed<typeof SANDBOX_OPTIONS>["values"], env: NodeJS.ProcessEnv, defaults: { host: string; port: number }): SandboxSettings {
  const port = values.port !== undefined ? portNumber(values.port, "--port") : env.SANDBOX_PORT !== undefined ? portNumber(env.SANDBOX_PORT, "SANDBOX_PORT") : defaults.port;
  const host = values.host ?? defaults.host;
  if (host.trim() === "") throw new UsageError("--host must not be empty");
  const statePath = values.state !== undefined ? resolve(values.state) : undefined;
  // An explicit --state wins over a DATABASE_URL in the environment; both flags is a mistake.
  if (statePath && values["database-url"] !== undefined) throw new UsageError("--state and --database-url choose different engines: give one");
  const databaseUrl =
    values["database-url"] !== undefined
      ? checkedDatabaseUrl(values["database-url"], "--database-url", DATABASES)
      : !statePath && env.DATABASE_URL
        ? checkedDatabaseUrl(env.DATABASE_URL, "DATABASE_URL", DATABASES)
        : undefined;
  const poolSize = values["pool-size"] !== undefined ? integerInRange(values["pool-size"], "--pool-size", 1, 1000) : undefined;
  const statementTimeoutMs = values["statement-timeout-ms"] !== undefined ? integerInRange(values["statement-timeout-ms"], "--statement-timeout-ms", 1, 3_600_000) : undefined;
  if ((poolSize !== undefined || statementTimeoutMs !== undefined) && !databaseUrl) throw new UsageError("--pool-size and --statement-timeout-ms need --database-url");
  let http: Partial<HttpLimits>;
  try {
    http = httpLimitsFromFlags(values);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const config = values.config ?? env.SANDBOX_CONFIG;
  return {
    port,
    host,
    configPath: config === undefined ? undefined : resolve(config),
    statePath,
    databaseUrl,
    database: databaseUrl ? { poolSize, statementTimeoutMs } : undefined,
    http,
    adminToken: env.SANDBOX_ADMIN_TOKEN || undefined,
  };
}
