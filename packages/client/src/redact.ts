// The API key must never surface in an error. A server might echo it (say, in a 401 message), so
// every string taken from a response is scrubbed before it goes into an error.
const MASK = "[redacted]";

export function redact<T>(value: T, secret: string): T {
  if (typeof value === "string") return value.split(secret).join(MASK) as T;
  if (Array.isArray(value)) return value.map((item) => redact(item, secret)) as T;
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, secret)])) as T;
  }
  return value;
}
