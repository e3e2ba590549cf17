// Layers 1–3 of every Partner API route, before the body is read: 401 for the key, 403 for the
// client IP, then 429 from the storage engine's admission (which also answers the partner's time).
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Partner } from "../config/config.ts";
import type { SandboxContext } from "../context.ts";
import type { Operation } from "../contract/contract.ts";
import { checkCaller } from "../caller/caller.ts";
import { ApiError } from "../http/api-error.ts";
import { activePolicies, type ActivePolicies } from "../ratelimit/policies.ts";
import { rateLimitRefusal } from "../ratelimit/refusal.ts";

export function apiGuard(op: Operation, ctx: SandboxContext) {
  const { contract, storage, wallMs } = ctx;
  const routed = { operationId: op.operationId, method: op.method, path: op.path };
  // A partner's policies for this operation, worked out once: the guard runs on every API call.
  const policiesOf = new Map<Partner, ActivePolicies>();
  const policies = (partner: Partner): ActivePolicies => {
    let active = policiesOf.get(partner);
    if (!active) {
      active = activePolicies(contract, op, partner);
      policiesOf.set(partner, active);
    }
    return active;
  };
  // Callback style: one promise per request (the admission), none of Fastify's async hook wrapping.
  return (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void => {
    request.operationId = op.operationId;
    request.apiOperation = routed;
    let partner: Partner;
    try {
      partner = checkCaller(request, ctx.config);
    } catch (error) {
      if (error instanceof ApiError && error.partnerId) request.refusedPartnerId = error.partnerId;
      return done(error as Error);
    }
    const active = policies(partner);
    // Even with no policy, the admission answers the partner's time (one round trip either way).
    storage.admit(partner.id, active.policies, wallMs()).then(
      (admission) => {
        if (!admission.admitted) return done(rateLimitRefusal(active, admission));
        request.partner = partner;
        request.partnerNowMs = admission.nowMs;
        done();
      },
      (error: Error) => done(error),
    );
  };
}
