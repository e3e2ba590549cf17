// `npm run proxy`: the validation proxy in front of a server, tested as docs/contract-tests.md describes it —
// it listens on 127.0.0.1 only; forwards every request as it came (an invalid one too) and passes
// every answer back as it came; reports what breaks the document, on the request and on the
// response side, one `VIOLATION` line per problem on stdout and a count in X-Contract-Violations;
// answers 502 when the upstream does not answer; and survives any request line (a fuzz of broken
// percent-encodings, overlong paths, bad methods and random bytes) without crashing.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { networkInterfaces } from "node:os";
import { resolve } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../mock/free-port.ts";
import { startLocalSandbox, type LocalSandbox } from "../contract/setup/local-sandbox.ts";
import { buildFaults } from "./faults.ts";
import { startFaultyProxy, type FaultyProxy } from "./faulty-proxy.ts";

const root = resolve(import.meta.dirname, "../..");
const FUZZ_RUNS = 150;
const maxDepth = (JSON.parse(readFileSync(resolve(root, "generated/openapi.json"), "utf8")) as Record<string, unknown>)["x-request-body-max-depth"] as number;

interface Proxy {
  url: string;
  port: number;
  child: ChildProcess;
  output: () => string;
  exited: () => boolean;
}

/** `npm run proxy -- <upstream> --port 0`, as documented; resolves on its ready line. */
async function startProxy(upstream: string, portArgs = ["--port", "0"]): Promise<Proxy> {
  const child = spawn("npm", ["run", "--silent", "proxy", "--", upstream, ...portArgs], { cwd: root, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  let exited = false;
  child.on("exit", () => (exited = true));
  child.stderr!.on("data", (d) => (output += d));
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`npm run proxy printed no ready line within 30 s:\n${output}`)), 30_000);
    child.on("exit", () => {
      clearTimeout(timer);
      fail(new Error(`npm run proxy exited: ${output}`));
    });
    child.stdout!.on("data", (d) => {
      output += d;
      const match = /Validation proxy: (http:\/\/\S+) ->/.exec(output);
      if (match) {
        clearTimeout(timer);
        done(match[1]!);
      }
    });
  });
  return { url, port: Number(new URL(url).port), child, output: () => output, exited: () => exited };
}

/** The proxy's output once it matches (stdout arrives through a pipe, a little after the answer). */
async function outputMatching(proxy: Proxy, pattern: RegExp, since = 0): Promise<string> {
  for (let waited = 0; waited < 5_000 && !pattern.test(proxy.output().slice(since)); waited += 20) await new Promise((r) => setTimeout(r, 20));
  return proxy.output().slice(since);
}

// npm runs the script through a shell: stop the whole process group.
const stop = (proxy: Proxy) => {
  if (!proxy.exited()) process.kill(-proxy.child.pid!, "SIGTERM");
};

/** Sends raw bytes on a fresh connection; resolves with what came back (or "" on a reset). */
function raw(port: number, bytes: Buffer | string): Promise<string> {
  return new Promise((done) => {
    const socket = connect(port, "127.0.0.1");
    let answer = "";
    const finish = () => {
      socket.destroy();
      done(answer);
    };
    socket.setTimeout(5_000, finish);
    socket.on("data", (d) => (answer += d.toString("latin1")));
    socket.on("end", finish);
    socket.on("error", finish);
    socket.on("close", finish);
    socket.write(bytes);
  });
}

interface Recorded {
  method: string;
  url: string;
  rawHeaders: string[];
  body: string;
}

