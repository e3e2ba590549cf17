// Prism serving the bundled document behind a small guard (prism-guard.ts) that answers the
// inputs Prism itself mishandles. `npm start` runs this file; tests import startPrism().
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { once } from "node:events";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { localServer } from "../src/openapi-document.ts";
import { freePort } from "./free-port.ts";
import { createPrismGuard } from "./prism-guard.ts";

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
  readyTimeoutMs?: number;
}

export interface RunningPrism {
  url: string;
  close(): Promise<void>;
}

// Prism prints no machine-readable "ready" line, so poll until it answers HTTP at all.
async function waitUntilAnswering(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Prism exited with code ${child.exitCode} before answering`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(500) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`Prism did not answer on ${url} within ${timeoutMs} ms`);
}

export async function startPrism(options: PrismOptions = {}): Promise<RunningPrism> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port || (await freePort(host));
  // Prism listens on a private loopback port; partners and tests talk to the guard.
  const prismPort = await freePort("127.0.0.1");
  const child = spawn(PRISM_BIN, ["mock", BUNDLE, "-h", "127.0.0.1", "-p", String(prismPort), "-v", options.logLevel ?? "warn"], {
    cwd: root,
    stdio: options.inheritStdio ? "inherit" : "ignore",
  });
  const guard = createPrismGuard(JSON.parse(readFileSync(BUNDLE, "utf8")), { host: "127.0.0.1", port: prismPort });
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
    await waitUntilAnswering(`http://127.0.0.1:${prismPort}`, child, options.readyTimeoutMs ?? 15_000);
    guard.listen(port, host);
    await once(guard, "listening");
  } catch (error) {
    await close();
    throw error;
  }
  return { url, close };
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const local = localServer(JSON.parse(readFileSync(BUNDLE, "utf8")), "mock");
  const port = Number(argValue("--port") ?? process.env.PRISM_PORT ?? process.env.PORT ?? local.port);
  const host = argValue("--host") ?? process.env.PRISM_HOST ?? local.host;
  const started = Date.now();
  const prism = await startPrism({ port, host, inheritStdio: true });
  console.log(`Partner API mock (Prism) on ${prism.url} — ready in ${Date.now() - started} ms`);
  console.log(`Try: curl -H "Authorization: Bearer any-token" ${prism.url}/partner/v1/orgs`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void prism.close().then(() => process.exit(0)));
  }
}
