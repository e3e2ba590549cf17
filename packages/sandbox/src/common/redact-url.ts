// A database URL as it may be printed (the start-up banner, the PostgreSQL engine's messages):
// never with a password. No driver here: the banner must not load one.

/** The URL without its password, and with any password-like query parameter (pass, secret, token) masked. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = "";
    for (const name of [...parsed.searchParams.keys()]) if (/pass|secret|token/i.test(name)) parsed.searchParams.set(name, "***");
    return parsed.toString();
  } catch {
    return "<unparsable database URL>";
  }
}
