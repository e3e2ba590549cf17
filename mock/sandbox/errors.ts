// Every error leaves the sandbox as the documented ErrorResponse: { statusCode, message, error }.
import { STATUS_CODES } from "node:http";

export class ApiError extends Error {
  readonly statusCode: number;
  readonly messages: string | string[];
  readonly headers: Record<string, string>;

  constructor(statusCode: number, message: string | string[], headers: Record<string, string> = {}) {
    super(Array.isArray(message) ? message.join("; ") : message);
    this.statusCode = statusCode;
    this.messages = message;
    this.headers = headers;
  }
}

export interface ErrorBody {
  statusCode: number;
  message: string | string[];
  error: string;
}

export function errorBody(statusCode: number, message: string | string[]): ErrorBody {
  return { statusCode, message, error: STATUS_CODES[statusCode] ?? "Error" };
}
