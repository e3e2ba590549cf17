// The sandbox's public API: start it in-process from your own tests.
//
//   const sandbox = await startSandbox({ port: 0, config });
//   ... fetch(`${sandbox.url}/partner/v1/orgs`, { headers: { authorization: "Bearer …" } })
//   await sandbox.close();
import { createClock } from "./clock.ts";
import { demoConfig, readConfigFile, resolveConfig, type SandboxConfig } from "./config.ts";
import { loadContract } from "./contract.ts";
import { filePersistence, loadSnapshot, memoryPersistence } from "./persistence.ts";
import { RateLimiter } from "./rate-limit.ts";
import { buildApp } from "./server.ts";
import { resolveHttpLimits, type HttpLimits } from "./http-limits.ts";
import { Store } from "./store.ts";

export type { SandboxConfig, PartnerConfig, LimitConfig } from "./config.ts";
export { demoConfig } from "./config.ts";
export { HTTP_LIMIT_DEFAULTS, type HttpLimits } from "./http-limits.ts";

export interface StartSandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** A config object, or the path of a YAML/JSON config file. Defaults to the shipped demo config. */
  config?: SandboxConfig | string;
  /** Keep orgs, keys and links in this file across restarts (written atomically). */
  statePath?: string;
  /** The base time source in epoch ms (default Date.now); POST /_sandbox/clock adds to it. */
  clock?: () => number;
  /** Header/request/keep-alive timeouts and connection caps; defaults in HTTP_LIMIT_DEFAULTS. */
  http?: Partial<HttpLimits>;
}

export interface RunningSandbox {
  /** e.g. http://127.0.0.1:4011 — no trailing slash. */
  url: string;
  /** Stops accepting connections, finishes in-flight requests, flushes --state. */
  close(): Promise<void>;
}

const urlHost = (host: string): string => (host.includes(":") ? `[${host}]` : host);
const CLOSE_GRACE_MS = 10_000;
const WILDCARD: Record<string, string> = { "0.0.0.0": "127.0.0.1", "::": "::1" };

export async function startSandbox(options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const contract = loadContract();
  const source = options.config === undefined ? demoConfig() : typeof options.config === "string" ? readConfigFile(options.config) : options.config;
  const config = resolveConfig(source, contract.operations.map((o) => o.operationId));
  const clock = createClock(options.clock);
  const http = resolveHttpLimits(options.http);
  const store = new Store();
  const snapshot = options.statePath ? loadSnapshot(options.statePath) : undefined;
  if (snapshot) {
    store.restore(snapshot);
    clock.setOffsetMs(snapshot.clock_offset_ms ?? 0);
  }
  const persistence = options.statePath
    ? filePersistence(options.statePath, () => ({ version: store.version, snapshot: store.snapshot(clock.offsetMs(), clock.now()) }))
    : memoryPersistence;

  const host = options.host ?? "127.0.0.1";
  let url = "";
  const lifecycle = { closing: false };
  const app = buildApp({
    http,
    lifecycle,
    contract,
    config,
    store,
    clock,
    limiter: new RateLimiter(() => clock.now()),
    persistence,
    publicUrl: () => config.publicUrl ?? url,
  });
  await app.listen({ port: options.port ?? 0, host });
  const { port } = app.server.address() as { port: number };
  url = `http://${urlHost(WILDCARD[host] ?? host)}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    close: () =>
      (closing ??= (async () => {
        lifecycle.closing = true;
        // In-flight requests finish; a client that never completes its request is cut off.
        const deadline = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS);
        try {
          await app.close();
        } finally {
          clearTimeout(deadline);
        }
        await persistence.close();
      })()),
  };
}
