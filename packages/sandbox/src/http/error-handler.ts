// Everything thrown while answering becomes the documented ErrorResponse, its message bounded as
// the document says (`x-problems-max-items`, `x-problem-max-chars`). Only the sandbox's own
// refusals (ApiError) and Fastify's (FST_ERR_* with a 4xx) carry their message; any other error
// that is not the caller's connection failing is not the caller's fault: a logged 500 whose body
// says nothing of it.
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import type { Contract } from "../contract/contract.ts";
import { StorageUnavailableError } from "../storage/types/index.ts";
import { JSON_TYPE } from "./answer.ts";
import { ApiError, boundedMessage, errorBody, unavailableError, type ErrorBounds } from "./api-error.ts";
import { layerOf } from "./refusal.ts";

/** Sends an ErrorResponse whose message is bounded as the document says. */
export function sendError(reply: FastifyReply, bounds: ErrorBounds, status: number, message: string | string[], headers: Record<string, string> = {}, extra?: ApiError["extra"]): FastifyReply {
  return reply.code(status).headers(headers).header("content-type", JSON_TYPE).send(errorBody(status, boundedMessage(message, bounds), extra));
}

/**
 * Answers a refusal, and keeps what the journal records of it on the request: what was answered,
 * and the partner a refused key still identifies.
 */
export function answerRefusal(request: FastifyRequest, reply: FastifyReply, error: ApiError, bounds: ErrorBounds): FastifyReply {
  const message = boundedMessage(error.messages, bounds, error.more);
  request.refusal = { layer: error.layer ?? layerOf(error.statusCode), message };
  if (error.partnerId) request.refusedPartnerId = error.partnerId;
  return reply.code(error.statusCode).headers(error.headers).header("content-type", JSON_TYPE).send(errorBody(error.statusCode, message, error.extra));
}

/** The answer to a request whose body never arrived whole (the client's connection failed meanwhile). */
const UNREADABLE_BODY = "Request body could not be read";
const SOCKET_ERROR = /^(E[A-Z]+|ERR_STREAM_PREMATURE_CLOSE)$/;

/** A failure that is nobody's but the sandbox's: logged loudly (the Fastify logger is off for speed), answered 500. */
export function internalError(request: FastifyRequest, error: unknown): ApiError {
  console.error(`sandbox: unexpected error answering ${request.method} ${request.url.split("?")[0]} (${request.id}):`, error);
  return new ApiError(500, "Internal server error");
}

/**
 * A last word before a body is refused (400, 413, 415): the API routes' rate limit, which comes
 * first in the order of checks, may answer 429 instead. Undefined where a route has no say.
 */
export type BeforeRefusingBody = (request: FastifyRequest, error: ApiError) => ApiError | Promise<ApiError>;

export function errorHandler(contract: Contract, beforeRefusingBody: BeforeRefusingBody = (_request, error) => error) {
  const refuse = (request: FastifyRequest, reply: FastifyReply, error: ApiError): FastifyReply => answerRefusal(request, reply, error, contract.errorBounds);
  const failed = (request: FastifyRequest, reply: FastifyReply, failure: unknown): FastifyReply =>
    refuse(request, reply, failure instanceof StorageUnavailableError ? unavailableError() : internalError(request, failure));
  const refuseBody = (request: FastifyRequest, reply: FastifyReply, error: ApiError): FastifyReply | Promise<FastifyReply> => {
    let decided: ApiError | Promise<ApiError>;
    try {
      decided = beforeRefusingBody(request, error);
    } catch (failure) {
      return failed(request, reply, failure);
    }
    return decided instanceof Promise ? decided.then((answer) => refuse(request, reply, answer), (failure: unknown) => failed(request, reply, failure)) : refuse(request, reply, decided);
  };
  return (error: FastifyError | ApiError, request: FastifyRequest, reply: FastifyReply): FastifyReply | Promise<FastifyReply> => {
    if (error instanceof ApiError) return error.statusCode === 400 ? refuseBody(request, reply, error) : refuse(request, reply, error);
    if (error instanceof StorageUnavailableError) return refuse(request, reply, unavailableError());
    if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") return refuseBody(request, reply, new ApiError(413, `Request body is larger than ${contract.bodyMaxBytes} bytes`));
    if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return refuseBody(request, reply, new ApiError(415, "Content-Type must be application/json"));
    const status = error.statusCode ?? 500;
    const code = typeof error.code === "string" ? error.code : "";
    if (status >= 400 && status < 500) {
      // Fastify's messages are written for the caller. A socket error while the body was read
      // (the body reader marks it 400) is the caller's connection, but its message is the
      // runtime's: not echoed.
      if (code.startsWith("FST_ERR_")) return refuseBody(request, reply, new ApiError(status, error.message));
      if (SOCKET_ERROR.test(code)) return refuse(request, reply, new ApiError(400, UNREADABLE_BODY));
    }
    return refuse(request, reply, internalError(request, error));
  };
}
