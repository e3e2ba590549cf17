// Layer 3 of an API request, the rate limit (429), as the request path runs it. A request's
// admission is part of its unit of work (storage/types/requests.ts): it runs in the operation's
// transaction, once the body is read and checked. Two kinds of request are admitted on their own,
// before anything else is decided, because 429 comes before 400 in the order of checks:
// - a request whose body is refused (413, 415, malformed JSON, validation): admitted first, and
//   answered 429 instead if the partner is out of budget;
// - an `Expect: 100-continue` request: admitted before its body is invited, so a partner out of
//   budget is refused without uploading it; its operation then spends nothing again.
import type { FastifyRequest } from "fastify";
import type { Partner } from "../config/config.ts";
import type { Contract, Operation } from "../contract/contract.ts";
import type { ApiError } from "../http/api-error.ts";
import { activePolicies, type ActivePolicies } from "../ratelimit/policies.ts";
import { rateLimitRefusal } from "../ratelimit/refusal.ts";
import { andThen, type MaybePromise } from "../storage/maybe.ts";
import type { AdmissionRefused, SandboxStorage, Ticket } from "../storage/types/index.ts";

/** One operation's admissions: the policies each partner has for it, worked out once. */
export class OperationAdmission {
  private readonly byPartner = new Map<Partner, ActivePolicies>();
  private readonly contract: Contract;
  private readonly op: Operation;
  private readonly storage: SandboxStorage;
  private readonly wallMs: () => number;

  constructor(contract: Contract, op: Operation, storage: SandboxStorage, wallMs: () => number) {
    this.contract = contract;
    this.op = op;
    this.storage = storage;
    this.wallMs = wallMs;
  }

  policies(partner: Partner): ActivePolicies {
    let active = this.byPartner.get(partner);
    if (!active) {
      active = activePolicies(this.contract, this.op, partner);
      this.byPartner.set(partner, active);
    }
    return active;
  }

  /** What the request asks of the storage; an admitted request spends nothing again. */
  ticket(request: FastifyRequest): Ticket {
    const partner = request.partner!;
    const ticket: Ticket = { partnerId: partner.id, policies: this.policies(partner).policies, wallMs: this.wallMs() };
    if (request.admitted) ticket.admittedAtMs = request.partnerNowMs;
    return ticket;
  }

  /** The 429 for a refused admission. */
  refusal(request: FastifyRequest, refused: AdmissionRefused): ApiError {
    request.partnerNowMs = refused.nowMs;
    return rateLimitRefusal(this.policies(request.partner!), refused);
  }

  /** Records an admission on the request. */
  admitted(request: FastifyRequest, nowMs: number): void {
    request.admitted = true;
    request.partnerNowMs = nowMs;
  }

  /** Admits the request on its own: undefined when admitted, else the 429 to answer. */
  alone(request: FastifyRequest): MaybePromise<ApiError | undefined> {
    if (request.admitted) return undefined;
    return andThen(this.storage.requests.admit(this.ticket(request)), (admission) => {
      if (!admission.admitted) return this.refusal(request, admission);
      this.admitted(request, admission.nowMs);
      return undefined;
    });
  }
}