/** An upstream that records what reached it and answers a documented 400 (or X-Recorder-Status). */
async function startRecorder(): Promise<{ url: string; seen: Recorded[]; server: Server }> {
  const seen: Recorded[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    seen.push({ method: req.method!, url: req.url!, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks).toString("utf8") });
    const status = Number(req.headers["x-recorder-status"] ?? 400);
    res.writeHead(status, { "content-type": "application/json", "x-request-id": "req_recorded" });
    res.end(JSON.stringify({ statusCode: status, message: ["name must be longer than or equal to 1 characters"], error: "Bad Request" }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

describe("npm run proxy", () => {
  let sandbox: LocalSandbox;
  let faulty: FaultyProxy;
  let proxy: Proxy;
  const cleanups: (() => unknown)[] = [];

  beforeAll(async () => {
    sandbox = await startLocalSandbox();
    cleanups.push(() => sandbox.close());
    faulty = await startFaultyProxy(sandbox.url);
    cleanups.push(() => faulty.close());
    proxy = await startProxy(faulty.url);
    cleanups.push(() => stop(proxy));
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  const auth = () => ({ authorization: `Bearer ${sandbox.keys.primary}` });
  const violations = (since: number) => proxy.output().slice(since).split("\n").filter((l) => l.startsWith("VIOLATION"));

  it("listens on 127.0.0.1 only", async () => {
    expect(new URL(proxy.url).hostname).toBe("127.0.0.1");
    const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === "IPv4" && !i.internal);
    if (external) expect(await fetch(`http://${external.address}:${proxy.port}/`).then(() => "answered", () => "refused")).toBe("refused");
  });

  it("passes a conforming answer through and reports nothing", async () => {
    const since = proxy.output().length;
    const res = await fetch(`${proxy.url}/partner/v1/orgs`, { headers: auth() });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get("x-contract-violations")).toBeNull();
    expect(violations(since)).toEqual([]);
  });

  it("passes an answer that breaks the document back unchanged, and reports it (response side)", async () => {
    faulty.setFault(buildFaults(sandbox.keySets[0]!).find((f) => f.name === "missing required field (total)"));
    try {
      const since = proxy.output().length;
      const res = await fetch(`${proxy.url}/partner/v1/orgs`, { headers: auth() });
      const body = (await res.json()) as Record<string, unknown>;
      expect(res.status).toBe(200);
      expect(body).not.toHaveProperty("total");
      expect(Number(res.headers.get("x-contract-violations"))).toBeGreaterThan(0);
      const line = /^VIOLATION #\d+ listOrgs GET \/partner\/v1\/orgs response 200: body must have required property 'total'$/m;
      await outputMatching(proxy, line, since);
      expect(violations(since).join("\n")).toMatch(line);
    } finally {
      faulty.setFault(undefined);
    }
  });

  it("forwards an invalid request exactly as it came, adding nothing, and reports it (request side)", async () => {
    const recorder = await startRecorder();
    const own = await startProxy(recorder.url);
    try {
      const body = '{"name":"","externalId":"typo"}';
      const res = await fetch(`${own.url}/partner/v1/orgs?trace=1`, {
        method: "POST",
        headers: { authorization: "Bearer some-key", "content-type": "application/json", "x-custom": "kept" },
        body,
      });
      expect(res.status).toBe(400);
      expect(res.headers.get("x-request-id")).toBe("req_recorded");
      const [seen] = recorder.seen;
      expect(seen).toMatchObject({ method: "POST", url: "/partner/v1/orgs?trace=1", body });
      // What fetch sent, with only the hop-by-hop fields and Host (now the upstream's) changed.
      const names = seen!.rawHeaders.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase());
      const sent = ["authorization", "content-type", "x-custom", "accept", "accept-language", "sec-fetch-mode", "user-agent", "accept-encoding"];
      expect(names.filter((n) => !["host", "content-length", "connection"].includes(n)).sort()).toEqual(sent.sort());
      await outputMatching(own, /additional properties/);
      const lines = own.output().split("\n").filter((l) => l.startsWith("VIOLATION"));
      expect(lines.some((l) => /createOrg POST .* request: body\/name must NOT have fewer than 1 characters/.test(l))).toBe(true);
      expect(lines.some((l) => /request: body must NOT have additional properties/.test(l))).toBe(true);
      expect(Number(res.headers.get("x-contract-violations"))).toBe(lines.length);
    } finally {
      stop(own);
      recorder.server.close();
    }
  });

  it("listens on port 4012 unless told otherwise", async () => {
    // Only when 4012 is free here; when it is taken, the proxy must say so and exit.
    const free = await new Promise<boolean>((done) => {
      const probe = createServer();
      probe.once("error", () => done(false));
      probe.listen(4012, "127.0.0.1", () => probe.close(() => done(true)));
    });
    if (free) {
      const own = await startProxy(sandbox.url, []);
      stop(own);
      expect(own.url).toBe("http://127.0.0.1:4012");
    } else {
      await expect(startProxy(sandbox.url, [])).rejects.toThrow("proxy: port 4012 on 127.0.0.1 is already in use: stop what holds it, or pass another with --port N");
    }
  });

  it.for([
    ["no bearer key", { method: "GET", path: "/partner/v1/orgs", headers: {} }, /listOrgs GET \/partner\/v1\/orgs request: no bearer token in Authorization/],
    ["a query parameter off-schema", { method: "GET", path: "/partner/v1/orgs?limit=0", headers: { authorization: "Bearer k" } }, /listOrgs GET \/partner\/v1\/orgs\?limit=0 request: query parameter limit="0": must be >= 1/],
    ["the wrong Content-Type", { method: "POST", path: "/partner/v1/orgs", headers: { authorization: "Bearer k", "content-type": "text/plain" }, body: '{"name":"a"}' }, /createOrg POST \/partner\/v1\/orgs request: Content-Type "text\/plain", documented application\/json/],
    ["malformed JSON", { method: "POST", path: "/partner/v1/orgs", headers: { authorization: "Bearer k", "content-type": "application/json" }, body: '{"name' }, /createOrg POST \/partner\/v1\/orgs request: body is not JSON/],
    [
      "a body nested deeper than x-request-body-max-depth",
      { method: "POST", path: "/partner/v1/orgs", headers: { authorization: "Bearer k", "content-type": "application/json" }, body: `{"name":"a","x":${"[".repeat(10_000)}${"]".repeat(10_000)}}` },
      new RegExp(`createOrg POST /partner/v1/orgs request: body nests arrays and objects more than ${maxDepth} levels deep \\(x-request-body-max-depth\\)`),
    ],
    ["a path that is no operation", { method: "GET", path: "/partner/v1/nope", headers: {} }, /- GET \/partner\/v1\/nope request: GET \/partner\/v1\/nope is not an operation of the document/],
    ["an undocumented status", { method: "GET", path: "/partner/v1/orgs", headers: { authorization: "Bearer k", "x-recorder-status": "418" } }, /listOrgs GET \/partner\/v1\/orgs response 418: listOrgs: status 418 is not documented/],
  ] as const)("reports %s", async ([, request, line]) => {
    const recorder = await startRecorder();
    const own = await startProxy(recorder.url);
    try {
      const res = await fetch(`${own.url}${request.path}`, { method: request.method, headers: request.headers, body: "body" in request ? request.body : undefined });
      expect(Number(res.headers.get("x-contract-violations"))).toBeGreaterThan(0);
      expect(recorder.seen).toHaveLength(1);
      const expected = new RegExp(`^VIOLATION #1 ${line.source}`, "m");
      expect(await outputMatching(own, expected)).toMatch(expected);
    } finally {
      stop(own);
      recorder.server.close();
    }
  });

  it("answers 502 with an ErrorResponse when the upstream does not answer", async () => {
    const own = await startProxy(`http://127.0.0.1:${await freePort()}`);
    try {
      const res = await fetch(`${own.url}/partner/v1/orgs`, { headers: { authorization: "Bearer k" } });
      expect(res.status).toBe(502);
      expect(await res.json()).toMatchObject({ statusCode: 502, error: "Bad Gateway" });
      const line = /^UPSTREAM #1 GET \/partner\/v1\/orgs not forwarded: /m;
      expect(await outputMatching(own, line)).toMatch(line);
    } finally {
      stop(own);
    }
  });

  it("forwards a broken percent-encoding and reports it", async () => {
    const since = proxy.output().length;
    const answer = await raw(proxy.port, `GET /partner/v1/orgs/by-external-id/%E0%A4%A HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${sandbox.keys.primary}\r\nConnection: close\r\n\r\n`);
    // The sandbox's own answer to it, passed back.
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    const line = /getOrgByExternalId GET \/partner\/v1\/orgs\/by-external-id\/%E0%A4%A request: path parameter externalId is not valid percent-encoding/;
    await outputMatching(proxy, line, since);
    expect(violations(since).join("\n")).toMatch(line);
  });

  it(`survives a fuzz of ${FUZZ_RUNS} hostile request lines without crashing, and still answers`, async () => {
    const fixed = [
      "GET /partner/v1/orgs/by-external-id/%E0%A4%A HTTP/1.1",
      "GET /partner/v1/orgs/%ZZ/api-keys HTTP/1.1",
      "POST /partner/v1/orgs/%/login-links HTTP/1.1",
      "GET /partner/v1/orgs?limit=%E0%A4%A&offset=% HTTP/1.1",
      `GET /${"a".repeat(100_000)} HTTP/1.1`,
      `GET /partner/v1/orgs/by-external-id/${"%41".repeat(30_000)} HTTP/1.1`,
      "FOO /partner/v1/orgs HTTP/1.1",
      "G ET / HTTP/1.1",
      "GET",
      "\u0000\u0001\u0002",
      "GET / HTTP/9.9",
      "DELETE /partner/v1/orgs HTTP/1.1",
      "OPTIONS * HTTP/1.1",
      "CONNECT 127.0.0.1:1 HTTP/1.1",
    ];
    const methods = fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "FOO", "", "G\u0000T", "get");
    const percent = fc.constantFrom("%", "%0", "%E0%A4%A", "%ZZ", "%C0%AF", "%00", "%FF%FE", "%2F", "%25");
    const segment = fc.oneof(fc.string({ maxLength: 20 }), percent, fc.constantFrom("partner", "v1", "orgs", "by-external-id", "api-keys", "login-links", "..", "."));
    const line = fc.tuple(methods, fc.array(segment, { maxLength: 8 }), fc.constantFrom(" HTTP/1.1", " HTTP/1.0", "", " HTTP/2", " http/1.1 x")).map(([m, segs, v]) => `${m} /${segs.join("/")}${v}`);
    const generated = fc.sample(line, FUZZ_RUNS - fixed.length);
    let answered = 0;
    // Node's parser refuses what it cannot read, on the socket: 400, or 431 past its 16 KiB.
    expect(await raw(proxy.port, `FOO /partner/v1/orgs HTTP/1.1\r\nHost: x\r\n\r\n`)).toMatch(/^HTTP\/1\.1 400 /);
    expect(await raw(proxy.port, `GET /${"a".repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`)).toMatch(/^HTTP\/1\.1 431 /);
    for (const requestLine of [...fixed, ...generated]) {
      const reply = await raw(proxy.port, Buffer.from(`${requestLine}\r\nHost: x\r\nAuthorization: Bearer ${sandbox.keys.primary}\r\nConnection: close\r\n\r\n`, "utf8"));
      if (reply.startsWith("HTTP/1.1 ")) answered++;
      expect(proxy.exited(), `the proxy exited after ${JSON.stringify(requestLine.slice(0, 200))}:\n${proxy.output().slice(-2000)}`).toBe(false);
    }
    console.log(`[proxy fuzz] ${fixed.length + generated.length} request lines, ${answered} answered with a status line, 0 crashes`);
    const res = await fetch(`${proxy.url}/partner/v1/orgs`, { headers: auth() });
    expect(res.status).toBe(200);
  });
});
