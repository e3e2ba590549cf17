// The JSON request body: strict UTF-8, an empty body counts as no body, and every string (and
// key) must be well-formed Unicode. JSON.parse accepts an escaped lone surrogate ("\ud800") that
// the UTF-8 check cannot see, since the bytes are plain ASCII; it is refused here, in the parsing
// step, so the rule holds for every field of every operation. So is U+0000 ("\u0000"): no SQL
// engine stores it (PostgreSQL text cannot hold it), so it would be a 500 there and a 201 here.
import { ApiError } from "./api-error.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true });
const SURROGATE_ESCAPE = /\\u([dD][89a-fA-F]|0000)/;
// With the u flag, a valid pair is one code point and does not match.
const LONE_SURROGATE = /\p{Cs}|\u0000/u;

/** The field (as the validation messages name it: `connections[0].name`) of the first string or key holding a lone surrogate. */
function loneSurrogateAt(value: unknown, path: string): string | undefined {
  if (typeof value === "string") return LONE_SURROGATE.test(value) ? path || "body" : undefined;
  if (value === null || typeof value !== "object") return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = loneSurrogateAt(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key;
    if (LONE_SURROGATE.test(key)) return `a property name in ${path || "body"}`;
    const found = loneSurrogateAt(item, here);
    if (found) return found;
  }
  return undefined;
}

/** Throws the 400 ApiError for a body that is not valid UTF-8 JSON of well-formed strings. */
export function parseJsonBody(raw: Buffer): unknown {
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw new ApiError(400, "Request body is not valid UTF-8");
  }
  if (text.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, `Malformed JSON: ${(error as Error).message}`);
  }
  // Only a body that spells a surrogate escape can hold one: the walk is skipped otherwise.
  const at = SURROGATE_ESCAPE.test(text) ? loneSurrogateAt(value, "") : undefined;
  if (at) throw new ApiError(400, `${at} contains an unpaired UTF-16 surrogate (\\ud800-\\udfff escape) or U+0000: strings must be valid Unicode without NUL`);
  return value;
}
