// The suite is configured only by the CONTRACT_* variables (docs/contract-tests.md, "Configuration"); this is the one place
// that reads them. Keys are secrets: reports name them by variable, never by value.
export type KeyName = "primary" | "other" | "revoked" | "inactive" | "blocked";

/** Which variable supplies each key, and what it is for (quoted in skip reasons). */
export const KEY_VARIABLES: Record<KeyName, { variable: string; purpose: string }> = {
  primary: { variable: "CONTRACT_API_KEY", purpose: "the partner key every check uses" },
  other: { variable: "CONTRACT_OTHER_API_KEY", purpose: "a second partner, for ownership checks" },
  revoked: { variable: "CONTRACT_REVOKED_API_KEY", purpose: "a revoked key" },
  inactive: { variable: "CONTRACT_INACTIVE_API_KEY", purpose: "a key of an inactive partner" },
  blocked: { variable: "CONTRACT_BLOCKED_API_KEY", purpose: "a partner whose IP allow list excludes this caller" },
};

export interface ContractTarget {
  baseUrl: string;
  keys: Partial<Record<KeyName, string>>;
  /** CONTRACT_STATEFUL (default 1): 0 for a stateless mock such as Prism — conformance only. */
  stateful: boolean;
  /** CONTRACT_SANDBOX=1: the server has /_sandbox/reset and /_sandbox/clock. */
  sandbox: boolean;
  /**
   * CONTRACT_ALLOWED_IP: an address inside the allow list of CONTRACT_BLOCKED_API_KEY's partner;
   * also says the server trusts this suite's address as a proxy, so it may send X-Forwarded-For.
   */
  allowedIp?: string;
  /** CONTRACT_RATE_LIMITS=1: run the checks that spend the quota. */
  rateLimits: boolean;
  /** CONTRACT_MAX_RPM: pace requests to at most this many a minute. */
  maxRpm?: number;
  /** `contract-<timestamp>-<random>`: prefixes every external_id this run creates. */
  runPrefix: string;
  /** Where the target came from, for the run banner. */
  description: string;
}

/** The environment cannot describe a target: the run stops with this one line (global-setup.ts). */
export class ContractEnvError extends Error {
  override name = "ContractEnvError";
}

const flag = (value: string | undefined, fallback: boolean) =>
  value === undefined || value === "" ? fallback : !["0", "false", "no"].includes(value.toLowerCase());

export function keysFromEnv(env: NodeJS.ProcessEnv): Partial<Record<KeyName, string>> {
  const keys: Partial<Record<KeyName, string>> = {};
  for (const [name, { variable }] of Object.entries(KEY_VARIABLES)) {
    const value = env[variable]?.trim();
    if (value) keys[name as KeyName] = value;
  }
  return keys;
}

/** The target described by the environment, or undefined when CONTRACT_BASE_URL is unset. */
export function targetFromEnv(env: NodeJS.ProcessEnv, runPrefix: string): ContractTarget | undefined {
  const baseUrl = env.CONTRACT_BASE_URL?.trim().replace(/\/+$/, "");
  if (!baseUrl) return undefined;
  if (!/^https?:\/\/[^/]/.test(baseUrl)) throw new ContractEnvError(`CONTRACT_BASE_URL must be an http:// or https:// URL, got "${baseUrl}"`);
  const keys = keysFromEnv(env);
  if (!keys.primary) throw new ContractEnvError("CONTRACT_BASE_URL is set but CONTRACT_API_KEY is not: every check needs the partner key");
  const rpm = Number(env.CONTRACT_MAX_RPM);
  return {
    baseUrl,
    keys,
    stateful: flag(env.CONTRACT_STATEFUL, true),
    sandbox: flag(env.CONTRACT_SANDBOX, false),
    allowedIp: env.CONTRACT_ALLOWED_IP?.trim() || undefined,
    rateLimits: flag(env.CONTRACT_RATE_LIMITS, false),
    maxRpm: Number.isFinite(rpm) && rpm > 0 ? rpm : undefined,
    runPrefix,
    description: baseUrl,
  };
}

/** Explicit flags still apply to the in-process sandbox; its defaults turn everything on. */
export function sandboxFlags(env: NodeJS.ProcessEnv) {
  return { rateLimits: flag(env.CONTRACT_RATE_LIMITS, true) };
}
