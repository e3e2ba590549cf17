// ensureOrg: the idempotent create-or-get by external_id that the API reference recommends.
import type { CreateOrgBody, CreateOrgResult, OperationMethods } from "../../../generated/client.ts";
import { ConflictError, PartnerUsageError } from "./errors.ts";
import type { RequestOptions } from "./options.ts";

export type EnsureOrgBody = CreateOrgBody & { external_id: string };

export interface EnsuredOrg {
  /** The org with this external_id: the new one, or the existing one (its fields as stored, not as requested). */
  org: CreateOrgResult;
  /** False when an org with this external_id already existed (409). */
  created: boolean;
}

export async function ensureOrg(
  api: Pick<OperationMethods<RequestOptions>, "createOrg" | "getOrgByExternalId">,
  body: EnsureOrgBody,
  options?: RequestOptions,
): Promise<EnsuredOrg> {
  if (typeof body?.external_id !== "string" || body.external_id === "") {
    throw new PartnerUsageError("ensureOrg needs an external_id: it is what makes the call idempotent");
  }
  try {
    // A repeated create cannot make a second org: the duplicate external_id answers 409, which
    // resolves below. So this POST may be retried after a 5xx or a timeout.
    return { org: await api.createOrg(body, { ...options, idempotent: true }), created: true };
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    return { org: await api.getOrgByExternalId(body.external_id, options), created: false };
  }
}
