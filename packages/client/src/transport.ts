// One API call: openapi-fetch builds and sends the request; this file adds the per-attempt timeout,
// the retry loop and the mapping of every outcome to data or a typed error.
import createClient, { createQuerySerializer } from "openapi-fetch";
import { OPERATIONS, REQUEST_ID_HEADER, RETRY_AFTER_HEADER, type OperationId as PartnerOperationId, type OperationInput } from "../../../generated/client.ts";
import type { paths } from "../../../generated/schema.d.ts";
import { attemptSignal, sleep } from "./abort.ts";
import { backoffDelay } from "./backoff.ts";
import { parseErrorResponse } from "./error-body.ts";
import {
  apiError,
  PartnerApiError,
  PartnerConnectionError,
  PartnerInvalidResponseError,
  PartnerTimeoutError,
  PartnerUsageError,
  type OperationId,
  type PartnerClientError,
} from "./errors.ts";
import { resolveCall, type CallSettings, type FetchLike, type RequestOptions, type ResolvedOptions } from "./options.ts";
import { redact } from "./redact.ts";
import { isRetryable, neverSent, type Failure } from "./retry-policy.ts";
import { parseRetryAfter } from "./retry-after.ts";

/** RFC 9110 §9.2.2: repeating these has the effect of sending them once. */
const IDEMPOTENT_METHODS = new Set<string>(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

type Outcome = { ok: true; data: unknown } | { ok: false; error: PartnerClientError; failure: Failure };

interface RawResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}
// The operation is chosen at run time, so openapi-fetch's per-path typing cannot apply here; the
// generated methods carry the types instead.
type LooseRequest = (method: string, path: string, init: Record<string, unknown>) => Promise<RawResult>;

export type Send<Id extends string = PartnerOperationId> = (operationId: Id, input: OperationInput, options: RequestOptions | undefined) => Promise<unknown>;

/** Method and path by operationId: a generated table (OPERATIONS, or SANDBOX_OPERATIONS). */
export type OperationTable<Id extends string> = Readonly<Record<Id, { readonly method: string; readonly path: string }>>;

function serializeBody(body: unknown): string {
  try {
    return JSON.stringify(body);
  } catch {
    throw new PartnerUsageError("the request body cannot be serialised as JSON");
  }
}

/** The innermost cause's message, such as "connect ECONNREFUSED 127.0.0.1:4010". */
function rootCause(error: unknown): string {
  let current = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}

// The types already say this; these checks are for JavaScript callers and `as` casts.
function checkInput(operationId: OperationId, { path, query }: OperationInput): void {
  if (query !== undefined && (typeof query !== "object" || query === null || Array.isArray(query))) {
    throw new PartnerUsageError(`${operationId}: the query must be an object`);
  }
  for (const [name, value] of Object.entries(path ?? {})) {
    const ok = (typeof value === "string" && value.length > 0) || (typeof value === "number" && Number.isFinite(value));
    if (!ok) throw new PartnerUsageError(`${operationId}: ${name} must be a non-empty string`);
  }
}

/**
 * What openapi-fetch builds instead of a WHATWG Request when the global fetch is used: undici's
 * fetch copies a Request into a new one anyway, and building both showed as a sizeable share of a
 * call in `npm run bench`. An injected fetch still gets a real Request.
 */
class PlainRequest {
  readonly url: string;
  readonly init: RequestInit;
  constructor(url: string, init: RequestInit) {
    this.url = url;
    this.init = init;
  }
  get method(): string {
    return this.init.method ?? "GET";
  }
}

const fetchPlain = (request: PlainRequest) => globalThis.fetch(request.url, request.init);

/** Sends the operations of one generated table (the Partner API's by default) with this runtime. */
export function createTransport<Id extends OperationId = PartnerOperationId>(
  config: ResolvedOptions,
  table: OperationTable<Id> = OPERATIONS as unknown as OperationTable<Id>,
): Send<Id> {
  const http = createClient<paths>({
    baseUrl: config.baseUrl,
    ...(config.fetch
      ? { fetch: config.fetch }
      : { fetch: fetchPlain as unknown as FetchLike, Request: PlainRequest as unknown as typeof Request }),
    headers: { ...config.headers, Authorization: `Bearer ${config.apiKey}` },
    bodySerializer: serializeBody,
    // A function is used as is; options would be turned into a serializer again on every call.
    querySerializer: createQuerySerializer(),
  });
  const request = http.request as unknown as LooseRequest;

  function toError(operationId: OperationId, response: Response, body: unknown): PartnerApiError {
    return apiError({
      status: response.status,
      operationId,
      body: parseErrorResponse(redact(body, config.apiKey)),
      requestId: response.headers.get(REQUEST_ID_HEADER) ?? undefined,
      retryAfterMs: parseRetryAfter(response.headers.get(RETRY_AFTER_HEADER), Date.now()),
    });
  }

  function parseSuccess(operationId: OperationId, response: Response, text: unknown): unknown {
    if (typeof text !== "string" || text === "") return undefined;
    try {
      return JSON.parse(text);
    } catch {
      const requestId = response.headers.get(REQUEST_ID_HEADER) ?? undefined;
      throw new PartnerInvalidResponseError(operationId, response.status, requestId, `${operationId}: the ${response.status} response is not JSON`);
    }
  }

  async function attempt(operationId: Id, input: OperationInput, call: CallSettings): Promise<Outcome> {
    const { method, path } = table[operationId];
    const timer = attemptSignal(call.timeoutMs, call.signal);
    try {
      const { data, error, response } = await request(method, path, {
        params: { path: input.path, query: input.query },
        body: input.body,
        headers: call.headers,
        signal: timer.signal,
        parseAs: "text", // parsed below, so a malformed success body becomes a typed error
      });
      if (!response.ok) return { ok: false, error: toError(operationId, response, error), failure: { type: "status", status: response.status } };
      return { ok: true, data: parseSuccess(operationId, response, data) };
    } catch (error) {
      if (error instanceof PartnerUsageError || error instanceof PartnerInvalidResponseError) throw error;
      if (call.signal?.aborted) throw call.signal.reason;
      if (timer.timedOut()) {
        const message = `${operationId}: no response within ${call.timeoutMs} ms`;
        return { ok: false, error: new PartnerTimeoutError(operationId, message), failure: { type: "timeout" } };
      }
      const message = `${operationId}: no response (${rootCause(error)})`;
      const failure: Failure = { type: "network", neverSent: neverSent(error) };
      return { ok: false, error: new PartnerConnectionError(operationId, message, { cause: error }), failure };
    } finally {
      timer.dispose();
    }
  }

  return async function send(operationId, input, options) {
    const call = resolveCall(config, options, IDEMPOTENT_METHODS.has(table[operationId].method));
    checkInput(operationId, input);
    for (let retry = 0; ; retry++) {
      if (call.signal?.aborted) throw call.signal.reason;
      const outcome = await attempt(operationId, input, call);
      if (outcome.ok) return outcome.data;
      const { error, failure } = outcome;
      if (retry >= call.maxRetries || !isRetryable(failure, call.idempotent)) throw error;
      const retryAfterMs = error instanceof PartnerApiError ? error.retryAfterMs : undefined;
      // Retry-After wins over backoff; longer than we are willing to wait, the caller decides.
      if (retryAfterMs !== undefined && retryAfterMs > config.maxRetryAfterMs) throw error;
      await sleep(retryAfterMs ?? backoffDelay(retry, config.random, config.backoff), call.signal);
    }
  };
}
