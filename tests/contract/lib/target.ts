// What the global setup decided about the server under test, as the test files see it.
import { inject } from "vitest";
import type { ContractTarget } from "./provided-context.ts";

export const target: ContractTarget = inject("contractTarget");

let counter = 0;
/** A fresh external_id under this run's prefix. */
export const uniqueExternalId = (label: string) => `${target.runPrefix}-${label}-${++counter}`;
