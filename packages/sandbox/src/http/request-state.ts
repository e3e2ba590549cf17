// What a request carries from one layer to the next (the guard to the handler, the error handler
// to the journal), declared and decorated in one place so every request object has one shape.
import type { FastifyInstance } from "fastify";
import type { Partner } from "../config/config.ts";
import type { Refusal } from "./refusal.ts";

/** The Partner API operation a request is for, as the journal records it. */
export interface RoutedOperation {
  operationId: string;
  method: string;
  /** The document's path template, e.g. /partner/v1/orgs/{orgId}/api-keys */
  path: string;
}

declare module "fastify" {
  interface FastifyRequest {
    /** The caller, once the key and the IP allow list have passed. */
    partner: Partner | null;
    /** The partner's sandbox time, from its admission. */
    partnerNowMs: number;
    /** The request has been admitted (its rate-limit units are spent). */
    admitted: boolean;
    /** The answering operation (either document's operationId), for the metrics; "" for none. */
    operationId: string;
    /** Set by the error handler when the answer is an error. */
    refusal: Refusal | null;
    /** The partner a refused request's key still identifies (revoked key, inactive partner): set by answerRefusal. */
    refusedPartnerId: string | null;
    /** The Partner API operation being answered, set by its guard: what the journal records. */
    apiOperation: RoutedOperation | null;
  }
}

export function decorateRequests(app: FastifyInstance): void {
  app.decorateRequest("partner", null);
  app.decorateRequest("partnerNowMs", 0);
  app.decorateRequest("admitted", false);
  app.decorateRequest("operationId", "");
  app.decorateRequest("refusal", null);
  app.decorateRequest("refusedPartnerId", null);
  app.decorateRequest("apiOperation", null);
}
