// Written by `npm run generate` (scripts/generators/control-validators.ts). Do not edit.
// Types of sandbox-control-validators.mjs: the sandbox controls' operations with their validators.
import type { ErrorObject } from "ajv";

export interface StandaloneValidate {
  /** true when valid; fills in the documented defaults in place. */
  (data: unknown): boolean;
  /** The problems of the last call that returned false. */
  errors?: ErrorObject[] | null;
}

export interface ControlOperation {
  /** Upper case. */
  method: string;
  /** The document's path template. */
  path: string;
  /** Path and query parameters, as the document declares them. */
  parameters: { name: string; in: "path" | "query" | "header" | "cookie"; required: boolean; schema: Record<string, unknown> }[];
  bodyRequired: boolean;
  params: StandaloneValidate;
  body?: StandaloneValidate;
}

export declare const operations: Readonly<Record<string, ControlOperation>>;
