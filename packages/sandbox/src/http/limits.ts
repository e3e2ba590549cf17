// How long a client may take and how many sockets it may hold, so a hostile client cannot hold the sandbox.
// Node checks its header and request timeouts only every `connectionsCheckingInterval`
// (30 s by default), so a 30 s timeout used to fire after 52-82 s: the interval is derived from
// the timeouts here, so each fires within a tenth of itself (at most 1 s) of its configured value.
export interface HttpLimits {
  /** A request's headers must be complete within this (default 10 s). */
  headersTimeoutMs: number;
  /** A request, headers and body, must be complete within this (default 30 s). */
  requestTimeoutMs: number;
  /** An idle keep-alive socket is closed, quietly, after this (default 5 s, Node's). */
  keepAliveTimeoutMs: number;
  /** Open sockets in all (default 1024); beyond it a connection is refused with 503. */
  maxConnections: number;
  /** Open sockets per client IP (default 128); trusted proxies count only towards the global cap. */
  maxConnectionsPerIp: number;
}

export const HTTP_LIMIT_DEFAULTS: Readonly<HttpLimits> = Object.freeze({
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1024,
  maxConnectionsPerIp: 128,
});

/** The limits in force; throws (naming the option) on a value that is not a positive integer. */
export function resolveHttpLimits(overrides: Partial<HttpLimits> = {}): HttpLimits {
  const limits = { ...HTTP_LIMIT_DEFAULTS };
  for (const [name, value] of Object.entries(overrides) as [keyof HttpLimits, unknown][]) {
    if (value === undefined) continue;
    if (!(name in HTTP_LIMIT_DEFAULTS)) throw new Error(`unknown HTTP limit "${name}"`);
    if (!Number.isSafeInteger(value) || (value as number) < 1) throw new Error(`${name} must be a positive integer, got ${String(value)}`);
    limits[name] = value as number;
  }
  // Node applies the request timeout to the headers as well: a longer headers timeout would never fire.
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) limits.headersTimeoutMs = limits.requestTimeoutMs;
  return limits;
}

/** node:http server options that make the timeouts hold as configured. */
export function nodeServerTimeouts(limits: HttpLimits): {
  headersTimeout: number;
  requestTimeout: number;
  keepAliveTimeout: number;
  connectionsCheckingInterval: number;
} {
  const shortest = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.max(25, Math.min(1000, Math.floor(shortest / 10))),
  };
}
