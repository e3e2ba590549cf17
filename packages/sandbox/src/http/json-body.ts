// The JSON request body: strict UTF-8, an empty body counts as no body, and every string (and
// key) must be well-formed Unicode. JSON.parse accepts an escaped lone surrogate ("\ud800") that
// the UTF-8 check cannot see, since the bytes are plain ASCII; it is refused here, in the parsing
// step, so the rule holds for every field of every operation. So is U+0000 ("\u0000"): no SQL
// engine stores it (PostgreSQL text cannot hold it), so it would be a 500 there and a 201 here.
import { ApiError } from "./api-error.ts";
import { depthMessage, nestsDeeperThan } from "./json-depth.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true });
const SURROGATE_ESCAPE = /\\u([dD][89a-fA-F]|0000)/;
// With the u flag, a valid pair is one code point and does not match.
const LONE_SURROGATE = /\p{Cs}|\u0000/u;

interface Visit {
  value: unknown;
  parent?: Visit;
  /** Index in the parent array, or key in the parent object. */
  at?: number | string;
}

/** The field name as the validation messages spell it (`connections[0].name`), built only for the one found. */
function fieldOf(visit: Visit | undefined): string {
  const parts: (number | string)[] = [];
  for (let v = visit; v?.at !== undefined; v = v.parent) parts.push(v.at);
  let out = "";
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i]!;
    out += typeof part === "number" ? `[${part}]` : out ? `.${part}` : part;
  }
  return out;
}

/**
 * The field of the first string or key (in document order) holding a lone surrogate or NUL.
 * Iterative, with an explicit stack: the depth of a body is the caller's to choose, and a
 * recursive walk overflowed the call stack at some 5,000 levels (a 500). The depth cap in
 * parseJsonBody makes that unreachable now; the walk does not rely on it.
 */
function loneSurrogateAt(body: unknown): string | undefined {
  const stack: Visit[] = [{ value: body }];
  while (stack.length > 0) {
    const visit = stack.pop()!;
    const { value } = visit;
    if (typeof visit.at === "string" && LONE_SURROGATE.test(visit.at)) return `a property name in ${fieldOf(visit.parent) || "body"}`;
    if (typeof value === "string") {
      if (LONE_SURROGATE.test(value)) return fieldOf(visit) || "body";
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], parent: visit, at: i });
    } else if (value !== null && typeof value === "object") {
      const keys = Object.keys(value);
      for (let i = keys.length - 1; i >= 0; i--) stack.push({ value: (value as Record<string, unknown>)[keys[i]!], parent: visit, at: keys[i]! });
    }
  }
  return undefined;
}

/**
 * Throws the 400 ApiError for a body that is not valid UTF-8 JSON of well-formed strings, or that
 * nests deeper than `maxDepth` (checked on the bytes, before JSON.parse builds anything).
 */
export function parseJsonBody(raw: Buffer, maxDepth: number): unknown {
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw new ApiError(400, "Request body is not valid UTF-8");
  }
  if (text.trim() === "") return undefined;
  if (nestsDeeperThan(raw, maxDepth)) throw new ApiError(400, depthMessage(maxDepth));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, `Malformed JSON: ${(error as Error).message}`);
  }
  // Only a body that spells a surrogate escape can hold one: the walk is skipped otherwise.
  const at = SURROGATE_ESCAPE.test(text) ? loneSurrogateAt(value) : undefined;
  if (at) throw new ApiError(400, `${at} contains an unpaired UTF-16 surrogate (\\ud800-\\udfff escape) or U+0000: strings must be valid Unicode without NUL`);
  return value;
}
