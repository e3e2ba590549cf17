// `npm start & … kill $!` and `node mock/prism.ts`, as a partner runs them: each serves the mock
// on the port it is given, and stopped by SIGINT and by SIGTERM sent to the started PID alone, it
// stops Prism, frees the port, prints its "stopped" line and ends by the signal. npm 11 forwards a
// signal to the script's shell only, so the script execs the server (package.json).
import { resolve } from "node:path";
import { expect, it } from "vitest";
import { expectStopsOn, startLongRunning } from "../helpers/long-running.ts";

const root = resolve(import.meta.dirname, "../..");
const COMMANDS = {
  "npm start": ["npm", "start", "--silent", "--", "--port", "PORT"],
  "node mock/prism.ts": [process.execPath, "mock/prism.ts", "--port", "PORT"],
};

it.for(Object.keys(COMMANDS).flatMap((command) => (["SIGINT", "SIGTERM"] as const).map((signal) => [command, signal] as const)))(
  "%s, %s to its PID: serves the mock on the requested port; Prism stops, the port is free, it says so and ends by the signal",
  { timeout: 60_000 },
  async ([command, signal]) => {
    const mock = await startLongRunning(COMMANDS[command as keyof typeof COMMANDS], { ready: /ready in/, cwd: root });
    expect(mock.output()).toContain(`on http://127.0.0.1:${mock.port}`);
    const res = await fetch(`http://127.0.0.1:${mock.port}/partner/v1/orgs`, { headers: { Authorization: "Bearer quickstart" } });
    expect(res.status, mock.output()).toBe(200);
    await expectStopsOn(mock, signal, "mock");
  },
);
