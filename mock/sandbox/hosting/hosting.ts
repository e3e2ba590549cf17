// For whoever runs the sandbox (openapi/sandbox, tag Hosting): health for a load balancer (no
// key; 503 with Retry-After when the storage engine does not answer, bounded by a timeout so a
// hung database never hangs the check) and the metrics (admin token only).
import type { FastifyInstance } from "fastify";
import { controlRoute, type Route } from "../controls/controls.ts";
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from "../http/api-error.ts";
import type { SandboxParts } from "../app.ts";

/** A ping that has not answered by then counts as down. */
export const HEALTH_TIMEOUT_MS = 2_000;

function pingWithin(parts: SandboxParts, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    parts.storage.ping().then(
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      () => {
        clearTimeout(timer);
        resolve(false);
      },
    );
  });
}

export function registerHosting(app: FastifyInstance, parts: SandboxParts, routes: Route[]): void {
  const engine = parts.storage.engine;
  controlRoute(app, parts, routes, "getSandboxHealth", "anyone", async (_request, reply) => {
    if (await pingWithin(parts, HEALTH_TIMEOUT_MS)) return { status: "ok", engine };
    reply.code(503).header("retry-after", String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    return { status: "unavailable", engine };
  });
  controlRoute(app, parts, routes, "getSandboxMetrics", "admin", async (_request, reply) => {
    const { contentType, text } = await parts.metrics.scrape();
    reply.header("content-type", contentType);
    return text;
  });
}
