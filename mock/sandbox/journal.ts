// The request journal (openapi/sandbox: listSandboxRequests): what the sandbox saw of each
// Partner API request of a partner, kept by the storage engine so it works on every engine and
// across instances. Recorded from the server's one onSend hook (a route hook of its own costs every
// request measurably) and written without being awaited, so it never delays or fails a request:
// a journal write that fails costs that entry, nothing else.
import type { FastifyReply, FastifyRequest } from "fastify";
import { clientIp } from "./client-ip.ts";
import type { CidrList } from "./ip.ts";
import { authorizationSecrets, bodySecrets, REDACTED, redactMessage } from "./journal-redact.ts";
import type { JournalEntry, SandboxStorage } from "./storage/types.ts";

export type RefusingLayer = JournalEntry["refused_by"];

/** Entries kept per partner unless the config's `journal_size` says otherwise. */
export const DEFAULT_JOURNAL_SIZE = 500;

/** What the error handler learnt about a refusal, kept on the request for the journal. */
export interface Refusal {
  layer: RefusingLayer;
  message: string | string[];
}

declare module "fastify" {
  interface FastifyRequest {
    /** Set by the error handler when the answer is an error. */
    refusal: Refusal | null;
    /** The partner a refused key still identifies (revoked key, inactive partner). */
    journalPartnerId: string | null;
    /** The Partner API operation being answered, set by its guard: what the journal records. */
    journalOperation: JournaledOperation | null;
  }
}

/** The layer of a refusal that did not name its own (DESIGN decision 3's order of checks). */
export function layerOf(status: number): RefusingLayer {
  if (status === 401) return "auth";
  if (status === 429) return "rate_limit";
  if (status === 400 || status === 413 || status === 415) return "validation";
  if (status === 403) return "ownership"; // the IP and quota refusals name themselves
  if (status === 404) return "not_found";
  if (status === 409) return "conflict";
  if (status === 503) return "unavailable";
  return null;
}

export interface JournalOptions {
  storage: SandboxStorage;
  /** Entries kept per partner (config `journal_size`); 0 turns the journal off. */
  keep: number;
  trustedProxies: CidrList;
  wallMs(): number;
}

/** The journal is a diagnostic: an engine that is away loses that entry, never the request. */
const ignore = (): void => {};

export interface JournaledOperation {
  operationId: string;
  method: string;
  path: string;
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

/** Records one answered request of `request.journalOperation`; called from onSend. */
export function journalRecorder(options: JournalOptions) {
  const { storage, keep } = options;
  const write = (partnerId: string, entry: JournalEntry): void => {
    void storage.journal(partnerId, entry, keep).catch(ignore);
  };
  return (request: FastifyRequest, reply: FastifyReply, operation: JournaledOperation): void => {
    const partnerId = request.partner?.id ?? request.journalPartnerId;
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
