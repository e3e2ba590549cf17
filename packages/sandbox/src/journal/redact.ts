// What the journal may keep of a request: never a secret. An entry holds no headers and no body
// at all; the one free-text field, the error message, can echo caller input (an external_id in a
// 409 or 404), so every message is scrubbed before it is written: the values the request itself
// carried as secrets (its Authorization value, integration credentials) and anything shaped like
// a sandbox-issued secret (org API keys are JWT-shaped, login tokens are 64 hex digits) become
// "[redacted]". Hand-written: it is two string passes, and no library knows our secret shapes.

export const REDACTED = "[redacted]";

// JWT-shaped (three base64url parts, the first starting with a JSON header) and long hex runs.
const SECRET_SHAPES = [/eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, /\b[0-9a-fA-F]{32,}\b/g];

/** Credential-like property names inside `integrations` (every string under them is a secret but `name`). */
const NOT_SECRET = new Set(["name", "default_company_shortname"]);

/** The secret values a request body carries: every string in `integrations` except connection names. */
export function bodySecrets(body: unknown): string[] {
  const integrations = (body as { integrations?: unknown } | undefined)?.integrations;
  const found: string[] = [];
  const walk = (value: unknown, key?: string): void => {
    if (typeof value === "string") {
      if (key === undefined || !NOT_SECRET.has(key)) found.push(value);
    } else if (Array.isArray(value)) {
      for (const item of value) walk(item);
    } else if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) walk(v, k);
    }
  };
  if (integrations && typeof integrations === "object") walk(integrations);
  return found;
}

/** The bearer value(s) of a request's Authorization headers, as sent. */
export function authorizationSecrets(rawHeaders: readonly string[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toLowerCase() !== "authorization") continue;
    const value = rawHeaders[i + 1]!.trim();
    found.push(value);
    const space = value.indexOf(" ");
    if (space > 0) found.push(value.slice(space + 1).trim());
  }
  return found;
}

function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so a secret that contains another is removed whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  for (const shape of SECRET_SHAPES) out = out.replace(shape, REDACTED);
  return out;
}

export function redactMessage(message: string | string[] | null, secrets: readonly string[]): string | string[] | null {
  if (message === null) return null;
  return Array.isArray(message) ? message.map((m) => scrub(m, secrets)) : scrub(message, secrets);
}
