// The sandbox's public API: start it in-process from your own tests.
//
//   const sandbox = await startSandbox({ port: 0, config });
//   ... fetch(`${sandbox.url}/partner/v1/orgs`, { headers: { authorization: "Bearer …" } })
//   await sandbox.close();
import { adminToken } from "./config/admin-token.ts";
import { demoConfig, readConfigFile, resolveConfig, type SandboxConfig } from "./config/config.ts";
import { loadContract } from "./contract/contract.ts";
import { DEFAULT_JOURNAL_SIZE } from "./journal/recorder.ts";
import { answerObservers } from "./http/answer-observers.ts";
import { requestIds } from "./http/request-id.ts";
import { createMetrics } from "./hosting/metrics.ts";
import { buildApp } from "./app.ts";
import { resolveHttpLimits, type HttpLimits } from "./http/limits.ts";
import { openStorage, type DatabaseOptions } from "./storage/open.ts";
import type { SandboxStorage } from "./storage/types/index.ts";

export type { SandboxConfig, PartnerConfig, LimitConfig } from "./config/config.ts";
export { demoConfig } from "./config/config.ts";
export type { SandboxStorage } from "./storage/types/index.ts";
export { HTTP_LIMIT_DEFAULTS, type HttpLimits } from "./http/limits.ts";

export interface StartSandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** A config object, or the path of a YAML/JSON config file. Defaults to the shipped demo config. */
  config?: SandboxConfig | string;
  /** Keep orgs, keys, links and clocks in this SQLite file across restarts (the sqlite engine). */
  statePath?: string;
  /** Keep state in this PostgreSQL database (the postgres engine): several sandboxes, one state. */
  databaseUrl?: string;
  database?: DatabaseOptions;
  /**
   * The operator's admin token (at least 32 characters): reset everything, move any partner's
   * clock, read the metrics. Defaults to the config's `admin_token`; the CLI passes env
   * SANDBOX_ADMIN_TOKEN. Without one, the global controls and metrics answer 401.
   */
  adminToken?: string;
  /** A storage engine to use instead of opening one (tests inject wrappers); closed by close(). */
  storage?: SandboxStorage;
  /** How often expired login links are deleted (default 60 s). */
  sweepIntervalMs?: number;
  /** Journal entries kept per partner (default 500; 0 turns the journal off). */
  journalSize?: number;
  /** The base time source in epoch ms (default Date.now); each partner's clock adds its offset. */
  clock?: () => number;
  /** Header/request/keep-alive timeouts and connection caps; defaults in HTTP_LIMIT_DEFAULTS. */
  http?: Partial<HttpLimits>;
}

export interface RunningSandbox {
  /** e.g. http://127.0.0.1:4011 — no trailing slash. */
  url: string;
  /** The storage engine in use: "memory", "sqlite" or "postgres". */
  engine: string;
  /** How the admin token is shown (its first characters and length), or undefined without one. */
  adminTokenHint?: string;
  /**
   * Stops accepting connections, answers every request that arrives on an open one (with
   * `Connection: close`), closes the idle ones, then closes the storage engine.
   */
  close(): Promise<void>;
}

const urlHost = (host: string): string => (host.includes(":") ? `[${host}]` : host);
// Under the 10 s a process manager allows after SIGTERM, with room to close the storage after it.
const CLOSE_GRACE_MS = 8_000;
const SWEEP_INTERVAL_MS = 60_000;
const WILDCARD: Record<string, string> = { "0.0.0.0": "127.0.0.1", "::": "::1" };

export async function startSandbox(options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const contract = loadContract();
  const source = options.config === undefined ? demoConfig() : typeof options.config === "string" ? readConfigFile(options.config) : options.config;
  const config = resolveConfig(source, contract.operations.map((o) => o.operationId));
  const wallMs = options.clock ?? Date.now;
  // Checked before any storage is opened: a bad token refuses to start with nothing to undo.
  const admin = adminToken(options.adminToken ?? source.admin_token, options.adminToken !== undefined ? "SANDBOX_ADMIN_TOKEN or the adminToken option" : "config admin_token");
  const http = resolveHttpLimits(options.http); // before the storage opens: a bad limit leaks nothing
  const storage = options.storage ?? (await openStorage(options));
  const metrics = createMetrics(storage);

  const host = options.host ?? "127.0.0.1";
  let url = "";
  const lifecycle = { closing: false };
  const app = buildApp({
    http,
    lifecycle,
    contract,
    config,
    storage,
    wallMs,
    journalSize: options.journalSize ?? config.journalSize ?? DEFAULT_JOURNAL_SIZE,
    publicUrl: () => config.publicUrl ?? url,
    adminToken: admin,
    metrics,
    nextRequestId: requestIds(),
    answered: answerObservers(),
  });
  try {
    await app.listen({ port: options.port ?? 0, host });
  } catch (error) {
    await storage.close();
    throw error;
  }
  const { port } = app.server.address() as { port: number };
  url = `http://${urlHost(WILDCARD[host] ?? host)}:${port}`;
  // Expired links are useless: drop them now and then so stored state stays bounded.
  // A failed sweep (the database away) costs nothing: the next one catches up.
  const sweeper = setInterval(() => void storage.sweepExpired(wallMs()).catch(() => {}), options.sweepIntervalMs ?? SWEEP_INTERVAL_MS);
  sweeper.unref();

  let closing: Promise<void> | undefined;
  return {
    url,
    engine: storage.engine,
    adminTokenHint: admin?.hint,
    close: () =>
      (closing ??= (async () => {
        lifecycle.closing = true;
        clearInterval(sweeper);
        // The drain (http/drain.ts) answers what arrives on open connections and closes them; a
        // client that never completes its request is cut off at the grace's end.
        const deadline = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS);
        try {
          await app.close();
        } finally {
          clearTimeout(deadline);
        }
        await storage.close();
      })()),
  };
}
