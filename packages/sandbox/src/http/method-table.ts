// 404 or 405: a path some route serves, asked with another method, is a 405 with `Allow`. The
// table is filled by an onRoute hook, so every route registered anywhere (the API's, the
// controls', a redirect, Fastify's automatic HEAD routes) is in it without a list to keep.
import type { FastifyInstance, RouteOptions } from "fastify";
import type { ErrorBounds } from "./api-error.ts";
import { sendError } from "./error-handler.ts";

/** A Fastify route URL (`/orgs/:orgId/api-keys`, `/assets/*`) as a pattern for whole paths. */
function urlPattern(url: string): RegExp {
  const source = url
    .split("/")
    .map((segment) => (segment.startsWith(":") ? "[^/]+" : segment === "*" ? ".*" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${source}$`);
}

/** Registers the hook and the not-found handler; call before any route is added. */
export function methodTable(app: FastifyInstance, bounds: ErrorBounds): void {
  const routes: { pattern: RegExp; methods: Set<string> }[] = [];
  app.addHook("onRoute", (route: RouteOptions) => {
    const methods = [route.method].flat();
    let entry = routes.find((r) => r.pattern.source === urlPattern(route.url).source);
    if (!entry) routes.push((entry = { pattern: urlPattern(route.url), methods: new Set() }));
    for (const m of methods) entry.methods.add(m);
  });
  const allowed = (path: string): string[] => [...new Set(routes.filter((r) => r.pattern.test(path)).flatMap((r) => [...r.methods]))];
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? "";
    const methods = allowed(path);
    if (methods.length) return sendError(reply, bounds, 405, `Method ${request.method} not allowed`, { allow: methods.join(", ") });
    return sendError(reply, bounds, 404, `Cannot ${request.method} ${path.slice(0, 200)}`);
  });
}
