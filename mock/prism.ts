// Prism serving the bundled document behind a small guard (prism-guard.ts) that answers the
// inputs Prism itself mishandles. `npm start` runs this file; tests import startPrism().
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { once } from "node:events";
import { createServer } from "node:net";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { listOperations, localServer } from "../packages/sandbox/src/contract/openapi-document.ts";
import { freePort } from "./free-port.ts";
import { PRISM_OPTIONS, PRISM_USAGE, prismSettings } from "./prism-args.ts";
import { createPrismGuard } from "./prism-guard.ts";
import { listenFailure, runCommand } from "../packages/sandbox/src/cli/style.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const BUNDLE = resolve(root, "generated/openapi.json");
const PRISM_BIN = resolve(root, "node_modules/.bin/prism");

export interface PrismOptions {
  port?: number; // 0 or absent: a free port
  host?: string;
  /** Prism's log level; `warn` keeps its throughput (info logging halves it). */
  logLevel?: "error" | "warn" | "info" | "debug";
  /** Forward Prism's output to this process's stdio (the CLI does; tests do not). */
  inheritStdio?: boolean;
  /** How long Prism may take to answer (default 60 s: 5-15 s is usual on a busy 2-core machine). */
  readyTimeoutMs?: number;
}

export interface RunningPrism {
  url: string;
  close(): Promise<void>;
}

/** Fails fast, before Prism's ~1 s start, when the public port is taken (or the host is not local). */
async function assertPortFree(host: string, port: number): Promise<void> {
  const probe = createServer();
  try {
    probe.listen(port, host);
    await once(probe, "listening");
  } catch (error) {
    throw listenFailure(error, host, port);
  } finally {
    probe.close();
  }
}

// Prism prints no machine-readable "ready" line, so poll until it answers. An HTTP request, not
// a bare TCP connect: the private port is picked before Prism binds it, so in the meantime another
// server (a test's sandbox on port 0) may take it, and only the answer shows who is listening. The
// probe is a documented call with a token (Prism accepts any), so Prism logs nothing for it at
// `-v warn`, and it must answer 200 with the operation's JSON (a sandbox says 401 to the token).
export async function waitUntilReady(port: number, child: ChildProcess, probePath: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Prism exited with code ${child.exitCode} before answering`);
    const answer = await fetch(`http://127.0.0.1:${port}${probePath}`, {
      headers: { authorization: "Bearer prism-readiness-probe" },
      signal: AbortSignal.timeout(1000),
    }).then(
      async (r) => ({ status: r.status, json: (r.headers.get("content-type") ?? "").includes("json"), text: await r.text() }),
      () => undefined,
    );
    if (answer?.status === 200 && answer.json) return;
    if (answer) throw new PortTakenError(port, answer.status);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Prism did not answer on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

/** Something other than Prism answered on the private port Prism was meant to take. */
export class PortTakenError extends Error {
  constructor(port: number, status: number) {
    super(`another server answered on Prism's private port ${port} (${status})`);
  }
}

const PRIVATE_PORT_ATTEMPTS = 3;

export async function startPrism(options: PrismOptions = {}): Promise<RunningPrism> {
  const host = options.host ?? "127.0.0.1";
  if (options.port) await assertPortFree(host, options.port);
  const port = options.port || (await freePort(host));
  // Prism listens on a private loopback port; partners and tests talk to the guard. Another
  // process can take that port before Prism binds it: then Prism starts again on a new one.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startPrismOn(await freePort("127.0.0.1"), host, port, options);
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt === PRIVATE_PORT_ATTEMPTS) throw error;
    }
  }
}

async function startPrismOn(prismPort: number, host: string, port: number, options: PrismOptions): Promise<RunningPrism> {
  const child = spawn(PRISM_BIN, ["mock", BUNDLE, "-h", "127.0.0.1", "-p", String(prismPort), "-v", options.logLevel ?? "warn"], {
    cwd: root,
    stdio: options.inheritStdio ? "inherit" : "ignore",
  });
  const doc = JSON.parse(readFileSync(BUNDLE, "utf8"));
  const guard = createPrismGuard(doc, { host: "127.0.0.1", port: prismPort });
  // The readiness probe: the document's first GET without path parameters (listOrgs).
  const probePath = listOperations(doc).find((o) => o.method === "get" && !o.path.includes("{"))!.path;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const close = async () => {
    if (guard.listening) {
      guard.closeAllConnections();
      await new Promise<void>((r) => guard.close(() => r()));
    }
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once("exit", () => r()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
    await exited;
    clearTimeout(timer);
  };
  try {
    // Open the public port only once Prism answers, so a partner never sees a half-started mock.
    await waitUntilReady(prismPort, child, probePath, options.readyTimeoutMs ?? 60_000);
    guard.listen(port, host);
    await once(guard, "listening");
  } catch (error) {
    await close();
    throw listenFailure(error, host, port);
  }
  return { url, close };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Flags, messages, exit status and signals: the kit's one command-line style
  // (packages/sandbox/src/cli/style.ts).
  await runCommand({ name: "mock", usage: PRISM_USAGE, options: PRISM_OPTIONS, packageJson: resolve(root, "package.json") }, async ({ values }) => {
    const doc = JSON.parse(readFileSync(BUNDLE, "utf8"));
    const { port, host } = prismSettings(values, process.env, localServer(doc, "mock"));
    const started = Date.now();
    const prism = await startPrism({ port, host, inheritStdio: true });
    const sample = listOperations(doc).find((o) => o.method === "get" && !o.path.includes("{"))?.path ?? "/";
    console.log(`Partner API mock (Prism) on ${prism.url} — ready in ${Date.now() - started} ms. Ctrl-C stops it.`);
    console.log(`Try: curl -H "Authorization: Bearer any-token" ${prism.url}${sample}`);
    return prism;
  });
}
