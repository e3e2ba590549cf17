// The request journal (openapi/sandbox: listSandboxRequests): what the sandbox saw of each
// Partner API request of a partner, kept by the storage engine so it works on every engine and
// across instances. Recorded once per answer (http/answer-observers.ts) and written without being
// awaited, so it never delays or fails a request: a journal write that fails costs that entry,
// nothing else.
import type { FastifyReply, FastifyRequest } from "fastify";
import { clientIp } from "../caller/client-ip.ts";
import type { CidrList } from "../caller/ip.ts";
import type { RoutedOperation } from "../http/request-state.ts";
import type { JournalEntry, SandboxStorage } from "../storage/types.ts";
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

/** The journal is a diagnostic: an engine that is away loses that entry, never the request. */
const ignore = (): void => {};

/** The refusal's message without the request's secrets; if that cannot be worked out, nothing of it (fail closed). */
function redactedMessage(request: FastifyRequest, message: string | string[]): string | string[] | null {
  try {
    return redactMessage(message, [...authorizationSecrets(request.raw.rawHeaders), ...bodySecrets(request.body)]);
  } catch (error) {
    console.error(`sandbox: could not redact the journal entry of ${request.id}; its message is left out:`, error);
    return REDACTED;
  }
}

/** Records one answered request of a Partner API operation; called once per answer. */
export function journalRecorder(options: JournalOptions) {
  const { storage, keep } = options;
  const write = (partnerId: string, entry: JournalEntry): void => {
    void storage.journal(partnerId, entry, keep).catch(ignore);
  };
  return (request: FastifyRequest, reply: FastifyReply, operation: RoutedOperation): void => {
    const partnerId = request.partner?.id ?? request.refusedPartnerId;
    if (keep <= 0 || !partnerId) return; // an unknown key is journaled nowhere
    const refusal = request.refusal;
    const entry: JournalEntry = {
      at_ms: 0,
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
    // Admitted requests know the partner's time; refusals before admission (401, 403 IP) ask for it.
    if (request.partner && request.partnerNowMs) {
      entry.at_ms = request.partnerNowMs;
      write(partnerId, entry);
    } else {
      void storage.partnerNow(partnerId, options.wallMs()).then(
        (now) => write(partnerId, { ...entry, at_ms: now }),
        ignore,
      );
    }
  };
}
