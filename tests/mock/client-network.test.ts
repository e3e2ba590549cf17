// The client over real sockets with the global fetch (no injected fetch): what reaches a server,
// and how a refused connection is retried.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPartnerClient, PartnerConnectionError, PartnerTimeoutError } from "../../packages/client/src/index.ts";
import { freePort } from "../../mock/free-port.ts";

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

let server: Server;
let baseUrl: string;
const seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      if (req.url?.startsWith("/slow")) return; // never answers: the client's timeout must fire
      res.writeHead(201, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ api_key_id: "5e0f3a2b-7c4d-4e1f-8a9b-0c1d2e3f4a5b", api_key: "org-key" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("over the wire", () => {
  it("sends method, path, auth, user agent, extra headers and the JSON body", async () => {
    seen.length = 0;
    const client = createPartnerClient({ apiKey: "pk_wire", baseUrl, userAgent: "wire-test/1", headers: { "X-Global": "g" } });
    const key = await client.createOrgApiKey("a1b2c3d4-e5f6-7890-abcd-ef1234567890", { name: "Production" }, { headers: { "X-Call": "c" } });
    expect(key.api_key).toBe("org-key");
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      method: "POST",
      url: "/partner/v1/orgs/a1b2c3d4-e5f6-7890-abcd-ef1234567890/api-keys",
      body: '{"name":"Production"}',
      headers: {
        authorization: "Bearer pk_wire",
        "content-type": "application/json",
        "user-agent": "wire-test/1",
        "x-global": "g",
        "x-call": "c",
      },
    });
  });

  it("times out a request the server never answers", async () => {
    const client = createPartnerClient({ apiKey: "k", baseUrl: `${baseUrl}/slow`, timeoutMs: 200, maxRetries: 0 });
    await expect(client.createOrg({ name: "Acme" })).rejects.toBeInstanceOf(PartnerTimeoutError);
  });
});

describe("a refused connection", () => {
  it("is retried even for a POST (nothing was sent), then reported as a PartnerConnectionError", async () => {
    const closedPort = await freePort();
    let attempts = 0;
    const client = createPartnerClient({
      apiKey: "k",
      baseUrl: `http://127.0.0.1:${closedPort}`,
      maxRetries: 2,
      random: () => 0, // no wait between attempts
      fetch: (request) => {
        attempts++;
        return fetch(request);
      },
    });
    const error = await client.createLoginLink("a1b2c3d4-e5f6-7890-abcd-ef1234567890", { email: "a@b.co" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartnerConnectionError);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    expect(attempts).toBe(3);
  });
});
