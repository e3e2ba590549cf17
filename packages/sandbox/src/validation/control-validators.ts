// Request validation for the sandbox's own operations (openapi/sandbox): the same strict rules and
// readable 400 messages as the API's (validators.ts), from validators precompiled by `npm run
// generate` into generated/sandbox-control-validators.mjs. Nothing is compiled here.
import type { FastifyRequest } from "fastify";
import { operations, type ControlOperation } from "../../../../generated/sandbox-control-validators.mjs";
import { loadContract, type JsonObject } from "../contract/contract.ts";
import { checkRequest, operationValidator, type OperationValidator } from "./validators.ts";

export type { OperationValidator } from "./validators.ts";

let cached: Map<string, OperationValidator> | undefined;

/** Validators of the sandbox document's operations, by operationId. */
export function controlValidators(): Map<string, OperationValidator> {
  cached ??= new Map(
    Object.entries(operations).map(([operationId, op]) => [
      operationId,
      operationValidator({ parameters: op.parameters, bodyRequired: op.bodyRequired }, op.params, op.body, loadContract().errorBounds.maxProblems),
    ]),
  );
  return cached;
}

/** Method and path template of a sandbox operation, from the document. */
export function controlOperation(operationId: string): Pick<ControlOperation, "method" | "path"> {
  const op = operations[operationId];
  if (!op) throw new Error(`the sandbox document has no operation ${operationId} — run npm run generate`);
  return { method: op.method, path: op.path };
}

/** A request's parameters and body, checked together so one 400 lists their problems. */
export function checkControlRequest(operationId: string, request: FastifyRequest): { params: Record<string, unknown>; body: JsonObject } {
  const validator = controlValidators().get(operationId);
  if (!validator) throw new Error(`the sandbox document has no operation ${operationId} — run npm run generate`);
  const { params, body } = checkRequest(validator, request.params as Record<string, unknown>, request.query as Record<string, unknown>, request.body);
  return { params, body: body ?? {} };
}
