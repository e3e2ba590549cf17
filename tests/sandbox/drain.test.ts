// Closing under load, on the engine SANDBOX_TEST_ENGINE names (every engine across the sandbox
// projects): 20 keep-alive connections each keep a request outstanding (back to back, or with
// short pauses) when the sandbox is told to stop — by close() in-process, or by SIGTERM to the
// CLI. Every request the server read is answered, with `Connection: close`; a connection may be
// reset only when its request was still on the wire (at most 2 of 20); no answer is a 5xx (a
// write answered after the storage closed would be a 503 on the SQL engines); the process ends by the signal, once stopped cleanly.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { createTestDatabase } from "../helpers/postgres.ts";
import { ROOT, startCli } from "./cli-process.ts";
import { defaultEngine, KEYS, needEngine, startTestSandbox } from "./harness.ts";
import { busyConnections, jsonRequest, tally, type ConnectionReport } from "./keep-alive-load.ts";

const CONNECTIONS = 20;
const MAX_RESETS = 2;
const engine = defaultEngine();

function expectDrained(reports: ConnectionReport[]): void {
  const counts = tally(reports);
  expect(counts.reset + counts["closed-unanswered"], JSON.stringify(counts)).toBeLessThanOrEqual(MAX_RESETS);
  // A busy connection is never closed behind its client's back without a `Connection: close` answer.
  expect(counts["closed-idle"], JSON.stringify(counts)).toBe(0);
  expect(reports.reduce((n, r) => n + r.serverErrors, 0)).toBe(0);
  expect(reports.every((r) => r.answers > 0)).toBe(true);
}

it.for([0, 20])(`close() with ${CONNECTIONS} busy keep-alive connections (%i ms between requests) answers what it read`, async (pauseMs, ctx) => {
  await needEngine(ctx, engine);
  const sandbox = await startTestSandbox({ engine });
  const load = await busyConnections(sandbox.url, CONNECTIONS, { request: jsonRequest("POST", "/partner/v1/orgs", KEYS.unlimited, { name: "Busy" }), pauseMs });
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => (closing ??= sandbox.close());
  try {
    await load.answered(CONNECTIONS * 5);
    await close();
    expectDrained(await load.ended());
  } finally {
    load.destroy();
    await close();
  }
});

it("close() closes an idle keep-alive connection and resolves", async (ctx) => {
  await needEngine(ctx, engine);
  const sandbox = await startTestSandbox({ engine });
  const load = await busyConnections(sandbox.url, 1, { request: jsonRequest("GET", "/partner/v1/orgs", KEYS.unlimited), pauseMs: 60_000 });
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => (closing ??= sandbox.close());
  try {
    await load.answered(1);
    await close();
    const [report] = await load.ended(5_000);
    expect(report!.end).toBe("closed-idle"); // nothing outstanding, so nothing lost
  } finally {
    load.destroy();
    await close();
  }
});

const demo = parseYaml(readFileSync(join(ROOT, "packages/sandbox/src/config/demo-config.yaml"), "utf8")) as { partners: { id: string; api_keys?: string[] }[] };
const loadKey = demo.partners.find((p) => p.id === "loadtest-partner")!.api_keys![0]!;

it(`SIGTERM with ${CONNECTIONS} busy keep-alive connections answers what it read, then ends by SIGTERM`, async (ctx) => {
  await needEngine(ctx, engine);
  const dir = mkdtempSync(join(tmpdir(), "sandbox-drain-"));
  const database = engine === "postgres" ? await createTestDatabase() : undefined;
  const storage = engine === "sqlite" ? ["--state", join(dir, "state.sqlite")] : database ? ["--database-url", database.url] : [];
  const cli = await startCli(["--port", "0", ...storage]);
  const load = await busyConnections(cli.url, CONNECTIONS, { request: jsonRequest("POST", "/partner/v1/orgs", loadKey, { name: "Busy at SIGTERM" }) });
  try {
    await load.answered(CONNECTIONS * 5);
    cli.child.kill("SIGTERM");
    expectDrained(await load.ended());
    expect(await cli.exited).toBe("SIGTERM");
  } finally {
    load.destroy();
    await cli.stop();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
});
