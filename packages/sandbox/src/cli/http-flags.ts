// The CLI flags for http/limits.ts, one per limit, named after it (`--request-timeout-ms`).
import { HTTP_LIMIT_DEFAULTS, type HttpLimits } from "../http/limits.ts";

const flagName = (limit: string): string => limit.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const LIMITS = Object.keys(HTTP_LIMIT_DEFAULTS) as (keyof HttpLimits)[];

/** For node:util parseArgs `options`. */
export const HTTP_LIMIT_FLAGS: Record<string, { type: "string" }> = Object.fromEntries(LIMITS.map((l) => [flagName(l), { type: "string" as const }]));

export const HTTP_LIMIT_USAGE = LIMITS.map((l) => `[--${flagName(l)} ${HTTP_LIMIT_DEFAULTS[l]}]`).join(" ");

/** Reads the flags that are set; throws naming the flag on anything but a positive integer. */
export function httpLimitsFromFlags(values: Record<string, unknown>): Partial<HttpLimits> {
  const limits: Partial<HttpLimits> = {};
  for (const limit of LIMITS) {
    const text = values[flagName(limit)];
    if (text === undefined) continue;
    if (typeof text !== "string" || !/^[1-9]\d{0,9}$/.test(text)) throw new Error(`--${flagName(limit)} must be a positive integer, got "${String(text)}"`);
    limits[limit] = Number(text);
  }
  return limits;
}
