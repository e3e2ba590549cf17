// The kit's one command-line style (packages/sandbox/src/cli/style.ts), shared by the mock, the sandbox,
// its bin and the validation proxy: flags read by parseArgs with "did you mean", values checked
// into one line each, listen failures said in words, the package's version.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { databaseUrl, httpUrl, integerInRange, listenFailure, parseCommandLine, portNumber, UsageError, versionLine } from "../../packages/sandbox/src/cli/style.ts";
import { DATABASE_URL_ENGINES } from "../../packages/sandbox/src/storage/open.ts";

const KINDS = DATABASE_URL_ENGINES.map((engine) => ({ title: engine.title, urlSchemes: engine.urlSchemes! }));
const postgresUrl = (text: string, source: string) => databaseUrl(text, source, KINDS);

const OPTIONS = { port: { type: "string" }, host: { type: "string" }, state: { type: "string" }, verbose: { type: "boolean" } } as const;

/** The UsageError a call throws: its message and whether the usage follows it. */
function usageError(call: () => unknown): { message: string; showUsage: boolean } {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return { message: (error as UsageError).message, showUsage: (error as UsageError).showUsage };
  }
  throw new Error("no UsageError thrown");
}

describe("parseCommandLine", () => {
  it("reads flags in both spellings, --help, --version and up to the allowed positionals", () => {
    expect(parseCommandLine(["--port", "1", "--host=::1", "--verbose"], OPTIONS).values).toEqual({ port: "1", host: "::1", verbose: true });
    expect(parseCommandLine(["-h"], OPTIONS).values).toEqual({ help: true });
    expect(parseCommandLine(["--version"], OPTIONS).values).toEqual({ version: true });
    expect(parseCommandLine(["http://x", "--port", "2"], OPTIONS, 1)).toEqual({ values: { port: "2" }, positionals: ["http://x"] });
  });

  it.each([
    [["--prot", "1"], 0, "unknown option --prot (did you mean --port?)"],
    [["--prot=1"], 0, "unknown option --prot (did you mean --port?)"],
    [["--stat", "x"], 0, "unknown option --stat (did you mean --state?)"],
    [["--verison"], 0, "unknown option --verison (did you mean --version?)"],
    [["--nothing-like-it"], 0, "unknown option --nothing-like-it"],
    [["-x"], 0, "unknown option -x"],
    [["--port"], 0, "--port needs a value"],
    [["--port", "--host", "h"], 0, "--port needs a value"],
    [["--help=yes"], 0, "--help takes no value"],
    [["4011"], 0, "unexpected argument 4011"],
    [["http://a", "http://b"], 1, "unexpected argument http://b"],
  ] as const)("%j: %s, then the usage", (argv, positionals, message) => {
    expect(usageError(() => parseCommandLine(argv, OPTIONS, positionals))).toEqual({ message, showUsage: true });
  });
});

describe("values", () => {
  it("reads a port number 0-65535 and names where a bad one came from", () => {
    expect(portNumber("0", "--port")).toBe(0);
    expect(portNumber("65535", "--port")).toBe(65535);
    for (const bad of ["65536", "-1", "80a", "", " 80", "1e3"]) {
      expect(usageError(() => portNumber(bad, "PRISM_PORT"))).toEqual({ message: `PRISM_PORT must be a port number 0-65535, got "${bad}"`, showUsage: false });
    }
  });

  it("reads a whole number within bounds", () => {
    expect(integerInRange("10", "--pool-size", 1, 1000)).toBe(10);
    for (const bad of ["0", "1001", "1.5", "ten"]) expect(usageError(() => integerInRange(bad, "--pool-size", 1, 1000)).message).toBe(`--pool-size must be 1-1000, got "${bad}"`);
  });

  it("takes only a postgres:// or postgresql:// URL as a database, never echoing the value", () => {
    expect(postgresUrl("postgres://u:p@127.0.0.1:5432/db", "DATABASE_URL")).toBe("postgres://u:p@127.0.0.1:5432/db");
    expect(postgresUrl("postgresql://127.0.0.1/db?sslmode=disable", "--database-url")).toBe("postgresql://127.0.0.1/db?sslmode=disable");
    expect(usageError(() => postgresUrl("not-a-url", "DATABASE_URL")).message).toBe(
      "DATABASE_URL is not a URL: give a postgres:// or postgresql:// URL, e.g. postgres://user@127.0.0.1:5432/sandbox",
    );
    for (const [url, scheme] of [["mysql://root:hunter2@127.0.0.1:3306/app", "mysql:"], ["http://hunter2@db/x", "http:"], ["sqlite:hunter2.db", "sqlite:"]]) {
      const { message } = usageError(() => postgresUrl(url!, "--database-url"));
      expect(message).toBe(`--database-url is a ${scheme}// URL: the sandbox needs PostgreSQL, a postgres:// or postgresql:// URL`);
      expect(message).not.toContain("hunter2");
    }
  });

  it("takes an http:// or https:// URL as a server, and says what a bare host lacks", () => {
    expect(httpUrl("https://api.staging.open.cx", "the upstream")).toBe("https://api.staging.open.cx");
    expect(httpUrl("http://127.0.0.1:4011/base", "the upstream")).toBe("http://127.0.0.1:4011/base");
    const cases = [
      ["localhost:4011", ' (did you mean http://localhost:4011?)'],
      ["127.0.0.1:4011", " (did you mean http://127.0.0.1:4011?)"],
      ["api.staging.open.cx", " (did you mean https://api.staging.open.cx?)"],
      ["ftp://files.example", ""],
      ["http://", ""],
    ] as const;
    for (const [text, hint] of cases) {
      expect(usageError(() => httpUrl(text, "the upstream")).message).toBe(`the upstream must be an http:// or https:// URL, got "${text}"${hint}`);
    }
  });
});

describe("listenFailure", () => {
  const errno = (code: string, syscall = "listen", hostname?: string) => Object.assign(new Error(`${syscall} ${code}: …`), { code, syscall, hostname });

  it("says a taken port in the one line a person needs", () => {
    expect(listenFailure(errno("EADDRINUSE"), "127.0.0.1", 4010).message).toBe("port 4010 on 127.0.0.1 is already in use: stop what holds it, or pass another with --port N");
  });

  it("says a privileged port and a host this machine does not have, and passes anything else on", () => {
    expect(listenFailure(errno("EACCES"), "127.0.0.1", 80).message).toBe("port 80 on 127.0.0.1 needs privileges this user lacks: pass a port above 1023 with --port N");
    expect(listenFailure(errno("EADDRNOTAVAIL"), "10.9.9.9", 4011).message).toBe("10.9.9.9 is not an address of this machine: pass --host 127.0.0.1 (or another address it has)");
    expect(listenFailure(errno("ENOTFOUND", "getaddrinfo", "sandbox.invalid"), "sandbox.invalid", 4011).message).toBe(
      "sandbox.invalid is not an address of this machine: pass --host 127.0.0.1 (or another address it has)",
    );
    // Not about listening: a database host that does not resolve, a connection refused, too many files.
    for (const other of [errno("ENOTFOUND", "getaddrinfo", "db.invalid"), errno("EADDRINUSE", "connect"), errno("EMFILE")]) {
      expect(listenFailure(other, "127.0.0.1", 1)).toBe(other);
    }
  });
});

describe("versionLine", () => {
  it("names the package and its version", () => {
    const { name, version } = JSON.parse(readFileSync(resolve(import.meta.dirname, "../../packages/sandbox/package.json"), "utf8")) as { name: string; version: string };
    expect(versionLine()).toBe(`${name} ${version}`);
  });
});
