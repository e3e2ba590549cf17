// The one typed context every feature plugin receives through `app.register(plugin, context)`.
// It is built once by startSandbox (index.ts) and never imported by the modules that assemble
// the app, so no feature depends on the assembler (docs/architecture.md, "Layers").
import type { Contract } from "./contract/contract.ts";
import type { AdminToken } from "./config/admin-token.ts";
import type { ResolvedConfig } from "./config/config.ts";
import type { AnswerObservers } from "./http/answer-observers.ts";
import type { HttpLimits } from "./http/limits.ts";
import type { SandboxMetrics } from "./hosting/metrics.ts";
import type { SandboxStorage } from "./storage/types/index.ts";

export interface SandboxContext {
  contract: Contract;
  config: ResolvedConfig;
  storage: SandboxStorage;
  /** The base time source (Date.now or a test's clock); a partner's time adds its offset. */
  wallMs(): number;
  /** Journal entries kept per partner (0: no journal). */
  journalSize: number;
  /** The sandbox's own base URL, for login links (config `public_url`, else where it listens). */
  publicUrl(): string;
  /** Set when shutting down: answers then close their connection, so keep-alive cannot delay exit. */
  lifecycle: { closing: boolean };
  /** The operator's token for the global controls and metrics; none: they are never opened. */
  adminToken?: AdminToken;
  metrics: SandboxMetrics;
  /** Timeouts and connection caps. */
  http: HttpLimits;
  /** Request ids for answers written outside a route (refusals on the socket). */
  nextRequestId(): string;
  /** Called once per answer, from the server's one onSend hook (metrics, journal). */
  answered: AnswerObservers;
}
