// The sandbox's overview (GET /_sandbox/overview, the sandbox document's getSandboxOverview;
// CONTRACT_SANDBOX=1 only): what the sandbox stores but the Partner API never answers — an org's
// language, its keys' names. Defaults the API does not make observable are checked here, and
// only here, never in a Partner API answer. The answer is checked against the sandbox document.
import { SANDBOX_OPERATIONS } from "../../../generated/sandbox-client.ts";
import type { SandboxOrg, SandboxOverview } from "../../../generated/sandbox-schema.d.ts";
import { OpenApiResponses, SANDBOX_BUNDLE_PATH } from "../../helpers/openapi-responses.ts";
import type { Exchange } from "./client.ts";
import { KEY_VARIABLES, type KeyName } from "./env.ts";
import { target } from "./target.ts";

const sandboxDocument = new OpenApiResponses(SANDBOX_BUNDLE_PATH);
const OVERVIEW = SANDBOX_OPERATIONS.getSandboxOverview;

/** An org as the overview lists it (the sandbox document's SandboxOrg). */
export type OverviewOrg = SandboxOrg;

/**
 * The calling partner's overview as an exchange reported under `about` (the Partner API operation
 * whose stored result it shows), so a failure names that operation.
 */
export async function sandboxOverview(about: string, key: KeyName = "primary"): Promise<Exchange> {
  const res = await fetch(`${target.baseUrl}${OVERVIEW.path}`, { method: OVERVIEW.method, headers: { authorization: `Bearer ${target.keys[key]}` }, signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  let json: unknown;
  const problems: string[] = [];
  try {
    json = JSON.parse(text);
  } catch {
    problems.push(`body is not JSON: ${JSON.stringify(text.slice(0, 120))}`);
  }
  problems.push(...sandboxDocument.problems("getSandboxOverview", { status: res.status, headers: res.headers, body: json }));
  return {
    operationId: `${about} (sandbox overview)`,
    request: `${OVERVIEW.method} ${OVERVIEW.path} [authorization: Bearer <${KEY_VARIABLES[key].variable}>]`,
    status: res.status,
    headers: res.headers,
    text,
    json,
    problems,
  };
}

/** The org with this id among the overview's (the newest 100, so one just created is there). */
export const overviewOrg = (overview: Exchange, orgId: string): OverviewOrg | undefined =>
  (overview.json as SandboxOverview).orgs.data.find((o) => o.id === orgId);
