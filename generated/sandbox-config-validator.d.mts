// Written by `npm run generate` (scripts/generators/config-validator.ts). Do not edit.
import type { ErrorObject } from "ajv";

/** true when the sandbox config is valid; `errors` lists every problem of the last failed call. */
export declare const validateConfig: {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
};
