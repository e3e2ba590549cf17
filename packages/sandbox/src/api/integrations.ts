// The sandbox cannot call third parties, so credential validation follows the document's
// sandbox rule: an app_key starting with the documented prefix fails (400, nothing created).
import type { Contract, JsonObject } from "../contract/contract.ts";
import { ApiError } from "../http/api-error.ts";

/** Throws 400 for the first connection whose credentials "fail"; returns the connection names. */
export function checkIntegrations(
  integrations: JsonObject | undefined,
  rule: Contract["invalidCredentials"],
): Record<string, string[]> | undefined {
  if (!integrations) return undefined;
  const connected: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(integrations)) {
    const connections = (Array.isArray(value) ? value : [value]) as JsonObject[];
    connected[key] = connections.map((c, i) => {
      const name = typeof c.name === "string" ? c.name : connections.length > 1 ? `#${i + 1}` : "default";
      if (typeof c.app_key === "string" && c.app_key.startsWith(rule.prefix)) {
        throw new ApiError(400, `${rule.integration} credentials for connection "${name}" failed validation`);
      }
      return name;
    });
  }
  return connected;
}
