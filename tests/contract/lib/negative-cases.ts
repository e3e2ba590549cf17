// Invalid requests generated from the document's schemas — never listed by hand: for every
// field of a request body and every parameter, each required field missing, each wrong type,
// each bound crossed by one, each format / enum / pattern violated, unknown fields. Each
// generated body is confirmed invalid by Ajv against the request schema before it is used.
import { randomUUID } from "node:crypto";
import { resolveSchema, type Json, type JsonObject, type Operation, type Parameter, type Schema } from "./document.ts";
import { isValid, validatorAt } from "./response-validator.ts";

export interface NegativeCase {
  /** e.g. `body /name maxLength+1` or `query limit minimum-1`. */
  label: string;
  /** Breaks an x- rule of the document (beyond JSON Schema), which only a real server checks. */
  extension?: boolean;
  body?: Json;
  query?: Record<string, string>;
  path?: Record<string, string>;
}

const INVALID_FORMAT: Record<string, string> = {
  email: "not-an-email",
  uri: "not a uri",
  uuid: "not-a-uuid",
  "date-time": "yesterday",
  date: "2026-13-45",
};

const jsonType = (v: Json): string =>
  v === null ? "null" : Array.isArray(v) ? "array" : typeof v === "number" ? (Number.isInteger(v) ? "integer" : "number") : typeof v;

const allowedTypes = (s: Schema): string[] | undefined => {
  if (s.type === undefined) return undefined;
  const types = (Array.isArray(s.type) ? s.type : [s.type]) as string[];
  return types.includes("number") ? [...types, "integer"] : types;
};

/** Flattens `$ref` and `allOf` (this document uses allOf only to add `required`). */
function effective(schema: Json): Schema {
  const s = resolveSchema(schema);
  if (!Array.isArray(s.allOf)) return s;
  const parts = (s.allOf as Json[]).map(effective);
  const merged: Schema = { ...s };
  delete merged.allOf;
  for (const part of parts) {
    merged.properties = { ...((merged.properties as JsonObject) ?? {}), ...((part.properties as JsonObject) ?? {}) };
    merged.required = [...new Set([...((merged.required as string[]) ?? []), ...((part.required as string[]) ?? [])])];
    for (const [k, v] of Object.entries(part)) if (!(k in merged)) merged[k] = v;
  }
  return merged;
}

/** The branch of a oneOf/anyOf that the sample value takes; mutations follow that branch. */
function branch(schema: Schema, value: Json): Schema {
  const options = (schema.oneOf ?? schema.anyOf) as Json[] | undefined;
  if (!options) return schema;
  const taken = options.map(effective).find((o) => isValid(o, value));
  return taken ? effective(taken) : schema;
}

const WRONG_TYPE_CANDIDATES: Json[] = [12345, "a string", true, null, ["an", "array"], { an: "object" }, 1.5];

function wrongTypeValues(s: Schema): Json[] {
  const allowed = allowedTypes(s);
  return WRONG_TYPE_CANDIDATES.filter((c) => (allowed ? !allowed.includes(jsonType(c)) : false) && !isValid(s, c));
}

const wrongTypeValue = (s: Schema): Json | undefined => wrongTypeValues(s)[0];

function distinctItem(item: Json, i: number): Json {
  if (typeof item === "string") return /^[0-9a-f-]{36}$/i.test(item) ? randomUUID() : `${item}${i}`;
  if (item && typeof item === "object" && !Array.isArray(item)) {
    return Object.fromEntries(Object.entries(item).map(([k, v]) => [k, typeof v === "string" ? `${v}-${i}` : v]));
  }
  return item;
}

// Appends, so a run-prefixed external_id keeps its prefix even when it is too long.
const pad = (value: string, length: number) => (value.length >= length ? value.slice(0, length) : value + "a".repeat(length - value.length));

/** `extension`: breaks an x- rule of the document, which Ajv cannot confirm. */
type Mutation = { where: string; kind: string; value: Json | typeof REMOVE; extension?: boolean };
const REMOVE = Symbol("remove");

