// Written by `npm run generate` (scripts/generators/validators.ts). Do not edit.
// Types of sandbox-validators.mjs: Ajv standalone validate functions by operationId.
import type { ErrorObject } from "ajv";

export interface StandaloneValidate {
  /** true when valid; fills in the documented defaults in place. */
  (data: unknown): boolean;
  /** The problems of the last call that returned false. */
  errors?: ErrorObject[] | null;
}

/** sha256 of the schemas and parameter lists the validators were compiled from (see packages/sandbox/src/validation/schemas.ts). */
export declare const fingerprint: string;

export declare const validators: Readonly<Record<string, { params: StandaloneValidate; body?: StandaloneValidate }>>;
