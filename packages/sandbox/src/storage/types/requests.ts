// One API request's unit of work: its admission (the partner's clock and rate windows), then its
// operation and the quota counters that operation changes — one transaction on the SQL engines,
// one synchronous step on the memory engine — so an admitted request happened whole or not at
// all, and a refused one spent nothing. The request path (api/) calls only these.
//
// Answers are `MaybePromise`: the memory engine answers in the same turn, without a promise per
// step; the SQL engines answer a promise, settled once the unit is committed. The caller goes on
// synchronously when it can (see ../maybe.ts).
import type { MaybePromise } from "../maybe.ts";
import type { CreateOrgResult, OrgPage } from "./orgs.ts";
import type { AddResult, Quotas } from "./quotas.ts";
import type { Admission, AdmissionRefused, RatePolicy } from "./rate.ts";
import type { StoredApiKey, StoredLoginLink, StoredOrg } from "./records.ts";

/** Who asks, under which rate-limit policies, at which wall time. */
export interface Ticket {
  partnerId: string;
  policies: readonly RatePolicy[];
  wallMs: number;
  /**
   * The partner's time of an admission this request already had (an `Expect: 100-continue`
   * request is admitted before its body is invited): nothing is spent again.
   */
  admittedAtMs?: number;
}

/** A unit's answer: refused by a policy (nothing happened), or admitted with its operation's result. */
export type Unit<T> = AdmissionRefused | { admitted: true; nowMs: number; result: T };

/** The org is unknown or another partner's (the two look the same). */
export interface NotOwned {
  notOwned: true;
}

/**
 * Builds the record to store from the partner's time. An engine may call it more than once (once
 * more if the partner's clock moved meanwhile, on another instance): it must not have effects.
 */
export type Draft<T> = (nowMs: number) => T;

export interface RequestStore {
  /** The admission alone: a request refused before its operation (a 400 answers 429 first if due). */
  admit(ticket: Ticket): MaybePromise<Admission>;
  createOrg(ticket: Ticket, draft: Draft<StoredOrg>, quotas: Quotas): MaybePromise<Unit<CreateOrgResult>>;
  listOrgs(ticket: Ticket, limit: number, offset: number): MaybePromise<Unit<OrgPage>>;
  orgByExternalId(ticket: Ticket, externalId: string): MaybePromise<Unit<StoredOrg | undefined>>;
  /** Stores the key if the partner owns `orgId` and its quotas allow. */
  addApiKey(ticket: Ticket, orgId: string, draft: Draft<StoredApiKey>, quotas: Quotas): MaybePromise<Unit<AddResult | NotOwned>>;
  /** Stores the link if the partner owns `orgId` and its quotas allow. */
  addLoginLink(ticket: Ticket, orgId: string, draft: Draft<StoredLoginLink>, quotas: Quotas): MaybePromise<Unit<AddResult | NotOwned>>;
}
