// TEMPORARY (lead's branch only): replaced by the generated controlValidators() when the
// controls branch lands. Checks listSandboxRequests' query as the sandbox document says.
import { ApiError } from "./errors.ts";
import type { OperationValidator } from "./validation.ts";

const int = (v: unknown, name: string, min: number, max: number, problems: string[]): number | undefined => {
  if (v === undefined) return undefined;
  const n = typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) problems.push(`${name} must be an integer from ${min} to ${max}`);
  return n;
};

export function temporaryControlValidator(): OperationValidator {
  return {
    params(_path, query) {
      const problems: string[] = [];
      const out: Record<string, unknown> = {
        limit: int(query.limit, "limit", 1, 500, problems) ?? 50,
        before: int(query.before, "before", 1, Number.MAX_SAFE_INTEGER, problems),
        status: int(query.status, "status", 100, 599, problems),
        operation_id: query.operation_id,
      };
      if (problems.length) throw new ApiError(400, problems);
      return out;
    },
    body: () => undefined,
  };
}
