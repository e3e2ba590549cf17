// The CLI: flags and environment, the banner, graceful shutdown, and --state across a restart
// and across a SIGKILL in the middle of writes. Its messages and exit status follow the kit's
// command-line style (packages/sandbox/src/cli/style.ts): 2 and one line for wrong usage (the usage only
// after a wrong flag), 1 and one line for a start that fails, the signal's own status on a stop.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

it("prints every demo key in its banner, serves them as configured, and stops on SIGTERM", async () => {
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
    expect(await cli.exited).toBe("SIGTERM");
    expect(cli.output()).toMatch(/\nsandbox: stopped \(SIGTERM\)\n$/);
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
    expect(await cli.exited).toBe("SIGINT");
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

it("npm run sandbox -- --port N --config FILE serves that config on that port (the flags over the environment)", async () => {
  const config = join(dir, "flags.yaml");
  writeFileSync(config, "partners:\n  - id: flagged\n    api_keys: [flagged-key]\n");
  const port = await freePort();
  const cli = await startCli(["--port", String(port), "--config", config], { command: ["npm", "run", "--silent", "sandbox", "--"], env: { SANDBOX_PORT: "1", SANDBOX_CONFIG: join(dir, "absent.yaml") } });
  try {
    expect(cli.url).toBe(`http://127.0.0.1:${port}`);
    expect(cli.output()).toContain(`config: ${config}`);
    expect((await new Api(cli.url).call("listOrgs", { key: "flagged-key" })).status).toBe(200);
  } finally {
    await cli.stop();
  }
});

/** Runs the CLI expecting it to fail before its banner: its exit code and output. */
async function failure(args: string[], env?: NodeJS.ProcessEnv): Promise<{ code?: unknown; output: string }> {
  return startCli(args, { env }).then(
    async (cli) => {
      await cli.stop();
      return { code: "started", output: cli.output() };
    },
    (error: { code?: unknown; output: string }) => error,
  );
}

it("refuses wrong usage with exit 2 and one line, the usage after it only for a wrong flag", async () => {
  // Every flag and variable check is in tests/unit/cli-settings.test.ts; here, that the process says it so.
  const cases: [string[], NodeJS.ProcessEnv, string, boolean][] = [
    [["--prot", "4011"], {}, "sandbox: unknown option --prot (did you mean --port?)", true],
    [["4011"], {}, "sandbox: unexpected argument 4011", true],
    [["--port", "70000"], {}, 'sandbox: --port must be a port number 0-65535, got "70000"', false],
    // The database URL is checked before anything connects: no DNS lookup of "base", no MySQL taken for PostgreSQL.
    [[], { DATABASE_URL: "not-a-url" }, "sandbox: DATABASE_URL is not a URL: give a postgres:// or postgresql:// URL, e.g. postgres://user@127.0.0.1:5432/sandbox", false],
    [["--database-url", "mysql://root:hunter2@127.0.0.1:3306/app"], {}, "sandbox: --database-url is a mysql:// URL: the sandbox needs PostgreSQL, a postgres:// or postgresql:// URL", false],
  ];
  const results = await Promise.all(cases.map(([args, env]) => failure(args, env)));
  cases.forEach(([args, , line, usage], i) => {
    expect(results[i]!.code, args.join(" ")).toBe(2);
    if (usage) expect(results[i]!.output.startsWith(`${line}\nusage: opencx-partner-sandbox `), results[i]!.output).toBe(true);
    else expect(results[i]!.output).toBe(`${line}\n`);
  });
});

it("fails a start with exit 1 and one line, never the usage: a bad config, a missing config, a busy port", async () => {
  const bad = join(dir, "bad.yaml");
  writeFileSync(bad, "partners:\n  - id: x\n    api_keys: [k]\n    ip_allow_list: ['not-an-ip']\n");
  const starts = [["--config", bad], ["--config", join(dir, "missing.yaml")], ["--state", dir]];
  const results = await Promise.all(starts.map((args) => failure(["--port", "0", ...args])));
  starts.forEach((args, i) => {
    expect(results[i]!.code, args.join(" ")).toBe(1);
    expect(results[i]!.output, args.join(" ")).toMatch(/^sandbox: [^\n]+\n$/);
  });
  const first = await startCli(["--port", "0"]);
  try {
    const port = new URL(first.url).port;
    const busy = await failure(["--port", port]);
    expect(busy.code).toBe(1);
    expect(busy.output).toBe(`sandbox: port ${port} on 127.0.0.1 is already in use: stop what holds it, or pass another with --port N\n`);
  } finally {
    await first.stop();
  }
});

it("prints its usage on --help and the package version on --version, exit 0", async () => {
  const { name, version } = JSON.parse(readFileSync(join(ROOT, "packages/sandbox/package.json"), "utf8")) as { name: string; version: string };
  const [help, shown] = await Promise.all([failure(["--help"]), failure(["--version"])]);
  expect(help.code).toBe(0);
  expect(help.output).toMatch(/^usage: opencx-partner-sandbox [\s\S]*\nexit status: 0 /);
  expect(shown.code).toBe(0);
  expect(shown.output).toBe(`${name} ${version}\n`);
});

it("--state creates the state file's folder", async () => {
  const statePath = join(dir, "fresh-clone", ".sandbox", "state.sqlite");
  const cli = await startCli(["--port", "0", "--state", statePath]);
  try {
    expect(cli.output()).toContain(`state:  sqlite ${statePath}`);
    expect(existsSync(statePath)).toBe(true);
  } finally {
    await cli.stop();
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
    expect(await second.exited).toBe("SIGTERM");
  } finally {
    await second.stop();
  }
});
