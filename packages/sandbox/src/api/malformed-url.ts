// A request whose URL cannot be decoded never reaches an API route, yet on the API's paths the
// documented order still holds (the key, 401, and the IP allow list, 403, before the 400), and the
// journal still records it for the operation its method and path name.
import type { FastifyRequest } from "fastify";
import { checkCaller } from "../caller/caller.ts";
import type { SandboxContext } from "../context.ts";
import { pathPattern } from "../contract/openapi-document.ts";

const API_PREFIX = "/partner/";

export function beforeMalformedApiUrl(ctx: SandboxContext): (request: FastifyRequest) => string | undefined {
  const table = ctx.contract.operations.map((op) => ({ routed: { operationId: op.operationId, method: op.method, path: op.path }, re: pathPattern(op.path) }));
  return (request) => {
    if (!request.url.startsWith(API_PREFIX)) return undefined;
    const path = request.url.split("?")[0] ?? "";
    request.apiOperation = table.find((t) => t.routed.method === request.method && t.re.test(path))?.routed ?? null;
    // Throws the 401 or 403 that comes first; else the 400 follows, carrying whose it is for the journal.
    return checkCaller(request, ctx.config).id;
  };
}
