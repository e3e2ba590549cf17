// The node:http server under Fastify (its `serverFactory`), where Node's defaults would answer
// on their own: timeouts that hold as configured, the connection cap, Expect handling, and a
// missing Host header, each answered as an ErrorResponse with X-Request-Id.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { answerAndClose } from "./answer.ts";
import { capConnections, CONNECTION_RETRY_AFTER_SECONDS } from "./connections.ts";
import { expectationFailed } from "./expect.ts";
import { nodeServerTimeouts, type HttpLimits } from "./limits.ts";
import type { CidrList } from "../caller/ip.ts";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export function sandboxServerFactory(limits: HttpLimits, trustedProxies: CidrList, nextRequestId: () => string): (handler: Handler) => Server {
  return (handler) => {
    // Node's own missing-Host answer is a bare 400 without a body: checked below instead.
    const server = createServer({ ...nodeServerTimeouts(limits), requireHostHeader: false });
    server.keepAliveTimeout = limits.keepAliveTimeoutMs;
    const refusal = capConnections(server, limits, trustedProxies);
    const serve: Handler = (req, res) => {
      const refused = refusal(req.socket);
      if (refused !== undefined) {
        req.resume();
        return answerAndClose(res, 503, refused, nextRequestId(), { "retry-after": String(CONNECTION_RETRY_AFTER_SECONDS) });
      }
      if (req.headers.host === undefined && req.httpVersion === "1.1") {
        req.resume();
        return answerAndClose(res, 400, "Host header is required in HTTP/1.1", nextRequestId());
      }
      handler(req, res);
    };
    server.on("request", serve);
    server.on("checkContinue", serve);
    server.on("checkExpectation", expectationFailed(nextRequestId));
    return server;
  };
}
