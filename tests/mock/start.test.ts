// `npm start` as a partner runs it: the mock answers on the port it is given, and stops
// cleanly on SIGTERM (no orphaned Prism left behind).
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { expect, it } from "vitest";
import { freePort } from "../../mock/free-port.ts";

const root = resolve(import.meta.dirname, "../..");

it("npm start serves the mock on the requested port and stops on SIGTERM", async () => {
  const port = await freePort();
  const child = spawn("npm", ["start", "--silent", "--", "--port", String(port)], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group, so the whole tree can be signalled
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  try {
    // The banner is printed once Prism answers; wait for it (bounded) rather than for a timer.
    for (let i = 0; i < 400 && !output.includes("ready in"); i++) await new Promise((r) => setTimeout(r, 50));
    expect(output).toContain(`on http://127.0.0.1:${port}`);
    const res = await fetch(`http://127.0.0.1:${port}/partner/v1/orgs`, { headers: { Authorization: "Bearer quickstart" } });
    expect(res.status, output).toBe(200);
  } finally {
    process.kill(-child.pid!, "SIGTERM");
  }
  await exited;
  await expect(fetch(`http://127.0.0.1:${port}/partner/v1/orgs`)).rejects.toThrow();
});
