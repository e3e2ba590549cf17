// The mock's CLI (`npm start`) in the kit's command-line style (packages/sandbox/src/cli/style.ts; its
// argument checks are in tests/unit/cli-settings.test.ts): a wrong flag is exit 2 with the usage,
// a taken port one line and exit 1, --help and --version exit 0, a healthy start prints no error.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { freePort } from "../../mock/free-port.ts";
import { PRISM_USAGE } from "../../mock/prism-args.ts";

const root = resolve(import.meta.dirname, "../..");
/** `npm start -- args` to its exit (or until `until` appears, then SIGTERM). */
function npmStart(args: string[], until?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn("npm", ["start", "--silent", "--", ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"], detached: true, env: { ...process.env, NO_COLOR: "1" } });
  let stdout = "";
  let stderr = "";
  let stopping: NodeJS.Timeout | undefined;
  // The group may be gone by the time a timer fires (it stopped by itself): nothing left to signal.
  const signal = (name: NodeJS.Signals): void => {
    try {
      process.kill(-child.pid!, name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
    }
  };
  child.stdout.on("data", (d) => {
    stdout += d;
    if (until && !stopping && stdout.includes(until)) stopping = setTimeout(() => signal("SIGTERM"), 300); // a moment for any stray log line
  });
  child.stderr.on("data", (d) => (stderr += d));
  const killer = setTimeout(() => signal("SIGKILL"), 20_000);
  return new Promise((r) =>
    child.once("exit", (code) => {
      clearTimeout(killer);
      clearTimeout(stopping);
      r({ code, stdout, stderr });
    }),
  );
}

describe("npm start", () => {
  it("rejects a mistyped flag with a did-you-mean and the usage, exit 2, no stack", async () => {
    const { code, stdout, stderr } = await npmStart(["--prot", "4043"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(`mock: unknown option --prot (did you mean --port?)\n${PRISM_USAGE}\n`);
  });

  it("prints the usage on --help and the package version on --version, exit 0", async () => {
    const [help, version] = await Promise.all([npmStart(["--help"]), npmStart(["--version"])]);
    expect(help.code).toBe(0);
    expect(help.stdout.startsWith(`${PRISM_USAGE}\n  -h, --help `), help.stdout).toBe(true);
    expect(help.stdout).toMatch(/\nexit status: 0 /);
    const { name, version: number } = JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")) as { name: string; version: string };
    expect(version).toMatchObject({ code: 0, stdout: `${name} ${number}\n`, stderr: "" });
  });

  it("reports a taken port in one line naming the port and --port, exit 1, no stack", async () => {
    const holder = createServer().listen(0, "127.0.0.1");
    await once(holder, "listening");
    const { port } = holder.address() as { port: number };
    try {
      const { code, stderr } = await npmStart(["--port", String(port)]);
      expect(code).toBe(1);
      expect(stderr).toBe(`mock: port ${port} on 127.0.0.1 is already in use: stop what holds it, or pass another with --port N\n`);
    } finally {
      holder.close();
    }
  });

  it("starts without printing any error (the readiness probe is not a request Prism logs)", async () => {
    const port = await freePort();
    const { stdout, stderr } = await npmStart(["--port", String(port)], "ready in");
    expect(stdout).toContain(`on http://127.0.0.1:${port}`);
    expect(stdout + stderr).not.toMatch(/NO_PATH_MATCHED|error/i);
    expect(stderr).toBe("");
  });
});
