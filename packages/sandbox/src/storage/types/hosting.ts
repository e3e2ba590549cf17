// What the controls (reset) and whoever hosts the sandbox (health, metrics, shutdown) need.

/** Thrown by an engine when its database does not answer: the server maps it to 503 + Retry-After. */
export class StorageUnavailableError extends Error {
  override readonly name = "StorageUnavailableError";
}

export interface ControlStore {
  /** Forgets one partner's orgs, keys, links, rate windows, clock offset and journal. */
  resetPartner(partnerId: string): Promise<void>;
  /** Forgets everything (the admin token's reset). */
  resetAll(): Promise<void>;
}

export interface HostingStore {
  /** The engine's registered name ("memory", "sqlite", "postgres"), for the banner, health and metrics. */
  readonly engine: string;
  /** Resolves when the engine answers (health); rejects with StorageUnavailableError. */
  ping(): Promise<void>;
  /** Pool figures for metrics, where the engine has a pool. */
  poolStats?(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}
