// generated/sandbox-validators.mjs: the sandbox's request validators, compiled here by Ajv and
// written as standalone code, so the sandbox starts without compiling a schema (Ajv's compiler and
// meta-schema checks were most of its start-up time). It carries the fingerprint of what it was
// compiled from; the sandbox refuses to start when the document no longer matches it.
import { contractFromDocument, type JsonObject } from "../../packages/sandbox/src/contract/contract.ts";
import { DOC_ID, paramsSchema, validatorSources, validatorsFingerprint } from "../../packages/sandbox/src/validation/schemas.ts";
import { createAjv, standaloneModule } from "./validators-ajv.ts";

export const VALIDATORS_PATH = "generated/sandbox-validators.mjs";
export const VALIDATORS_TYPES_PATH = "generated/sandbox-validators.d.mts";

const HEADER = `// Written by \`npm run generate\` (scripts/generators/validators.ts) from generated/openapi.json. Do not edit.
// The sandbox's request validators as Ajv standalone code: no schema is compiled when the sandbox starts.
// Ajv's standalone output loads its runtime helpers (ajv/dist/runtime/*, ajv-formats/dist/formats) with require().
`;

/** The standalone module for a bundle: one params and (if any) one body validator per operation. */
export function validators(bundleJson: string): string {
  const contract = contractFromDocument(JSON.parse(bundleJson) as JsonObject);
  const sources = validatorSources(contract);
  const ajv = createAjv(sources.components);
  const exportsByName: Record<string, string> = {};
  const entries: string[] = [];
  for (const op of sources.operations) {
    const params = `params_${op.operationId}`;
    ajv.addSchema(paramsSchema(op.parameters), params); // a key without "/": its anchored $refs stay "openapi.json#…"
    exportsByName[params] = params;
    let entry = `params: ${params}`;
    if (op.bodySchemaRef) {
      exportsByName[`body_${op.operationId}`] = DOC_ID + op.bodySchemaRef;
      entry += `, body: body_${op.operationId}`;
    }
    entries.push(`  ${JSON.stringify(op.operationId)}: { ${entry} },`);
  }
  return [
    standaloneModule(ajv, exportsByName, HEADER),
    `export const fingerprint = ${JSON.stringify(validatorsFingerprint(contract))};\n`,
    `export const validators = {\n${entries.join("\n")}\n};\n`,
  ].join("\n");
}

/** Its types: the same for every document, so written as is. */
export const VALIDATORS_TYPES = `// Written by \`npm run generate\` (scripts/generators/validators.ts). Do not edit.
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
`;