/** Mutations of one value against its schema, recursing into properties and items. */
function mutations(schema: Json, value: Json, where: string): Mutation[] {
  const s = branch(effective(schema), value);
  const out: Mutation[] = [];
  const add = (kind: string, v: Json | typeof REMOVE, at = where, extension = false) => out.push({ where: at, kind, value: v, extension });

  // One wrong type per field; at the root every JSON type (a scalar or an array for an object).
  const wrongs = where === "" ? wrongTypeValues(s) : [wrongTypeValue(s)].filter((w) => w !== undefined);
  for (const wrong of wrongs) add(`wrong type (${jsonType(wrong)})`, wrong);
  if (Array.isArray(s.enum)) add("not in enum", "__not_in_enum__");
  if (s.const !== undefined) add("not the const", "__not_the_const__");

  if (typeof value === "string") {
    if (typeof s.minLength === "number" && s.minLength > 0) add("minLength-1", value.slice(0, s.minLength - 1));
    if (typeof s.maxLength === "number") add("maxLength+1", pad(value, s.maxLength + 1));
    if (typeof s.format === "string" && INVALID_FORMAT[s.format]) add(`format ${s.format}`, INVALID_FORMAT[s.format]!);
    if (typeof s.pattern === "string") {
      const min = Math.max(Number(s.minLength ?? 1), 1);
      const bad = [" ", "-", "!", "_"].map((c) => c.repeat(min)).find((c) => !new RegExp(s.pattern as string, "u").test(c));
      if (bad !== undefined) add("pattern", bad);
    }
  }
  if (typeof value === "number") {
    if (typeof s.minimum === "number") add("minimum-1", s.minimum - 1);
    if (typeof s.maximum === "number") add("maximum+1", s.maximum + 1);
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === "number" && s.minItems > 0) add("minItems-1", value.slice(0, s.minItems - 1));
    if (typeof s.maxItems === "number" && value.length > 0) {
      add("maxItems+1", Array.from({ length: s.maxItems + 1 }, (_, i) => distinctItem(value[0]!, i)));
    }
    if (s.uniqueItems === true && value.length > 0) add("duplicate item", [value[0]!, value[0]!]);
    // A document extension JSON Schema cannot express: entries unique by one property.
    const uniqueBy = s["x-unique-item-property"];
    if (typeof uniqueBy === "string" && value.length > 0) {
      const first = value[0] as JsonObject;
      add(`duplicate ${uniqueBy} (x-unique-item-property)`, [first, { ...(distinctItem(first, 1) as JsonObject), [uniqueBy]: first[uniqueBy]! }], where, true);
    }
    if (value.length > 0 && s.items) out.push(...mutations(s.items as Json, value[0]!, `${where}/0`));
  }
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const properties = (s.properties as JsonObject) ?? {};
    for (const name of (s.required as string[]) ?? []) if (name in value) add("required missing", REMOVE, `${where}/${name}`);
    if (s.additionalProperties === false) {
      add("unknown field", "x", `${where}/unexpected_field`);
      // The typo the document warns about: a camelCase twin of a snake_case field.
      const snake = Object.keys(properties).find((p) => p.includes("_"));
      if (snake) add("unknown field (camelCase)", value[snake] ?? "x", `${where}/${snake.replace(/_(\w)/g, (_, c: string) => c.toUpperCase())}`);
    }
    for (const [name, propSchema] of Object.entries(properties)) {
      if (name in value) out.push(...mutations(propSchema, value[name]!, `${where}/${name}`));
      else {
        const absentWrong = wrongTypeValue(branch(effective(propSchema), null));
        if (absentWrong !== undefined) add(`wrong type (${jsonType(absentWrong)})`, absentWrong, `${where}/${name}`);
      }
    }
  }
  return out;
}

function apply(root: Json, m: Mutation): Json {
  if (m.where === "") return m.value as Json;
  const copy = structuredClone(root);
  const keys = m.where.slice(1).split("/");
  const last = keys.pop()!;
  const parent = keys.reduce<Json>((node, k) => (node as JsonObject)[k] as Json, copy) as JsonObject & Json[];
  if (m.value === REMOVE) delete parent[last];
  else parent[last] = m.value;
  return copy;
}

/**
 * Invalid bodies for an operation, mutated from each valid sample (the merged example first,
 * then every named example, so e.g. both forms of a oneOf are walked); one case per label.
 */
export function bodyCases(op: Operation, samples: JsonObject[]): NegativeCase[] {
  if (!op.requestBody) return [];
  const validate = validatorAt(op.requestBody.pointer);
  const seen = new Set<string>();
  return samples
    .flatMap((sample) =>
      mutations(op.requestBody!.schema, sample, "").map((m) => ({ label: `body ${m.where || "(root)"} ${m.kind}`, body: apply(sample, m), extension: m.extension })),
    )
    .filter((c) => !seen.has(c.label) && seen.add(c.label) && (c.extension || !validate(c.body)));
}

function parameterValues(p: Parameter, valid: string | undefined): { kind: string; value: string }[] {
  const s = effective(p.schema);
  const out: { kind: string; value: string }[] = [];
  if (s.type === "integer" || s.type === "number") {
    out.push({ kind: "wrong type (string)", value: "abc" });
    if (s.type === "integer") out.push({ kind: "wrong type (fraction)", value: "1.5" });
    if (typeof s.minimum === "number") out.push({ kind: "minimum-1", value: String(s.minimum - 1) });
    if (typeof s.maximum === "number") out.push({ kind: "maximum+1", value: String(s.maximum + 1) });
  }
  if (s.type === "string") {
    const base = valid ?? "a";
    // An empty path segment is a different route, so minLength is only crossed in the query.
    if (typeof s.minLength === "number" && s.minLength > 0 && p.in !== "path") out.push({ kind: "minLength-1", value: base.slice(0, s.minLength - 1) });
    if (typeof s.maxLength === "number") out.push({ kind: "maxLength+1", value: pad(base, s.maxLength + 1) });
    if (typeof s.format === "string" && INVALID_FORMAT[s.format]) out.push({ kind: `format ${s.format}`, value: INVALID_FORMAT[s.format]! });
    if (Array.isArray(s.enum)) out.push({ kind: "not in enum", value: "__not_in_enum__" });
  }
  return out;
}

/**
 * Invalid query and path parameters, one at a time; `path` holds only the invalid value, to be
 * laid over a valid path. Bounds are crossed from the parameter's own example.
 */
export function parameterCases(op: Operation): NegativeCase[] {
  return op.parameters
    .filter((p) => p.in === "query" || p.in === "path")
    .flatMap((p) =>
      parameterValues(p, typeof p.example === "string" ? p.example : undefined).map(({ kind, value }) =>
        p.in === "query" ? { label: `query ${p.name} ${kind}`, query: { [p.name]: value } } : { label: `path ${p.name} ${kind}`, path: { [p.name]: value } },
      ),
    );
}
