// The request journal (openapi/sandbox: listSandboxRequests): what the sandbox saw of each
// Partner API request of a partner, kept by the storage engine so it works on every engine and
// across instances. Recorded once per answer (http/answer-observers.ts) and written in batches
// off the request path (writer.ts), so it never delays or fails a request.
import type { FastifyReply, FastifyRequest } from "fastify";
import { clientIp } from "../caller/client-ip.ts";
import type { CidrList } from "../caller/ip.ts";
import type { RoutedOperation } from "../http/request-state.ts";
import type { JournalEntry, SandboxStorage } from "../storage/types/index.ts";
import { JournalWriter } from "./writer.ts";
import { authorizationSecrets, bodySecrets, REDACTED, redactMessage } from "./redact.ts";

/** Entries kept per partner unless the config's `journal_size` says otherwise. */
export const DEFAULT_JOURNAL_SIZE = 500;

export interface JournalOptions {
  storage: SandboxStorage;
  /** Entries kept per partner (config `journal_size`); 0 turns the journal off. */
  keep: number;
  trustedProxies: CidrList;
  wallMs(): number;
}

/** The refusal's message without the request's secrets; if that cannot be worked out, nothing of it (fail closed). */
function redactedMessage(request: FastifyRequest, message: string | string[]): string | string[] | null {
  try {
    return redactMessage(message, [...authorizationSecrets(request.raw.rawHeaders), ...bodySecrets(request.body)]);
  } catch (error) {
    console.error(`sandbox: could not redact the journal entry of ${request.id}; its message is left out:`, error);
    return REDACTED;
  }
}

/** The journal of one app: `record` once per answer, `flush` before reading and on close. */
export interface Journal {
  record(request: FastifyRequest, reply: FastifyReply, operation: RoutedOperation): void;
  /** Read-your-writes: everything recorded so far is written once this resolves. */
  flush(): Promise<void>;
}

export function createJournal(options: JournalOptions): Journal {
  const { keep } = options;
  const writer = new JournalWriter(options.storage, keep);
  return {
    flush: () => writer.flush(),
    record(request, reply, operation) {
      const partnerId = request.partner?.id ?? request.refusedPartnerId;
      if (keep <= 0 || !partnerId) return; // an unknown key is journaled nowhere
      const refusal = request.refusal;
      const entry: JournalEntry = {
        at_ms: request.partnerNowMs,
        request_id: String(request.id),
        method: operation.method,
        path: operation.path,
        operation_id: operation.operationId,
        status: reply.statusCode,
        duration_ms: Math.round(reply.elapsedTime * 1000) / 1000,
        client_ip: clientIp(request.raw.socket.remoteAddress, request.headers["x-forwarded-for"], options.trustedProxies)?.address ?? null,
        refused_by: refusal ? refusal.layer : null,
        message: refusal ? redactedMessage(request, refusal.message) : null,
      };
      // Admitted (and rate-limited) requests know the partner's time; refusals before admission do not.
      if (request.partnerNowMs) writer.add({ partnerId, entry });
      else writer.add({ partnerId, entry, wallMs: options.wallMs() });
    },
  };
}
