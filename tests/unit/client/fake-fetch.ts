// A scripted fetch for unit tests: each call takes the next step (a response, or an error to throw)
// and records the Request it was given.
export type Step = Response | Error | ((request: Request) => Response | Promise<Response>);

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}

export function errorBody(status: number, message: string | string[] = "nope"): { statusCode: number; message: string | string[] } {
  return { statusCode: status, message };
}

/** A fetch failure as undici reports it: TypeError("fetch failed") with the system error as cause. */
export function networkError(code: string): TypeError {
  return new TypeError("fetch failed", { cause: Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code }) });
}

export function scriptedFetch(...steps: Step[]) {
  const requests: Request[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    requests.push(request);
    const step = steps.shift();
    if (step === undefined) throw new Error(`unexpected request ${requests.length}: ${request.method} ${request.url}`);
    if (step instanceof Error) throw step;
    return typeof step === "function" ? step(request) : step;
  };
  return { fetch, requests };
}

/** A fetch that never answers until the request's signal aborts, like a server that hangs. */
export function hangingFetch() {
  const requests: Request[] = [];
  const fetch = (request: Request) =>
    new Promise<Response>((_, reject) => {
      requests.push(request);
      request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true });
    });
  return { fetch, requests };
}

export const ORG = {
  id: "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
  name: "Acme Tours",
  widget_token: "f8e7d6c5b4a39281",
  external_id: "customer-12345",
  created_at: "2026-03-15T10:30:00.000Z",
};
