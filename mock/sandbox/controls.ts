// Sandbox-only controls on the same port (DESIGN.md): POST /_sandbox/reset forgets all orgs,
// keys, links and rate-limit counters; POST /_sandbox/clock {"advance_seconds": N} moves the
// sandbox clock forward (link expiry, rate windows) so tests never wait on a wall clock.
// Phase-1 stopgap: both still act on every partner, unauthenticated, as before the storage
// interface. The clock is per partner now, so "the" clock moves every configured partner's.
import type { FastifyInstance } from "fastify";
import { ApiError } from "./errors.ts";
import type { SandboxStorage } from "./storage/types.ts";

export interface ControlDeps {
  storage: SandboxStorage;
  wallMs(): number;
  partnerIds: readonly string[];
}

const MAX_ADVANCE_SECONDS = 10 * 365 * 24 * 3600;

export function registerControls(app: FastifyInstance, deps: ControlDeps): void {
  const { storage } = deps;

  app.post("/_sandbox/reset", async () => {
    await storage.resetAll();
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
    const ms = Math.round((seconds as number) * 1000);
    const offsets = await Promise.all(deps.partnerIds.map((id) => storage.advanceClock(id, ms)));
    const wall = deps.wallMs();
    // Every partner moved together, so they share one offset; `now` is the latest partner time.
    const nows = await Promise.all(deps.partnerIds.map((id) => storage.partnerNow(id, wall)));
    return { now: new Date(Math.max(wall, ...nows)).toISOString(), offset_seconds: Math.max(0, ...offsets) / 1000 };
  });
}
