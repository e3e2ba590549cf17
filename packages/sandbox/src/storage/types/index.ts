// The sandbox's storage interface, one file per feature (this file puts them together). Routes
// and controls use only this; an engine is one folder behind it (memory/, sqlite/, postgres/,
// registered in ../open.ts). The domain rules (the order of checks, what a refusal says) live above
// the engines; an engine guarantees atomicity — uniqueness by a unique index, single use by one
// DELETE … RETURNING, counters and rate windows in the same transaction as the write they guard —
// so several processes on one database are one sandbox.
//
// Times are epoch milliseconds; see ./rate.ts for wall time and a partner's time.
import type { ApiKeyStore } from "./keys.ts";
import type { HostingStore, ControlStore } from "./hosting.ts";
import type { JournalStore } from "./journal.ts";
import type { LoginLinkStore } from "./links.ts";
import type { OrgStore } from "./orgs.ts";
import type { UsageStore } from "./quotas.ts";
import type { ClockStore, RateStore } from "./rate.ts";
import type { RequestStore } from "./requests.ts";

export type * from "./records.ts";
export type * from "./quotas.ts";
export type * from "./rate.ts";
export type * from "./orgs.ts";
export type * from "./keys.ts";
export { byCreation } from "./keys.ts";
export type * from "./links.ts";
export type * from "./journal.ts";
export type * from "./requests.ts";
export type { ControlStore, HostingStore } from "./hosting.ts";
export { StorageUnavailableError } from "./hosting.ts";

export interface SandboxStorage extends OrgStore, ApiKeyStore, LoginLinkStore, UsageStore, RateStore, ClockStore, JournalStore, ControlStore, HostingStore {
  /** Each API request's admission and operation as one unit of work (the request path). */
  readonly requests: RequestStore;
}
