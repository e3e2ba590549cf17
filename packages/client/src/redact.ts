// The API key must never surface in an error. A server might echo it (say, in a 401 message), so
// every string taken from a response is scrubbed before it goes into an error.
const MASK = "[redacted]";

type Container = Record<string, unknown> | unknown[];

/**
 * A copy of `value` with every occurrence of `secret` in its strings masked. Iterative: the value
 * is whatever a server answered, and a recursive copy overflows the call stack on deep nesting,
 * which would surface as a RangeError instead of the server's error.
 */
export function redact<T>(value: T, secret: string): T {
  const scrub = (item: unknown): unknown => (typeof item === "string" ? item.split(secret).join(MASK) : item);
  if (typeof value !== "object" || value === null) return scrub(value) as T;
  const copyOf = (item: object): Container => (Array.isArray(item) ? [] : {});
  const root = copyOf(value);
  const stack: [source: object, copy: Container][] = [[value, root]];
  while (stack.length > 0) {
    const [source, copy] = stack.pop()!;
    for (const [key, item] of Object.entries(source)) {
      let out = scrub(item);
      if (typeof item === "object" && item !== null) {
        out = copyOf(item);
        stack.push([item, out as Container]);
      }
      // Defined, not assigned: a `__proto__` key stays an own property, as in the server's JSON.
      Object.defineProperty(copy, key, { value: out, enumerable: true, writable: true, configurable: true });
    }
  }
  return root as T;
}
