// Per-partner ceilings on what the sandbox stores (storage/types.ts Quotas). One generous default
// for every partner until the config carries its own key; the engines count and enforce them.
import type { Quotas } from "./storage/types.ts";

export const DEFAULT_QUOTAS: Readonly<Quotas> = {
  orgs: 1_000_000,
  login_links: 100_000,
  stored_bytes: 1024 * 1024 * 1024,
};
