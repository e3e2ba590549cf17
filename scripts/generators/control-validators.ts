// generated/sandbox-control-validators.mjs: request validators for the sandbox's own operations
// (openapi/sandbox, bundled to generated/sandbox-openapi.json), compiled here by Ajv as standalone
// code like the API's (validators.ts), so the controls validate without a schema compiler at start.
// The module also carries each operation's method, path and parameter list: the routes and the
// text-to-type reading of parameters come from it, never restated in code. One generated file holds
// both, so they cannot disagree; `npm run check:generated` catches drift from the document.
import { operationsFromDocument, type JsonObject } from "../../packages/sandbox/src/contract/contract.ts";
import { DOC_ID, paramsSchema, requestParameters } from "../../packages/sandbox/src/validation/schemas.ts";
import { createAjv, standaloneModule } from "./validators-ajv.ts";

export const CONTROL_VALIDATORS_PATH = "generated/sandbox-control-validators.mjs";
export const CONTROL_VALIDATORS_TYPES_PATH = "generated/sandbox-control-validators.d.mts";

const HEADER = `// Written by \`npm run generate\` (scripts/generators/control-validators.ts) from generated/sandbox-openapi.json. Do not edit.
// The sandbox controls' request validators as Ajv standalone code, with each operation's method, path and parameters.
// Ajv's standalone output loads its runtime helpers (ajv/dist/runtime/*, ajv-formats/dist/formats) with require().
`;

export function controlValidators(bundleJson: string): string {
  const doc = JSON.parse(bundleJson) as JsonObject;
  const components = (doc.components ?? {}) as JsonObject;
  const ajv = createAjv({ schemas: components.schemas, parameters: components.parameters });
  const exportsByName: Record<string, string> = {};
  const entries: string[] = [];
  for (const op of operationsFromDocument(doc)) {
    const parameters = requestParameters(op);
    const params = `params_${op.operationId}`;
    ajv.addSchema(paramsSchema(parameters), params);
    exportsByName[params] = params;
    const meta = { method: op.method, path: op.path, parameters, bodyRequired: op.bodyRequired };
    let entry = `${JSON.stringify(meta).slice(1, -1)}, params: ${params}`;
    if (op.bodySchemaRef) {
      exportsByName[`body_${op.operationId}`] = DOC_ID + op.bodySchemaRef;
      entry += `, body: body_${op.operationId}`;
    }
    entries.push(`  ${JSON.stringify(op.operationId)}: { ${entry} },`);
  }
  return [standaloneModule(ajv, exportsByName, HEADER), `export const operations = {\n${entries.join("\n")}\n};\n`].join("\n");
}

export const CONTROL_VALIDATORS_TYPES = `// Written by \`npm run generate\` (scripts/generators/control-validators.ts). Do not edit.
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
`;
