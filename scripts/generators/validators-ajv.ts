// The one Ajv setup the sandbox's request validators are compiled with (options, formats, the
// document's own keyword). Only the generator loads it: the sandbox runs the standalone code it
// produces (generated/sandbox-validators.mjs) and never imports Ajv's compiler.
import { _, Ajv2020, type CodeKeywordDefinition, type KeywordErrorDefinition } from "ajv/dist/2020.js";
import formatsPlugin from "ajv-formats";
import standaloneCode from "ajv/dist/standalone/index.js";
import { DOC_ID, UNIQUE_ITEM_PROPERTY, type ValidatorSources } from "../../packages/sandbox/src/validation/schemas.ts";

const addFormats = formatsPlugin.default;

const uniqueItemPropertyError: KeywordErrorDefinition = {
  message: "duplicate",
  params: ({ params }) => _`{property: ${params.property}, index: ${params.index}, first: ${params.first}}`,
};

/**
 * x-unique-item-property: in an array of objects, this property must not repeat (plain
 * uniqueItems cannot say that). A `code` keyword, so standalone code can carry it: one error per
 * repeat, in index order, with params { property, index, first }.
 */
export const uniqueItemProperty: CodeKeywordDefinition = {
  keyword: UNIQUE_ITEM_PROPERTY,
  type: "array",
  schemaType: "string",
  error: uniqueItemPropertyError,
  code(cxt) {
    const { gen, data } = cxt;
    const property = _`${cxt.schemaCode}`; // the property name, as a string literal (schemaType string, no $data)
    const valid = gen.let("valid", true);
    const seen = gen.const("seen", _`new Map()`);
    gen.forRange("i", 0, _`${data}.length`, (i) => {
      const item = gen.const("item", _`${data}[${i}]`);
      const value = gen.const("value", _`${item} && typeof ${item} == "object" ? ${item}[${property}] : undefined`);
      gen.if(_`${value} !== undefined`, () => {
        const first = gen.const("first", _`${seen}.get(${value})`);
        gen.if(
          _`${first} === undefined`,
          () => gen.code(_`${seen}.set(${value}, ${i})`),
          () => {
            cxt.error(false, { property, index: i, first });
            gen.assign(valid, false);
          },
        );
      });
    });
    cxt.ok(valid);
  },
};

/**
 * Strict on purpose: no type coercion, no removal of unknown fields, every problem reported
 * (allErrors). Defaults the document declares (language, key name, limit, offset) are filled in.
 * `code.source` keeps each function's source for standalone output; ajv-formats points the
 * formats at `require("ajv-formats/dist/formats").fullFormats` in that output.
 */
export function createAjv(components: ValidatorSources["components"]): Ajv2020 {
  const ajv = new Ajv2020({
    strict: false, // the document carries OpenAPI keywords (example, x-…) next to JSON Schema
    allErrors: true,
    coerceTypes: false,
    removeAdditional: false,
    useDefaults: true,
    code: { source: true, esm: true, lines: true },
  });
  addFormats(ajv);
  ajv.addKeyword(uniqueItemProperty);
  ajv.addSchema({ components }, DOC_ID);
  return ajv;
}

/**
 * Ajv standalone code as an ES module: `header` (comment lines) first, then the `require` that
 * Ajv's output uses for its runtime helpers even with `code.esm` (scripts/build-sandbox-bin.ts
 * strips that line so the bin's bundle inlines them), then the validators under `exportsByName`.
 */
export function standaloneModule(ajv: Ajv2020, exportsByName: Record<string, string>, header: string): string {
  const code = standaloneCode.default(ajv, exportsByName).replace(/^"use strict";\n/, "");
  return `${header.trimEnd()}\nimport { createRequire } from "node:module";\nconst require = createRequire(import.meta.url);\n\n${code.trimEnd()}\n`;
}
