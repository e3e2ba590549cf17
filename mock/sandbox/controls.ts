// Sandbox-only controls on the same port (DESIGN.md): POST /_sandbox/reset forgets all orgs,
// keys, links and rate-limit counters; POST /_sandbox/clock {"advance_seconds": N} moves the
// sandbox clock forward (link expiry, rate windows) so tests never wait on a wall clock.
import type { FastifyInstance } from "fastify";
import type { SandboxClock } from "./clock.ts";
import { ApiError } from "./errors.ts";
import type { RateLimiter } from "./rate-limit.ts";
import type { Store } from "./store.ts";

export interface ControlDeps {
  store: Store;
  clock: SandboxClock;
  limiter: RateLimiter;
  persist(): Promise<void>;
}

const MAX_ADVANCE_SECONDS = 10 * 365 * 24 * 3600;

export function registerControls(app: FastifyInstance, deps: ControlDeps): void {
  app.post("/_sandbox/reset", async () => {
    deps.store.reset();
    deps.limiter.reset();
    await deps.persist();
    return { reset: true };
  });

  app.post("/_sandbox/clock", async (request) => {
    const body = request.body as Record<string, unknown> | undefined;
    const seconds = body && typeof body === "object" && !Array.isArray(body) ? body.advance_seconds : undefined;
    const extra = body && typeof body === "object" ? Object.keys(body).filter((k) => k !== "advance_seconds") : [];
    const problems = extra.map((k) => `property ${k} should not exist`);
    if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_ADVANCE_SECONDS) {
      problems.push(`advance_seconds must be a number from 0 to ${MAX_ADVANCE_SECONDS}`);
    }
    if (problems.length) throw new ApiError(400, problems);
    deps.clock.advance(seconds as number);
    deps.store.touch();
    await deps.persist();
    return { now: new Date(deps.clock.now()).toISOString(), offset_seconds: deps.clock.offsetMs() / 1000 };
  });
}
