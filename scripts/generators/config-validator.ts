// generated/sandbox-config-validator.mjs: the sandbox config's validator (packages/sandbox/src/config/schema.ts)
// as Ajv standalone code, so reading a config at start compiles nothing (compiling it, with Ajv's
// meta-schema check, took ≈ 120 ms of the sandbox's start).
import { Ajv2020 } from "ajv/dist/2020.js";
import { configSchema } from "../../packages/sandbox/src/config/schema.ts";
import { standaloneModule } from "./validators-ajv.ts";

export const CONFIG_VALIDATOR_PATH = "generated/sandbox-config-validator.mjs";
export const CONFIG_VALIDATOR_TYPES_PATH = "generated/sandbox-config-validator.d.mts";

const HEADER = `// Written by \`npm run generate\` (scripts/generators/config-validator.ts) from packages/sandbox/src/config/schema.ts. Do not edit.
// The sandbox config's validator as Ajv standalone code: nothing is compiled when the sandbox starts.
// Ajv's standalone output loads its runtime helpers (ajv/dist/runtime/*) with require().
`;

export function configValidator(): string {
  const ajv = new Ajv2020({ allErrors: true, code: { source: true, esm: true, lines: true } });
  ajv.addSchema(configSchema, "config");
  return standaloneModule(ajv, { validateConfig: "config" }, HEADER);
}

export const CONFIG_VALIDATOR_TYPES = `// Written by \`npm run generate\` (scripts/generators/config-validator.ts). Do not edit.
import type { ErrorObject } from "ajv";

/** true when the sandbox config is valid; \`errors\` lists every problem of the last failed call. */
export declare const validateConfig: {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
};
`;
