// Per-partner ceilings on what the sandbox stores (storage/types/quotas.ts), counted by the engine
// so they hold across instances. A partner's config `quotas` overrides each one. The defaults keep
// one partner's state within 64 MB of memory even at its largest: a max-size org (every field at
// its documented bound) is about 32.7 KB of JSON, so 16 MiB of stored JSON is at most ~510 such orgs
// (docs/sandbox.md, "Quotas"; the heap and RSS measured per partner at quota: docs/benchmarks.md, "quota").
import type { Quotas } from "../storage/types/index.ts";

export const DEFAULT_QUOTAS: Readonly<Quotas> = {
  orgs: 1000,
  login_links: 1000,
  stored_bytes: 16 * 1024 * 1024,
};
