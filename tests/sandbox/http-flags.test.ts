// The sandbox CLI's flags for the HTTP limits: each limit has one, a bad value fails at start
// naming the flag, and a set flag is in force.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { HTTP_LIMIT_USAGE, httpLimitsFromFlags } from "../../packages/sandbox/src/cli/http-flags.ts";
import { CLI_TS, ROOT, startCli } from "./cli-process.ts";
import { lastResponse, openSocket } from "./socket-client.ts";

describe("httpLimitsFromFlags", () => {
  it("reads each flag into its limit and leaves the others unset", () => {
    expect(httpLimitsFromFlags({ "request-timeout-ms": "1500", "max-connections-per-ip": "3", port: "1" })).toEqual({ requestTimeoutMs: 1500, maxConnectionsPerIp: 3 });
    expect(httpLimitsFromFlags({})).toEqual({});
  });

  it.each(["0", "-1", "1.5", "abc", "", "1e3"])("refuses %j, naming the flag", (value) => {
    expect(() => httpLimitsFromFlags({ "headers-timeout-ms": value })).toThrow(`--headers-timeout-ms must be a positive integer, got "${value}"`);
  });

  it("documents every flag with its default in the usage", () => {
    expect(HTTP_LIMIT_USAGE).toBe("[--headers-timeout-ms 10000] [--request-timeout-ms 30000] [--keep-alive-timeout-ms 5000] [--max-connections 1024] [--max-connections-per-ip 128]");
  });
});

describe("the CLI", () => {
  it("fails at start on a bad limit, naming the flag (wrong usage: exit 2)", () => {
    const result = spawnSync(process.execPath, [CLI_TS, "--port", "0", "--max-connections", "lots"], { cwd: ROOT, encoding: "utf8", timeout: 30_000 });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('sandbox: --max-connections must be a positive integer, got "lots"\n');
  });

  it("applies a set limit: --headers-timeout-ms 500 answers 408 to slow headers", async () => {
    const cli = await startCli(["--port", "0", "--headers-timeout-ms", "500"]);
    try {
      const client = await openSocket(cli.url);
      client.socket.write("GET /partner/v1/orgs HTTP/1.1\r\nHost: x\r\n");
      await client.closed;
      expect(lastResponse(client.received()).status).toBe(408);
      expect(lastResponse(client.received()).body.message).toContain("500 ms");
    } finally {
      await cli.stop();
    }
  });
});
