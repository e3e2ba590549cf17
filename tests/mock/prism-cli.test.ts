// The mock's CLI (`npm start`): arguments checked like the sandbox's, a taken port reported in
// one line, a healthy start that prints no error, and usage on --help.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { once } from "node:events";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { freePort } from "../../mock/free-port.ts";
import { parsePrismArgs, PRISM_USAGE } from "../../mock/prism-args.ts";

const root = resolve(import.meta.dirname, "../..");
const DEFAULTS = { host: "127.0.0.1", port: 4010 };

describe("parsePrismArgs", () => {
  it.each([
    [["--port", "4041"], {}, { help: false, port: 4041, host: "127.0.0.1" }],
    [["--port=4041"], {}, { help: false, port: 4041, host: "127.0.0.1" }],
    [["--port", "0", "--host", "::1"], {}, { help: false, port: 0, host: "::1" }],
    [[], { PRISM_PORT: "4050", PORT: "1" }, { help: false, port: 4050, host: "127.0.0.1" }],
    [[], { PORT: "4051", PRISM_HOST: "0.0.0.0" }, { help: false, port: 4051, host: "0.0.0.0" }],
    [[], {}, { help: false, port: 4010, host: "127.0.0.1" }],
    [["-h"], {}, { help: true }],
  ])("%j with env %j", (argv, env, expected) => {
    expect(parsePrismArgs(argv, env, DEFAULTS)).toEqual(expected);
  });

  it.each([
    [["--prot", "4043"], {}, "unknown option --prot (did you mean --port?)"],
    [["--prot=4043"], {}, "unknown option --prot (did you mean --port?)"],
    [["--verbose"], {}, "unknown option --verbose"],
    [["--port", "abc"], {}, '--port must be a port number 0-65535, got "abc"'],
    [["--port", "70000"], {}, '--port must be a port number 0-65535, got "70000"'],
    [["--port"], {}, "--port needs a value"],
    [["4041"], {}, "unexpected argument 4041"],
    [[], { PRISM_PORT: "abc" }, 'PRISM_PORT must be a port number 0-65535, got "abc"'],
    [[], { PORT: "-1" }, 'PORT must be a port number 0-65535, got "-1"'],
  ])("%j with env %j: %s", (argv, env, message) => {
    expect(() => parsePrismArgs(argv, env, DEFAULTS)).toThrow(message);
  });
});

/** `npm start -- args` to its exit (or until `until` appears, then SIGTERM). */
function npmStart(args: string[], until?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn("npm", ["start", "--silent", "--", ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"], detached: true, env: { ...process.env, NO_COLOR: "1" } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    stdout += d;
    if (until && stdout.includes(until)) setTimeout(() => process.kill(-child.pid!, "SIGTERM"), 300); // a moment for any stray log line
  });
  child.stderr.on("data", (d) => (stderr += d));
  const killer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 20_000);
  return new Promise((r) =>
    child.once("exit", (code) => {
      clearTimeout(killer);
      r({ code, stdout, stderr });
    }),
  );
}

describe("npm start", () => {
  it("rejects a mistyped flag with a did-you-mean and the usage, exit 1, no stack", async () => {
    const { code, stdout, stderr } = await npmStart(["--prot", "4043"]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(`mock: unknown option --prot (did you mean --port?)\n${PRISM_USAGE}\n`);
  });

  it("prints the usage on --help and exits 0", async () => {
    const { code, stdout } = await npmStart(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toBe(`${PRISM_USAGE}\n`);
  });

  it("reports a taken port in one line naming the port and --port, exit 1, no stack", async () => {
    const holder = createServer().listen(0, "127.0.0.1");
    await once(holder, "listening");
    const { port } = holder.address() as { port: number };
    try {
      const { code, stderr } = await npmStart(["--port", String(port)]);
      expect(code).toBe(1);
      expect(stderr.trim().split("\n")).toHaveLength(1);
      expect(stderr).toContain(`port ${port}`);
      expect(stderr).toContain("--port");
      expect(stderr).not.toMatch(/\n\s+at |EADDRINUSE/);
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
