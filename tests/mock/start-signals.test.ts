// `npm start & … kill $!`: SIGTERM to npm's PID alone (not its process group, unlike
// start.test.ts) reaches the mock, which stops Prism and frees the port. npm 11 forwards the
// signal to the script's shell only, so the script execs the server (package.json).
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { expect, it } from "vitest";
import { freePort } from "../../mock/free-port.ts";

const root = resolve(import.meta.dirname, "../..");

it("kill <npm start's PID>: the mock and its Prism stop and the port is free", async () => {
  const port = await freePort();
  const child = spawn("npm", ["start", "--silent", "--", "--port", String(port)], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  try {
    for (let i = 0; i < 600 && !output.includes("ready in") && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 50));
    expect(output).toContain(`on http://127.0.0.1:${port}`);
    child.kill("SIGTERM"); // npm's PID only
    await exited;
    const url = `http://127.0.0.1:${port}/partner/v1/orgs`;
    for (let i = 0; i < 100 && (await fetch(url).then(() => true, () => false)); i++) await new Promise((r) => setTimeout(r, 100));
    await expect(fetch(url)).rejects.toThrow();
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}, 60_000);
