// fast-check arbitraries derived from the document's JSON Schemas: `valid(schema)` builds values
// the schema accepts; `mutations(schema)` breaks a valid value in a way the schema must reject
// (unknown field, missing required field, wrong type, too long, bad format, not an object).
// Bounded on purpose (short strings, few array items) so property runs stay fast.
import fc from "fast-check";
import { deref } from "../../packages/sandbox/src/contract/openapi-document.ts";

type Schema = Record<string, any>;
const MAX_STRING = 24;
const MAX_ITEMS = 3;

export class SchemaArbitraries {
  private readonly doc: Schema;
  constructor(doc: Schema) {
    this.doc = doc;
  }

  resolve(schema: Schema): Schema {
    const s = deref<Schema>(this.doc, schema);
    if (s.allOf) {
      const parts = [s, ...s.allOf.map((p: Schema) => this.resolve(p))];
      return {
        ...parts.reduce((a, p) => ({ ...a, ...p }), {}),
        allOf: undefined,
        properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})),
        required: [...new Set(parts.flatMap((p) => p.required ?? []))],
      };
    }
    return s;
  }

  valid(schema: Schema): fc.Arbitrary<unknown> {
    const s = this.resolve(schema);
    if (s.oneOf) return fc.oneof(...s.oneOf.map((b: Schema) => this.valid(b)));
    switch (s.type) {
      case "object":
        return this.object(s);
      case "array":
        return this.array(s);
      case "string":
        return this.string(s);
      case "integer":
        return fc.integer({ min: s.minimum ?? -1e6, max: Math.min(s.maximum ?? 1e6, 1e9) });
      case "boolean":
        return fc.boolean();
      default:
        throw new Error(`no arbitrary for schema ${JSON.stringify(s).slice(0, 100)}`);
    }
  }

  private object(s: Schema): fc.Arbitrary<Record<string, unknown>> {
    const props = Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, this.valid(v as Schema)]));
    return fc.record(props, { requiredKeys: s.required ?? [] }) as fc.Arbitrary<Record<string, unknown>>;
  }

  private array(s: Schema): fc.Arbitrary<unknown[]> {
    const item = this.valid(s.items ?? {});
    const constraints = { minLength: s.minItems ?? 0, maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? MAX_ITEMS, MAX_ITEMS)) };
    const uniqueBy = s["x-unique-item-property"] as string | undefined;
    if (uniqueBy) return fc.uniqueArray(item, { ...constraints, selector: (v) => (v as Record<string, unknown>)[uniqueBy] });
    if (s.uniqueItems) return fc.uniqueArray(item, { ...constraints, selector: (v) => JSON.stringify(v) });
    return fc.array(item, constraints);
  }

  private string(s: Schema): fc.Arbitrary<string> {
    const min = s.minLength ?? 0;
    const max = s.maxLength ?? Infinity;
    const fits = (v: string) => [...v].length >= min && [...v].length <= max;
    const word = (lo: number, hi: number) => fc.stringMatching(new RegExp(`^[a-z0-9]{${lo},${hi}}$`));
    switch (s.format) {
      case "uuid":
        return fc.uuid();
      case "email":
        return fc.tuple(word(1, 12), word(1, 12), fc.stringMatching(/^[a-z]{2,6}$/)).map(([l, d, t]) => `${l}@${d}.${t}`).filter(fits);
      case "uri":
        return fc.tuple(word(1, 12), word(0, 12)).map(([d, p]) => `https://${d}.example/${p}`).filter(fits);
    }
    if (s.pattern) return fc.stringMatching(new RegExp(s.pattern, "u")).filter(fits);
    // Any Unicode text but U+0000, which the document's conventions refuse in every string.
    return fc
      .string({ unit: "binary", minLength: min, maxLength: Math.max(min, Math.min(max, MAX_STRING)) })
      .map((v) => v.replace(/\u0000/g, "0"));
  }

  /** Ways to break a valid object of this schema; each result violates the schema. */
  mutations(schema: Schema): fc.Arbitrary<{ kind: string; value: unknown }> {
    const s = this.resolve(schema);
    const known = Object.keys(s.properties ?? {});
    const base = this.valid(s) as fc.Arbitrary<Record<string, unknown>>;
    const options: fc.Arbitrary<{ kind: string; value: unknown }>[] = [
      fc.tuple(base, fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !known.includes(k)), fc.jsonValue()).map(([v, k, x]) => ({
        kind: `unknown field ${JSON.stringify(k)}`,
        value: { ...v, [k]: x },
      })),
      fc.oneof(fc.array(fc.jsonValue(), { maxLength: 3 }), fc.string(), fc.double(), fc.boolean(), fc.constant(null)).map((value) => ({ kind: "not an object", value })),
    ];
    for (const required of s.required ?? []) {
      options.push(base.map((v) => ({ kind: `without ${required}`, value: Object.fromEntries(Object.entries(v).filter(([k]) => k !== required)) })));
    }
    for (const [name, raw] of Object.entries(s.properties ?? {})) {
      const p = this.resolve(raw as Schema);
      const types: string[] = p.oneOf ? p.oneOf.map((b: Schema) => this.resolve(b).type) : [p.type];
      options.push(
        fc.tuple(base, this.wrongType(types)).map(([v, bad]) => ({ kind: `${name} of the wrong type`, value: { ...v, [name]: bad } })),
      );
      if (p.type === "string" && typeof p.maxLength === "number") {
        options.push(base.map((v) => ({ kind: `${name} too long`, value: { ...v, [name]: "x".repeat(p.maxLength + 1) } })));
      }
      if (p.type === "string" && p.format) {
        options.push(base.map((v) => ({ kind: `${name} not a ${p.format}`, value: { ...v, [name]: `not a ${p.format} ☃` } })));
      }
    }
    return fc.oneof(...options);
  }

  private wrongType(types: string[]): fc.Arbitrary<unknown> {
    const all: Record<string, fc.Arbitrary<unknown>> = {
      string: fc.string({ maxLength: 8 }),
      integer: fc.integer(),
      number: fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)),
      boolean: fc.boolean(),
      null: fc.constant(null),
      object: fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
      array: fc.array(fc.integer(), { maxLength: 2 }),
    };
    const excluded = new Set(types.flatMap((t) => (t === "number" ? ["number", "integer"] : [t])));
    return fc.oneof(...Object.entries(all).filter(([t]) => !excluded.has(t)).map(([, a]) => a));
  }
}
