// `npm run sandbox & … kill $!`: SIGTERM to npm's PID alone (not its process group) must reach
// the server, which finishes the request in flight, frees the port and exits. npm 11 forwards
// SIGTERM to the shell it runs the script in, and that shell (dash) does not pass it on, so
// the script execs the server (package.json). `npx opencx-partner-sandbox` is tested with the
// installed package in package.test.ts, `npm start` in tests/mock/start-signals.test.ts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { ROOT, startCli } from "./cli-process.ts";
import { requestInFlight } from "./in-flight.ts";

const demo = parseYaml(readFileSync(join(ROOT, "packages/sandbox/src/config/demo-config.yaml"), "utf8")) as { partners: { id: string; api_keys?: string[] }[] };
const key = demo.partners.find((p) => p.id === "loadtest-partner")!.api_keys![0]!;

it("kill <npm run sandbox's PID>: the in-flight request is answered, then the port is free and npm exits", async () => {
  const cli = await startCli(["--port", "0"], { command: ["npm", "run", "--silent", "sandbox", "--"] });
  try {
    const inFlight = await requestInFlight(cli.url, key, JSON.stringify({ name: "In flight at SIGTERM" }));
    cli.child.kill("SIGTERM"); // npm's PID only
    for (let i = 0; i < 400 && !cli.output().includes("SIGTERM: finishing in-flight requests"); i++) await new Promise((r) => setTimeout(r, 25));
    expect(cli.output(), "the server never saw the signal").toContain("SIGTERM: finishing in-flight requests");
    expect(await inFlight.finish()).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 201 /);
    await cli.exited; // bounded by the test timeout; the server's own exit code is checked in cli.test.ts
    await expect(fetch(cli.url)).rejects.toThrow();
  } finally {
    await cli.stop();
  }
});
