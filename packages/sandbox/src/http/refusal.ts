// Which layer refused a request (the order of checks: auth, IP allow list, rate limit, validation,
// ownership, existence, uniqueness), so the journal can say it and the page can show it.
import type { JournalEntry } from "../storage/types/index.ts";

export type RefusingLayer = JournalEntry["refused_by"];

/** What the error handler learnt about a refusal, kept on the request. */
export interface Refusal {
  layer: RefusingLayer;
  message: string | string[];
}

/** The layer of a refusal that did not name its own. */
export function layerOf(status: number): RefusingLayer {
  if (status === 401) return "auth";
  if (status === 429) return "rate_limit";
  if (status === 400 || status === 413 || status === 415) return "validation";
  if (status === 403) return "ownership"; // the IP and quota refusals name themselves
  if (status === 404) return "not_found";
  if (status === 409) return "conflict";
  if (status === 503) return "unavailable";
  return null;
}
