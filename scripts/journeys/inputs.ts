// The workflow inputs a run derives rather than reads: the external_id prefix, the window the
// login links' expiry must fall in, and the page offsets to visit. The facts behind them (the
// link TTL, the largest page) come from the document.
import { randomBytes } from "node:crypto";
import { operation } from "../../tests/contract/lib/document.ts";

/** The offsets listEveryOrg visits, in order: Arazzo expressions cannot add, so they come in. */
export interface PageChain {
  offset: number;
  next?: PageChain;
}

export interface JourneyInputs {
  apiKey: string;
  otherApiKey?: string;
  runPrefix: string;
  linkExpiresAfter: string;
  linkExpiresBefore: string;
  pageSize: number;
  pages: PageChain;
}

const loginLink = operation("createLoginLink").op["x-login-link"] as { ttl_seconds: number };
const limit = operation("listOrgs").parameters.find((p) => p.name === "limit")!.schema as { maximum: number };
/** The largest page the document allows: the fewest requests on a server with many orgs. */
export const MAX_PAGE_SIZE = limit.maximum;
/** How far the chain reaches: past this many pages, listEveryOrg fails where the chain ends ("Cannot read "offset" of undefined"). */
export const MAX_PAGES = 1000;

/** A clock difference between this machine and the server, tolerated either way. */
const CLOCK_SKEW_MS = 60_000;
/** How long after the run starts its links may still be created (the journeys that make them run first). */
const RUN_ALLOWANCE_MS = 5 * 60_000;

/** `journeys-<UTC stamp>-<random>`: every org a run creates carries it (the API has no delete). */
export function newJourneyPrefix(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  return `journeys-${stamp}-${randomBytes(4).toString("hex")}`;
}

/** Offsets 0, pageSize, 2 × pageSize, … for `pages` pages, as a chain. */
export function pageChain(pageSize: number, pages = MAX_PAGES): PageChain {
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) throw new Error(`page size must be 1 to ${MAX_PAGE_SIZE}, got ${pageSize}`);
  let chain: PageChain | undefined;
  for (let page = pages - 1; page >= 0; page--) chain = chain ? { offset: page * pageSize, next: chain } : { offset: page * pageSize };
  return chain!;
}

/** A link made during the run expires about the document's TTL after it starts. */
export function expiryWindow(startedAt: Date, ttlSeconds = loginLink.ttl_seconds): { linkExpiresAfter: string; linkExpiresBefore: string } {
  const expires = startedAt.getTime() + ttlSeconds * 1000;
  return {
    linkExpiresAfter: new Date(expires - CLOCK_SKEW_MS).toISOString(),
    linkExpiresBefore: new Date(expires + CLOCK_SKEW_MS + RUN_ALLOWANCE_MS).toISOString(),
  };
}

export function journeyInputs(options: { apiKey: string; otherApiKey?: string; pageSize: number; startedAt?: Date; runPrefix?: string }): JourneyInputs {
  const startedAt = options.startedAt ?? new Date();
  return {
    apiKey: options.apiKey,
    ...(options.otherApiKey ? { otherApiKey: options.otherApiKey } : {}),
    runPrefix: options.runPrefix ?? newJourneyPrefix(startedAt),
    ...expiryWindow(startedAt),
    pageSize: options.pageSize,
    pages: pageChain(options.pageSize),
  };
}
