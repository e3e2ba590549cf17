// What the engines store: an org, an org API key, a login link (by its token's digest only).
// Every record carries its partner: every read and every reset is scoped to one partner.
import type { components } from "../../../../../generated/schema.d.ts";

type Org = components["schemas"]["Org"];

export interface StoredOrg extends Org {
  partner_id: string;
  website?: string;
  language?: string;
  ai_instructions?: string;
  /** Names of connected integrations, by integration key; credentials are never stored. */
  integrations?: Record<string, string[]>;
}

export interface StoredApiKey {
  id: string;
  org_id: string;
  partner_id: string;
  name: string;
  key_sha256: string;
  created_at: string;
}

export interface StoredLoginLink {
  token_sha256: string;
  org_id: string;
  partner_id: string;
  email: string;
  name: string;
  role_ids: string[];
  expires_at_ms: number;
}
