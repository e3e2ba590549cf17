// Assertions over exchanges. Every check goes through the response validator first; a failure
// names the operation, the request (keys redacted), what was expected and what came back, and
// the first schema problems.
import type { Exchange } from "./client.ts";
import { decision } from "./decisions.ts";
import { decisionsAlong, operation } from "./document.ts";

export class ContractViolation extends Error {
  override name = "ContractViolation";
}

function report(exchange: Exchange, expected: string, actual: string, extra: string[] = []): never {
  const lines = [
    `${exchange.operationId}: expected ${expected}, got ${actual}`,
    `  request:  ${exchange.request}`,
    `  response: ${exchange.status} ${exchange.headers.get("content-type") ?? "(no content-type)"} ${exchange.text.slice(0, 300)}`,
    ...extra.map((e) => `  - ${e}`),
  ];
  throw new ContractViolation(lines.join("\n"));
}

// Statuses the reference never names: expecting one rests on a decision of the document, which
// the failure names. (Which 400s an operation answers is named by the checks themselves.)
const DECIDED_STATUSES: [(status: number) => boolean, string][] = [
  [(s) => s >= 200 && s < 300, "success-status"],
  [(s) => s === 410, "login-page"],
  [(s) => s === 413 || s === 415, "request-body-transport"],
  [(s) => s === 429, "rate-limit-answer"],
  [(s) => s === 500 || s === 503, "server-errors"],
];

const decidedBy = (statuses: number[]): string => {
  const names = [...new Set(statuses.flatMap((s) => DECIDED_STATUSES.filter(([applies]) => applies(s)).map(([, name]) => name)))];
  return names.length ? ` (${decision(...names)})` : "";
};

/** The response has the expected status and conforms to what the document declares for it. */
export function expectStatus(exchange: Exchange, ...expected: number[]): Exchange {
  if (!expected.includes(exchange.status)) {
    report(exchange, `status ${expected.join(" or ")}${decidedBy(expected)}`, `status ${exchange.status}`, exchange.problems);
  }
  if (exchange.problems.length > 0) {
    // An error's body shape is the document's decision; the reference shows it for createOrg only.
    // A success answer's problem rests on the decisions its property's description cites, if any
    // (a timestamp's form: `timestamps`; an org API key's: `jwt-shape`).
    const names =
      exchange.status >= 400
        ? ["error-body"]
        : [...new Set(exchange.problems.flatMap((p) => decisionsAlong(operation(exchange.operationId), exchange.status, /^body(\S*)/.exec(p)?.[1] ?? "")))];
    const shape = names.length ? ` (${decision(...names)})` : "";
    report(exchange, `a response that conforms to the document${shape}`, `${exchange.problems.length} problem(s)`, exchange.problems);
  }
  return exchange;
}

/** A behavioural fact about a conforming response (echoes, ids, order), with the exchange as evidence. */
export function expectFact(exchange: Exchange, what: string, expected: unknown, actual: unknown): void {
  if (JSON.stringify(expected) !== JSON.stringify(actual)) {
    report(exchange, `${what} = ${JSON.stringify(expected)}`, JSON.stringify(actual));
  }
}

/** A boolean fact about a response (e.g. "url carries a 64-hex token"). */
export function expectThat(exchange: Exchange, what: string, holds: boolean, actual: unknown): void {
  if (!holds) report(exchange, what, JSON.stringify(actual));
}
