// `Retry-After` is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3); the document declares
// seconds, but proxies and CDNs in front of the API may send a date.

/** Milliseconds to wait, or undefined when the header is absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Only the HTTP-date shapes (they all name a weekday or month); `Date.parse` alone accepts "1.5".
  if (!/[A-Za-z]{3}/.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
