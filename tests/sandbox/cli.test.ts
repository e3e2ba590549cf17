// The CLI: flags and environment, the banner, graceful shutdown, and --state across a restart
// and across a SIGKILL in the middle of writes.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { freePort } from "../../mock/free-port.ts";
import { Api, needEngine } from "./harness.ts";
import { ROOT, startCli } from "./cli-process.ts";

const dir = mkdtempSync(join(tmpdir(), "sandbox-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const demo = parseYaml(readFileSync(join(ROOT, "packages/sandbox/src/config/demo-config.yaml"), "utf8")) as {
  partners: { id: string; active?: boolean; api_keys?: string[]; revoked_api_keys?: string[]; ip_allow_list?: string[]; rate_limits?: unknown }[];
};
const demoKey = (id: string) => demo.partners.find((p) => p.id === id)!.api_keys![0]!;

it("prints every demo key in its banner, serves them as configured, and exits 0 on SIGTERM", async () => {
  const cli = await startCli(["--port", "0"]);
  try {
    expect(cli.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(cli.output()).toMatch(/^ +state: +memory \(lost on exit/m);
    expect(cli.output()).toContain(`Page:     ${cli.url}/_sandbox/`);
    for (const p of demo.partners) for (const k of [...(p.api_keys ?? []), ...(p.revoked_api_keys ?? [])]) expect(cli.output()).toContain(k);
    const api = new Api(cli.url);
    const status = async (id: string) => (await api.call("listOrgs", { key: demoKey(id) })).status;
    expect(demo.partners.filter((p) => p.active !== false && !p.ip_allow_list && p.rate_limits === undefined).length).toBeGreaterThanOrEqual(2);
    expect(await status("acme-partner")).toBe(200);
    expect(await status("globex-partner")).toBe(200);
    expect(await status("initech-partner")).toBe(401);
    expect(await status("umbrella-partner")).toBe(403);
    expect(await status("loadtest-partner")).toBe(200);
    expect((await api.call("listOrgs", { key: demo.partners[0]!.revoked_api_keys![0]! })).status).toBe(401);
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
  } finally {
    await cli.stop();
  }
});

it("finishes an in-flight request on SIGINT before exiting", async () => {
  const cli = await startCli(["--port", "0"]);
  try {
    // Half a request. `Expect: 100-continue` makes the server say when it has the headers, so
    // the request is provably in flight (not an idle connection) when the signal arrives.
    const { hostname, port } = new URL(cli.url);
    const socket = connect(Number(port), hostname);
    await new Promise((r) => socket.once("connect", r));
    let answer = "";
    socket.on("data", (c: Buffer) => (answer += c));
    const closed = new Promise((r) => socket.once("close", r));
    const body = JSON.stringify({ name: "In flight" });
    socket.write(
      `POST /partner/v1/orgs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${demoKey("acme-partner")}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`,
    );
    while (!answer.includes("100 Continue")) await new Promise((r) => setTimeout(r, 5));
    socket.write(body.slice(0, 5));
    cli.child.kill("SIGINT");
    while (!cli.output().includes("SIGINT: finishing in-flight requests")) await new Promise((r) => setTimeout(r, 10));
    socket.write(body.slice(5));
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 201 /);
    expect(await cli.exited).toBe(0);
  } finally {
    await cli.stop();
  }
});

it("reads SANDBOX_PORT and SANDBOX_CONFIG, and --host", async () => {
  const config = join(dir, "one.json");
  writeFileSync(config, JSON.stringify({ partners: [{ id: "solo", api_keys: ["solo-key"] }] }));
  const port = await freePort();
  const cli = await startCli(["--host", "127.0.0.1"], { env: { SANDBOX_PORT: String(port), SANDBOX_CONFIG: config } });
  try {
    expect(cli.url).toBe(`http://127.0.0.1:${port}`);
    expect(cli.output()).toContain("solo-key");
    expect((await new Api(cli.url).call("listOrgs", { key: "solo-key" })).status).toBe(200);
  } finally {
    await cli.stop();
  }
});

it("fails with exit code 1 and a message for bad flags, a bad config and a busy port", async () => {
  const bad = join(dir, "bad.yaml");
  writeFileSync(bad, "partners:\n  - id: x\n    api_keys: [k]\n    ip_allow_list: ['not-an-ip']\n");
  const badFlags = [
    ["--port", "70000"],
    ["--nope"],
    ["--config", bad],
    ["--config", join(dir, "missing.yaml")],
    ["--state", join(dir, "x.sqlite"), "--database-url", "postgres://127.0.0.1:1/x"],
    ["--database-url", "postgres://127.0.0.1:1/x", "--pool-size", "0"],
    ["--database-url", "postgres://127.0.0.1:1/x", "--statement-timeout-ms", "soon"],
    ["--pool-size", "4"], // without --database-url
  ];
  for (const args of badFlags) {
    const failure = await startCli(args).then(
      async (cli) => {
        await cli.stop();
        return undefined;
      },
      (error: { code?: unknown; output?: string }) => error,
    );
    expect(failure?.code, args.join(" ")).toBe(1);
    expect(failure?.output).toMatch(/sandbox: .+\nusage:/);
  }
  const first = await startCli(["--port", "0"]);
  try {
    const port = new URL(first.url).port;
    const busy = await startCli(["--port", port]).catch((error: { code?: unknown; output?: string }) => error);
    expect((busy as { code?: unknown }).code).toBe(1);
    expect((busy as { output: string }).output).toMatch(/EADDRINUSE/);
  } finally {
    await first.stop();
  }
});

it("never prints a database password, even when the database cannot be used", async () => {
  // Unreachable (port 1) or, before the postgres engine exists, unavailable: either way exit 1.
  const failure = await startCli(["--port", "0", "--database-url", "postgres://sandbox:hunter2-secret@127.0.0.1:1/sandbox"]).then(
    async (cli) => {
      await cli.stop();
      return undefined;
    },
    (error: { code?: unknown; output?: string }) => error,
  );
  expect(failure?.code).toBe(1);
  expect(failure?.output).toMatch(/^sandbox: .+/m);
  expect(failure?.output).not.toContain("hunter2-secret");
});

it("--state keeps everything acknowledged, even when killed with SIGKILL during writes (sqlite)", async (ctx) => {
  await needEngine(ctx, "sqlite");
  const statePath = join(dir, "killed.sqlite");
  const key = demoKey("loadtest-partner");
  const first = await startCli(["--port", "0", "--state", statePath]);
  const acknowledged: string[] = [];
  try {
    // Keep 8 creates in flight and kill the process while they run.
    let stop = false;
    const worker = async (w: number) => {
      for (let i = 0; !stop; i++) {
        try {
          const res = await fetch(`${first.url}/partner/v1/orgs`, {
            method: "POST",
            headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
            body: JSON.stringify({ name: `w${w}-${i}`, external_id: `w${w}-${i}` }),
          });
          if (res.status === 201) acknowledged.push(`w${w}-${i}`);
        } catch {
          return; // the process is gone
        }
      }
    };
    const workers = Array.from({ length: 8 }, (_, w) => worker(w));
    while (acknowledged.length < 40) await new Promise((r) => setTimeout(r, 5));
    first.child.kill("SIGKILL");
    stop = true;
    await Promise.all(workers);
  } finally {
    await first.stop();
  }
  // The file opens again (the second start) and holds every acknowledged org.
  const second = await startCli(["--port", "0", "--state", statePath]);
  try {
    const api = new Api(second.url);
    for (const externalId of acknowledged) {
      expect((await api.call("getOrgByExternalId", { key, params: { externalId } })).status, externalId).toBe(200);
    }
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  } finally {
    await second.stop();
  }
});
