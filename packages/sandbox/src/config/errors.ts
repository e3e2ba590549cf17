// The config validator's errors as sentences that say what to fix: the property, where it is
// (`partners[0] (id "acme")`), and for an unknown property the nearest valid name at that place,
// read from schema.ts (so the hint follows the schema).
import type { ErrorObject } from "ajv";
import { configSchema } from "./schema.ts";
import { didYouMean } from "../common/nearest-name.ts";

type Json = Record<string, unknown>;

/** The schema node an error's schemaPath points at (`#/properties/partners/items/additionalProperties`). */
function schemaAt(schemaPath: string): Json | undefined {
  let node: unknown = configSchema;
  for (const raw of schemaPath.replace(/^#\/?/, "").split("/").filter(Boolean)) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Json)[raw.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return node && typeof node === "object" ? (node as Json) : undefined;
}

/** `/partners/0/api_keys/1` → `partners[0] (id "acme").api_keys[1]`. */
function place(instancePath: string, config: unknown): string {
  const parts = instancePath.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  let out = "";
  let node: unknown = config;
  for (const part of parts) {
    node = node && typeof node === "object" ? (node as Json)[part] : undefined;
    out += /^\d+$/.test(part) ? `[${part}]` : out ? `.${part}` : part;
    const id = node && typeof node === "object" && !Array.isArray(node) ? (node as Json).id : undefined;
    if (/^\d+$/.test(part) && typeof id === "string") out += ` (id "${id}")`;
  }
  return out || "the top level";
}

function describe(e: ErrorObject, config: unknown): string {
  const at = place(e.instancePath, config);
  const params = e.params as Json;
  switch (e.keyword) {
    case "additionalProperties": {
      const name = String(params.additionalProperty);
      const owner = schemaAt(e.schemaPath.replace(/\/additionalProperties$/, ""));
      const valid = Object.keys((owner?.properties as Json | undefined) ?? {});
      const hint = didYouMean(name, valid) || (valid.length ? ` (valid here: ${valid.join(", ")})` : "");
      return `${at}: unknown property "${name}"${hint}`;
    }
    case "required":
      return `${at}: missing required property "${String(params.missingProperty)}"`;
    case "type":
      return `${at}: must be ${/^[aeiou]/.test(String(params.type)) ? "an" : "a"} ${String(params.type)}`;
    case "pattern":
      return `${at}: ${JSON.stringify(valueAt(config, e.instancePath))} does not match ${String(params.pattern)}`;
    default:
      return `${at}: ${e.message ?? "is invalid"}`;
  }
}

function valueAt(config: unknown, instancePath: string): unknown {
  let node = config;
  for (const part of instancePath.split("/").slice(1)) node = node && typeof node === "object" ? (node as Json)[part] : undefined;
  return node;
}

export function describeConfigErrors(errors: readonly ErrorObject[], config: unknown): string[] {
  // A failed oneOf (rate_limits: false or a map) reports every branch; say what fits instead.
  const oneOf = new Set(errors.filter((e) => e.keyword === "oneOf").map((e) => e.instancePath));
  const messages = errors
    .filter((e) => !(oneOf.has(e.instancePath) && (e.keyword === "const" || e.keyword === "type")))
    .map((e) => (e.keyword === "oneOf" ? `${place(e.instancePath, config)}: must be false or an object of limits ({ limit, window_seconds } by "global" or operationId)` : describe(e, config)));
  // The oneOf sentence adds nothing when a deeper error already says what is wrong.
  return [...new Set(messages)].filter((m, _, all) => !m.endsWith("by \"global\" or operationId)") || !all.some((o) => o !== m && o.startsWith(m.split(":")[0]!)));
}
