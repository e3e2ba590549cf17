// What the global setup provides to the test files (vitest's provide/inject).
import type { ContractTarget } from "./env.ts";

declare module "vitest" {
  export interface ProvidedContext {
    contractTarget: ContractTarget;
  }
}

export type { ContractTarget };
