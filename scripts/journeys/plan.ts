// Which journeys run against a target and which are skipped, each skip by name with its reason:
// a workflow that cannot apply to the target is reported, never run into a false failure or a
// silent pass.
import type { Journey, Need } from "./description.ts";

/** What the target can serve, from the CONTRACT_* variables (tests/contract/lib/env.ts). */
export interface Capabilities {
  /** CONTRACT_STATEFUL (default 1): 0 for a stateless mock such as Prism. */
  stateful: boolean;
  /** CONTRACT_SANDBOX=1: the target is a sandbox, which serves the login page at a link's URL. */
  sandbox: boolean;
  /** CONTRACT_OTHER_API_KEY is set. */
  otherKey: boolean;
  /** CONTRACT_RATE_LIMITS=1: the run may spend the rate-limit budget. */
  rateLimits: boolean;
}

const UNMET: Record<Need, (c: Capabilities) => string | undefined> = {
  liveServer: (c) =>
    c.stateful
      ? undefined
      : "CONTRACT_STATEFUL=0: a stateless mock answers the document's fixed examples (no echoed external_id, no live expiry, no 409, any key accepted), so no journey can pass on it",
  sandbox: (c) => (c.sandbox ? undefined : "CONTRACT_SANDBOX is not 1: only the sandbox serves the login page at a login link's URL (elsewhere a visit would spend a real dashboard login)"),
  otherPartner: (c) => (c.otherKey ? undefined : "CONTRACT_OTHER_API_KEY is not set: it needs a second partner's key"),
  rateLimits: (c) => (c.rateLimits ? undefined : "CONTRACT_RATE_LIMITS is not 1: it spends a minute's login-link budget"),
};

export interface Plan {
  run: Journey[];
  skipped: { journey: Journey; reason: string }[];
}

/** `only`: run just these workflow ids (an unknown id is an error naming the known ones). */
export function planJourneys(journeys: Journey[], capabilities: Capabilities, only: string[] = []): Plan {
  const unknown = only.filter((id) => !journeys.some((j) => j.workflowId === id));
  if (unknown.length) throw new Error(`no journey named ${unknown.join(", ")}; the journeys are: ${journeys.map((j) => j.workflowId).join(", ")}`);
  const plan: Plan = { run: [], skipped: [] };
  for (const journey of journeys) {
    if (only.length && !only.includes(journey.workflowId)) continue;
    const reason = journey.needs.map((need) => UNMET[need](capabilities)).find((r) => r !== undefined);
    if (reason) plan.skipped.push({ journey, reason });
    else plan.run.push(journey);
  }
  return plan;
}
