// `npm run sandbox & … kill $!` and `node packages/sandbox/src/cli/cli.ts`, each stopped by SIGINT and by
// SIGTERM sent to the started PID alone (not its process group): the server finishes the
// request in flight, frees the port, prints its "stopped" line and ends by the signal. npm 11
// forwards a signal to the shell it runs the script in, and that shell (dash) does not pass it
// on, so the script execs the server (package.json). `npx opencx-partner-sandbox` and the
// installed bin are tested with the installed package in package.test.ts, `npm start` in
// tests/mock/start-signals.test.ts, the proxy in tests/mock/proxy-cli.test.ts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { expectStopsOn, startLongRunning } from "../helpers/long-running.ts";
import { CLI_TS, ROOT, startCli } from "./cli-process.ts";
import { requestInFlight } from "./in-flight.ts";

const demo = parseYaml(readFileSync(join(ROOT, "packages/sandbox/src/config/demo-config.yaml"), "utf8")) as { partners: { id: string; api_keys?: string[] }[] };
const key = demo.partners.find((p) => p.id === "loadtest-partner")!.api_keys![0]!;

it("kill <npm run sandbox's PID>: the in-flight request is answered, then the port is free and npm ends by the signal", async () => {
  const cli = await startCli(["--port", "0"], { command: ["npm", "run", "--silent", "sandbox", "--"] });
  try {
    const inFlight = await requestInFlight(cli.url, key, JSON.stringify({ name: "In flight at SIGTERM" }));
    cli.child.kill("SIGTERM"); // npm's PID only
    for (let i = 0; i < 400 && !cli.output().includes("SIGTERM: finishing in-flight requests"); i++) await new Promise((r) => setTimeout(r, 25));
    expect(cli.output(), "the server never saw the signal").toContain("SIGTERM: finishing in-flight requests");
    expect(await inFlight.finish()).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 201 /);
    expect(await cli.exited).toBe("SIGTERM");
    await expect(fetch(cli.url)).rejects.toThrow();
  } finally {
    await cli.stop();
  }
});

const COMMANDS = {
  "npm run sandbox": ["npm", "run", "--silent", "sandbox", "--", "--port", "PORT"],
  "node packages/sandbox/src/cli/cli.ts": [process.execPath, CLI_TS, "--port", "PORT"],
};

it.concurrent.for(Object.keys(COMMANDS).flatMap((command) => (["SIGINT", "SIGTERM"] as const).map((signal) => [command, signal] as const)))(
  "%s, %s to its PID: it stops, the port is free, it says so and ends by the signal",
  async ([command, signal]) => {
    const sandbox = await startLongRunning(COMMANDS[command as keyof typeof COMMANDS], { ready: /Ready in/, cwd: ROOT });
    await expectStopsOn(sandbox, signal, "sandbox");
  },
);
