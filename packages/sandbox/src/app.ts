// Assembles the sandbox from its features, each a Fastify plugin given the one typed context
// (context.ts). Nothing imports this file but startSandbox (index.ts): features never reach back
// into the assembler. The order of checks on the API's routes is kept by the layers themselves
// (api/plugin.ts); this file only decides which features exist.
import type { FastifyInstance } from "fastify";
import { apiPlugin } from "./api/plugin.ts";
import { beforeMalformedApiUrl } from "./api/malformed-url.ts";
import { admitBeforeContinue, admitBeforeRefusing } from "./api/unit-of-work.ts";
import type { SandboxContext } from "./context.ts";
import { controlsPlugin } from "./controls/plugin.ts";
import { hostingPlugin } from "./hosting/plugin.ts";
import { createHttpApp } from "./http/app-factory.ts";
import { journalPlugin } from "./journal/plugin.ts";
import { loginLandingPlugin } from "./landing/plugin.ts";
import { pagePlugin } from "./page/plugin.ts";

export function buildApp(ctx: SandboxContext): FastifyInstance {
  const app = createHttpApp(ctx, {
    beforeMalformedUrl: beforeMalformedApiUrl(ctx),
    beforeRefusingBody: admitBeforeRefusing,
    beforeContinue: admitBeforeContinue,
  });
  // Observers run in registration order: the metrics count an answer before the journal records it.
  app.register(hostingPlugin, ctx);
  app.register(journalPlugin, ctx);
  app.register(apiPlugin, ctx);
  app.register(controlsPlugin, ctx);
  app.register(pagePlugin, ctx);
  app.register(loginLandingPlugin, ctx);
  return app;
}
