// createPartnerClient: the generated operation methods bound to the runtime, plus the helpers.
import { bindOperations, type ListOrgsQuery, type ListOrgsResult, type OperationMethods } from "../../../generated/client.ts";
import { bindSandboxOperations, SANDBOX_OPERATIONS, type SandboxOperationMethods } from "../../../generated/sandbox-client.ts";
import { ensureOrg, type EnsuredOrg, type EnsureOrgBody } from "./ensure-org.ts";
import { resolveOptions, type PartnerClientOptions, type RequestOptions } from "./options.ts";
import { listAllOrgs } from "./pagination.ts";
import { createTransport } from "./transport.ts";

export interface PartnerClient extends OperationMethods<RequestOptions> {
  /** Every org, page after page, as an async iterator: `for await (const org of client.listAllOrgs())`. */
  listAllOrgs(query?: ListOrgsQuery, options?: RequestOptions): AsyncGenerator<ListOrgsResult["data"][number], void, undefined>;
  /** Create the org, or on 409 (its external_id exists) return the existing one. */
  ensureOrg(body: EnsureOrgBody, options?: RequestOptions): Promise<EnsuredOrg>;
  /**
   * The sandbox's own endpoints (openapi/sandbox/openapi.yaml), with the same key, retries and
   * errors: your request journal, overview, reset and clock. Only the sandbox has them (elsewhere:
   * NotFoundError). `await client.sandbox.listSandboxRequests({ status: 409 })`
   */
  sandbox: SandboxOperationMethods<RequestOptions>;
}

const inspect = Symbol.for("nodejs.util.inspect.custom");

export function createPartnerClient(options: PartnerClientOptions): PartnerClient {
  const config = resolveOptions(options);
  const methods = bindOperations<RequestOptions>(createTransport(config));
  // The key lives only inside the transport's closure; printing the client shows the base URL.
  const describe = () => `PartnerClient { baseUrl: ${JSON.stringify(config.baseUrl)} }`;
  return {
    ...methods,
    listAllOrgs: (query, callOptions) => listAllOrgs(methods, query, callOptions),
    ensureOrg: (body, callOptions) => ensureOrg(methods, body, callOptions),
    sandbox: bindSandboxOperations<RequestOptions>(createTransport(config, SANDBOX_OPERATIONS)),
    toString: describe,
    [inspect]: describe,
    toJSON: () => ({ baseUrl: config.baseUrl }),
  } as PartnerClient;
}
