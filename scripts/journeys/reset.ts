// Before a run against a sandbox (CONTRACT_SANDBOX=1), the runner resets the partner of each key it
// was given, the way the contract suite's sandbox controls do (tests/contract/lib/sandbox-controls.ts):
// the sandbox's resetSandbox (openapi/sandbox/openapi.yaml) with the partner's own key forgets that
// partner's orgs, keys, links, rate-limit windows and clock, and no one else's. Without it a run
// started within a minute of the last finds the login-link budget spent by loginLinkRateLimit, and
// every createLoginLink answers 429. Never sent to any other target: only the sandbox has it.
import { SANDBOX_OPERATIONS } from "../../generated/sandbox-client.ts";
import { createPartnerClient, type FetchLike } from "../../packages/client/src/index.ts";

export interface ResetKey {
  /** The variable the key came from (CONTRACT_API_KEY), for messages: keys are never printed. */
  variable: string;
  key: string;
}

/** A reset the sandbox refused or never answered: the run stops (exit 1) with this one line. */
export class JourneyResetError extends Error {
  override name = "JourneyResetError";
}

const RESET = SANDBOX_OPERATIONS.resetSandbox;

/** Resets each key's partner on the sandbox at `baseUrl`; the line to print says whose. */
export async function resetPartners(baseUrl: string, keys: ResetKey[], options: { fetch?: FetchLike } = {}): Promise<string> {
  const done: string[] = [];
  for (const { variable, key } of keys) {
    const client = createPartnerClient({ apiKey: key, baseUrl, fetch: options.fetch, timeoutMs: 30_000 });
    try {
      const result = await client.sandbox.resetSandbox({ idempotent: true });
      done.push(`partner ${result.partner_id ?? "?"} (${variable})`);
    } catch (error) {
      throw new JourneyResetError(
        `could not reset ${variable}'s partner before the run: ${RESET.method} ${baseUrl}${RESET.path}: ${(error as Error).message} ` +
          `(CONTRACT_SANDBOX=1 says CONTRACT_BASE_URL is a sandbox and ${variable} one of its partners' keys)`,
      );
    }
  }
  return `[journeys] reset the sandbox data of ${done.join(" and ")} before the run`;
}
