// Everything thrown while answering becomes the documented ErrorResponse; only a real bug is a
// 500, and its message never reaches the caller (it is logged instead).
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import type { Contract } from "../contract/contract.ts";
import { StorageUnavailableError } from "../storage/types.ts";
import { ApiError, errorBody, unavailableError } from "./api-error.ts";
import { JSON_TYPE } from "./answer.ts";
import { layerOf } from "./refusal.ts";

export function sendError(reply: FastifyReply, status: number, message: string | string[], headers: Record<string, string> = {}, extra?: ApiError["extra"]): FastifyReply {
  return reply.code(status).headers(headers).header("content-type", JSON_TYPE).send(errorBody(status, message, extra));
}

export function errorHandler(contract: Contract) {
  const refuse = (request: FastifyRequest, reply: FastifyReply, error: ApiError): FastifyReply => {
    // What the journal records of the refusal, kept on the request.
    request.refusal = { layer: error.layer ?? layerOf(error.statusCode), message: error.messages };
    return sendError(reply, error.statusCode, error.messages, error.headers, error.extra);
  };
  return (error: FastifyError | ApiError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    if (error instanceof ApiError) return refuse(request, reply, error);
    if (error instanceof StorageUnavailableError) return refuse(request, reply, unavailableError());
    if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") return refuse(request, reply, new ApiError(413, `Request body is larger than ${contract.bodyMaxBytes} bytes`));
    if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") return refuse(request, reply, new ApiError(415, "Content-Type must be application/json"));
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return refuse(request, reply, new ApiError(status, error.message));
    // A bug, not bad input: say so loudly (the Fastify logger is off for speed).
    console.error(`sandbox: unexpected error answering ${request.method} ${request.url.split("?")[0]} (${request.id}):`, error);
    return refuse(request, reply, new ApiError(500, "Internal server error"));
  };
}
