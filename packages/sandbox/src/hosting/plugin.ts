// For whoever runs the sandbox (openapi/sandbox, tag Hosting): health for a load balancer (no
// key; 503 with Retry-After when the storage engine does not answer, bounded by a timeout so a
// hung database never hangs the check) and the metrics (admin token only), counted per answer.
import type { FastifyInstance } from "fastify";
import { controlRoute } from "../controls/route.ts";
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from "../http/api-error.ts";
import type { SandboxContext } from "../context.ts";

/** A ping that has not answered by then counts as down. */
export const HEALTH_TIMEOUT_MS = 2_000;

function pingWithin(ctx: SandboxContext, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    ctx.storage.ping().then(
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

export function hostingPlugin(app: FastifyInstance, ctx: SandboxContext, done: (error?: Error) => void): void {
  const engine = ctx.storage.engine;
  const { metrics } = ctx;
  ctx.answered.add((request, reply) => metrics.observe(request.operationId || "none", reply.statusCode, reply.elapsedTime));
  controlRoute(app, ctx, "getSandboxHealth", "anyone", async (_request, reply) => {
    if (await pingWithin(ctx, HEALTH_TIMEOUT_MS)) return { status: "ok", engine };
    reply.code(503).header("retry-after", String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    return { status: "unavailable", engine };
  });
  controlRoute(app, ctx, "getSandboxMetrics", "admin", async (_request, reply) => {
    const { contentType, text } = await metrics.scrape();
    reply.header("content-type", contentType);
    return text;
  });
  done();
}
