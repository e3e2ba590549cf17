// GET /_sandbox/ — the sandbox page — its files (openapi/sandbox: getSandboxPage,
// getSandboxPageAsset), the root leading to it (redirectToSandboxPage), the icon browsers ask for
// by name (getSandboxFavicon), and the overview the page shows. Static files read once, on first
// request, so start-up reads nothing. The CSP allows only the page's own script, stylesheet, icon
// and same-origin fetches: no inline script, no other origin, no framing. The page itself holds no
// data: it calls the controls.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { SandboxContext } from "../context.ts";
import { pageDir } from "../contract/paths.ts";
import { sendError } from "../http/error-handler.ts";
import { overviewRoute } from "./overview.ts";

export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
  "form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

const FILES: Record<string, string> = {
  "index.html": "text/html; charset=utf-8",
  "page.js": "text/javascript; charset=utf-8",
  "page.css": "text/css; charset=utf-8",
  "favicon.svg": "image/svg+xml",
};

export const PAGE_PATH = "/_sandbox/";

export function pagePlugin(app: FastifyInstance, ctx: SandboxContext, done: (error?: Error) => void): void {
  const cache = new Map<string, Buffer>();
  const file = (name: string): Buffer => {
    let body = cache.get(name);
    if (!body) {
      body = readFileSync(join(pageDir(), name));
      cache.set(name, body);
    }
    return body;
  };
  const send = (reply: FastifyReply, name: string): FastifyReply =>
    reply
      .code(200)
      .header("content-type", FILES[name]!)
      .header("content-security-policy", PAGE_CSP)
      .header("cache-control", "no-store")
      .header("referrer-policy", "no-referrer")
      .header("x-content-type-options", "nosniff")
      .header("x-frame-options", "DENY")
      .send(file(name));

  app.get(PAGE_PATH, (_request, reply) => send(reply, "index.html"));
  app.get("/_sandbox", (_request, reply) => reply.redirect(PAGE_PATH, 308));
  // A person who opens the sandbox's address lands on its page, not on a 404 body.
  app.get("/", (_request, reply) => reply.redirect(PAGE_PATH, 302));
  app.get("/favicon.ico", (_request, reply) => send(reply, "favicon.svg"));
  app.get<{ Params: { file: string } }>("/_sandbox/assets/:file", (request, reply) => {
    const name = request.params.file;
    if (name === "index.html" || !(name in FILES)) return sendError(reply, ctx.contract.errorBounds, 404, `No sandbox page file ${name.slice(0, 100)}`);
    return send(reply, name);
  });
  overviewRoute(app, ctx);
  done();
}
