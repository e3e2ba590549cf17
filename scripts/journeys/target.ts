// The server the journeys run against, from the contract suite's CONTRACT_* variables (read in
// one place, tests/contract/lib/env.ts). Without CONTRACT_BASE_URL: a sandbox started here, with
// every key and capability, so every journey runs (what `npm run test:journeys` does for a
// partner who just cloned the kit).
import { sandboxFlags, targetFromEnv } from "../../tests/contract/lib/env.ts";
import type { Capabilities } from "./plan.ts";

export interface JourneyTarget {
  baseUrl: string;
  apiKey: string;
  otherApiKey?: string;
  capabilities: Capabilities;
  description: string;
  close(): Promise<void>;
}

export async function journeyTargetFromEnv(env: NodeJS.ProcessEnv): Promise<JourneyTarget> {
  const fromEnv = targetFromEnv(env, "");
  if (fromEnv) {
    return {
      baseUrl: fromEnv.baseUrl,
      apiKey: fromEnv.keys.primary!,
      otherApiKey: fromEnv.keys.other,
      capabilities: { stateful: fromEnv.stateful, sandbox: fromEnv.sandbox, otherKey: fromEnv.keys.other !== undefined, rateLimits: fromEnv.rateLimits },
      description: fromEnv.baseUrl,
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
    description: `a sandbox started for this run, ${sandbox.url}`,
    close: () => sandbox.close(),
  };
}
