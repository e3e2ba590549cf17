// The request journal: every Partner API request of a partner is recorded (from the server's one
// onSend hook, recorder.ts), and GET /_sandbox/requests (listSandboxRequests) pages through the
// calling partner's entries, newest first. The route passes the API's 401/403 layers first, spends
// no rate-limit budget and is not journaled itself (openapi/sandbox/openapi.yaml).
import type { FastifyInstance } from "fastify";
import type { components } from "../../../../generated/sandbox-schema.d.ts";
import type { SandboxContext } from "../context.ts";
import { controlRoute, partnerOf } from "../controls/route.ts";
import type { JournalEntry } from "../storage/types/index.ts";
import { checkControlRequest } from "../validation/control-validators.ts";
import { createJournal } from "./recorder.ts";

type Schemas = components["schemas"];

const iso = (ms: number): string => new Date(ms).toISOString();

function entryJson(e: JournalEntry): Schemas["JournalEntry"] {
  return {
    seq: e.seq!,
    at: iso(e.at_ms),
    request_id: e.request_id,
    method: e.method,
    path: e.path,
    operation_id: e.operation_id,
    status: e.status,
    duration_ms: e.duration_ms,
    client_ip: e.client_ip,
    refused_by: e.refused_by,
    message: e.message,
  };
}

export function journalPlugin(app: FastifyInstance, ctx: SandboxContext, done: (error?: Error) => void): void {
  const { storage } = ctx;
  const journal = createJournal({ storage, keep: ctx.journalSize, trustedProxies: ctx.config.trustedProxies, wallMs: ctx.wallMs });
  ctx.answered.add((request, reply) => {
    if (request.apiOperation) journal.record(request, reply, request.apiOperation);
  });
  app.addHook("onClose", (_app, closed) => void journal.flush().then(() => closed())); // before the storage closes

  controlRoute(app, ctx, "listSandboxRequests", "partner", async (request, _reply, caller): Promise<Schemas["JournalPage"]> => {
    const partner = partnerOf(caller);
    const query = checkControlRequest("listSandboxRequests", request).params;
    const limit = Number(query.limit);
    await journal.flush(); // this instance's entries so far are written: a partner reads its own requests
    // One more than asked says whether an older page exists.
    const found = await storage.readJournal(partner.id, {
      limit: limit + 1,
      before: query.before as number | undefined,
      status: query.status as number | undefined,
      operation_id: query.operation_id as string | undefined,
    });
    const data = found.slice(0, limit).map(entryJson);
    return { data, next_before: found.length > limit ? data[data.length - 1]!.seq : null };
  });
  done();
}
