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

/**
 * The secret values a request body carries: every string in `integrations` except connection
 * names. Iterative: the body is the caller's, and a recursive walk overflowed the stack on deep
 * nesting inside `integrations` (the request then went unjournaled).
 */
export function bodySecrets(body: unknown): string[] {
  const integrations = (body as { integrations?: unknown } | undefined)?.integrations;
  const found: string[] = [];
  if (!integrations || typeof integrations !== "object") return found;
  const stack: [value: unknown, key: string | undefined][] = [[integrations, undefined]];
  while (stack.length > 0) {
    const [value, key] = stack.pop()!;
    if (typeof value === "string") {
      if (key === undefined || !NOT_SECRET.has(key)) found.push(value);
    } else if (Array.isArray(value)) {
      for (const item of value) stack.push([item, undefined]);
    } else if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) stack.push([v, k]);
    }
  }
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
  for (const secret of secrets) out = out.split(secret).join(REDACTED);
  for (const shape of SECRET_SHAPES) out = out.replace(shape, REDACTED);
  return out;
}

export function redactMessage(message: string | string[] | null, secrets: readonly string[]): string | string[] | null {
  if (message === null) return null;
  // Only the secrets the (bounded) message holds, longest first so a secret that contains
  // another is removed whole: a hostile body may carry some 100,000 strings.
  const text = Array.isArray(message) ? message.join("\n") : message;
  const present = secrets.filter((secret) => secret.length >= 4 && text.includes(secret)).sort((a, b) => b.length - a.length);
  return Array.isArray(message) ? message.map((m) => scrub(m, present)) : scrub(message, present);
}
