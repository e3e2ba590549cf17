// GET /partner-login?token=… — where login links land. The first visit consumes the token and
// answers 200 naming the user and org; a used, expired or unknown token gets one identical 410
// page, so the answer never tells which. HEAD reports the same status without consuming.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { sha256 } from "../common/secrets.ts";
import type { SandboxContext } from "../context.ts";
import type { StoredLoginLink } from "../storage/types/index.ts";

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)} — OpenCX sandbox</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1f2937}</style></head>
<body><h1>${escapeHtml(title)}</h1>${body}</body>
</html>
`;
}

export const signedInPage = (link: StoredLoginLink, orgName: string): string =>
  page(
    "Signed in",
    `<p>Signed in as <strong data-user>${escapeHtml(link.name)}</strong> (<span data-email>${escapeHtml(link.email)}</span>)` +
      ` to <strong data-org>${escapeHtml(orgName)}</strong>.</p><p>This is the OpenCX Partner API sandbox: no dashboard follows.</p>`,
  );

export const LINK_GONE_PAGE = page(
  "This login link is no longer valid",
  "<p>Login links work once and expire after a few minutes. Ask for a new one.</p>",
);

export function loginLandingPlugin(app: FastifyInstance, ctx: SandboxContext, done: (error?: Error) => void): void {
  // The engine judges expiry on the link's partner's clock, from the base time source.
  const { storage, wallMs } = ctx;
  const pattern = new RegExp(`^[0-9a-f]{${ctx.contract.loginLink.tokenBytes * 2}}$`);
  const tokenDigest = (request: FastifyRequest): string | undefined => {
    const token = (request.query as Record<string, unknown>).token;
    return typeof token === "string" && pattern.test(token) ? sha256(token) : undefined;
  };
  const send = (reply: FastifyReply, status: number, html: string): FastifyReply =>
    reply
      .code(status)
      .header("content-type", "text/html; charset=utf-8")
      .header("cache-control", "no-store")
      .header("referrer-policy", "no-referrer")
      .header("x-content-type-options", "nosniff")
      .header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
      .send(html);

  app.get("/partner-login", { exposeHeadRoute: false }, async (request, reply) => {
    const digest = tokenDigest(request);
    const visit = digest ? await storage.consumeLoginLink(digest, wallMs()) : undefined;
    if (!visit) return send(reply, 410, LINK_GONE_PAGE);
    return send(reply, 200, signedInPage(visit.link, visit.orgName || "your org"));
  });

  app.head("/partner-login", async (request, reply) => {
    const digest = tokenDigest(request);
    const visit = digest ? await storage.peekLoginLink(digest, wallMs()) : undefined;
    const html = visit ? signedInPage(visit.link, visit.orgName || "your org") : LINK_GONE_PAGE;
    return send(reply, visit ? 200 : 410, html);
  });
  done();
}
