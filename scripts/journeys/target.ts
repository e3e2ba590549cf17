// The server the journeys run against, from the contract suite's CONTRACT_* variables (read in
// one place, tests/contract/lib/env.ts). Without CONTRACT_BASE_URL: a sandbox started here, with
// every key and capability, so every journey runs (what `npm run test:journeys` does for a
// partner who just cloned the kit).
import { sandboxFlags, targetFromEnv } from "../../tests/contract/lib/env.ts";
import { MAX_PAGE_SIZE } from "./inputs.ts";
import type { Capabilities } from "./plan.ts";

/** On a sandbox of its own, pages of 2: the few orgs a run makes then span several pages. */
export const FRESH_SANDBOX_PAGE_SIZE = 2;

export interface JourneyTarget {
  baseUrl: string;
  apiKey: string;
  otherApiKey?: string;
  capabilities: Capabilities;
  /** The `limit` of listEveryOrg's pages: JOURNEYS_PAGE_SIZE, else the fewest requests a long list allows. */
  pageSize: number;
  description: string;
  /**
   * CONTRACT_SANDBOX=1 with CONTRACT_BASE_URL: a sandbox someone else started, which an earlier run
   * may have left with the login-link budget spent, so the runner resets each key's partner first
   * (reset.ts). Never for any other server; a sandbox started for the run is fresh.
   */
  resetBeforeRun: boolean;
  close(): Promise<void>;
}

export async function journeyTargetFromEnv(env: NodeJS.ProcessEnv): Promise<JourneyTarget> {
  const pageSize = env.JOURNEYS_PAGE_SIZE ? Number(env.JOURNEYS_PAGE_SIZE) : undefined;
  if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= MAX_PAGE_SIZE)) {
    throw new Error(`JOURNEYS_PAGE_SIZE must be an integer from 1 to ${MAX_PAGE_SIZE}, got "${env.JOURNEYS_PAGE_SIZE}"`);
  }
  const fromEnv = targetFromEnv(env, "");
  if (fromEnv) {
    return {
      baseUrl: fromEnv.baseUrl,
      apiKey: fromEnv.keys.primary!,
      otherApiKey: fromEnv.keys.other,
      capabilities: { stateful: fromEnv.stateful, sandbox: fromEnv.sandbox, otherKey: fromEnv.keys.other !== undefined, rateLimits: fromEnv.rateLimits },
      pageSize: pageSize ?? MAX_PAGE_SIZE,
      description: fromEnv.baseUrl,
      resetBeforeRun: fromEnv.sandbox,
      close: async () => {},
    };
  }
  // Imported lazily: a run against CONTRACT_BASE_URL never loads the sandbox.
  const { startLocalSandbox } = await import("../../tests/contract/setup/local-sandbox.ts");
  const sandbox = await startLocalSandbox();
  return {
    baseUrl: sandbox.url,
    apiKey: sandbox.keys.primary!,
    otherApiKey: sandbox.keys.other,
    capabilities: { stateful: true, sandbox: true, otherKey: true, ...sandboxFlags(env) },
    pageSize: pageSize ?? FRESH_SANDBOX_PAGE_SIZE,
    description: `a sandbox started for this run, ${sandbox.url}`,
    resetBeforeRun: false,
    close: () => sandbox.close(),
  };
}
