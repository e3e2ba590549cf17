// The start-up banner: where the sandbox listens and which demo keys do what.
import { redactUrl } from "../common/redact-url.ts";
import type { PartnerConfig, SandboxConfig } from "../config/config.ts";

function role(p: PartnerConfig): string {
  if (p.active === false) return "inactive partner: every key answers 401";
  if (p.ip_allow_list?.length) return `IP allow list ${p.ip_allow_list.join(", ")}: other callers get 403`;
  if (p.rate_limits === false) return "no rate limits (load tests)";
  return "active";
}

export interface BannerStorage {
  engine: string;
  statePath?: string;
  databaseUrl?: string;
}

function storageLine(storage: BannerStorage): string {
  if (storage.databaseUrl) return `  state:  ${storage.engine} ${redactUrl(storage.databaseUrl)}`;
  if (storage.statePath) return `  state:  ${storage.engine} ${storage.statePath}`;
  return `  state:  ${storage.engine} (lost on exit; --state FILE or --database-url URL keeps it)`;
}

export function banner(url: string, config: SandboxConfig, configPath: string, storage: BannerStorage, adminTokenHint?: string): string {
  const lines = [
    `OpenCX Partner API sandbox on ${url}`,
    `  config: ${configPath}`,
    storageLine(storage),
    `  admin:  ${adminTokenHint ? `token ${adminTokenHint}: global reset, any partner's clock, metrics` : "no admin token (SANDBOX_ADMIN_TOKEN): no global reset, no metrics"}`,
    "",
    "Partner API keys (Authorization: Bearer <key>):",
  ];
  for (const p of config.partners) {
    lines.push(`  ${p.id} — ${role(p)}`);
    for (const key of p.api_keys ?? []) lines.push(`      ${key}`);
    for (const key of p.revoked_api_keys ?? []) lines.push(`      ${key}   (revoked: 401)`);
  }
  lines.push(
    "",
    `Try:      curl -H "Authorization: Bearer ${config.partners.find((p) => p.active !== false && !p.ip_allow_list?.length)?.api_keys?.[0] ?? "<key>"}" ${url}/partner/v1/orgs`,
    `Page:     ${url}/_sandbox/   (paste a key: orgs, login links, rate limits, clock, request journal)`,
    `Controls (with a partner key, for that partner): POST ${url}/_sandbox/reset   POST ${url}/_sandbox/clock {"advance_seconds": N}`,
    `Health:   GET ${url}/_sandbox/health`,
  );
  return lines.join("\n");
}
