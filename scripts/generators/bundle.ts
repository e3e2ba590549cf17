// The bundled document: what Prism, the sandbox, the client and the tests load.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const BUNDLE_PATH = "generated/openapi.json";
export const SANDBOX_BUNDLE_PATH = "generated/sandbox-openapi.json";

/** `api` names an entry of redocly.yaml's `apis`: `main` (the Partner API) or `sandbox` (its controls). */
export function bundle(root: string, api: "main" | "sandbox" = "main"): string {
  const dir = mkdtempSync(join(tmpdir(), "bundle-"));
  try {
    const out = join(dir, "openapi.json");
    execFileSync(join(root, "node_modules/.bin/redocly"), ["bundle", api, "--ext", "json", "-o", out], {
      cwd: root,
      env: { ...process.env, REDOCLY_TELEMETRY: "off" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    // Re-serialise so the committed file does not depend on Redocly's whitespace.
    return JSON.stringify(JSON.parse(readFileSync(out, "utf8")), null, 2) + "\n";
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
