// The mock's readiness probe tells Prism from another server that took Prism's private port
// before Prism bound it (then startPrism retries on a new port): a bare TCP connect could not.
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { once } from "node:events";
import { afterAll, expect, it } from "vitest";
import { PortTakenError, waitUntilReady } from "../../mock/prism.ts";

const impostor = createServer((_req, res) => {
  res.writeHead(401, { "content-type": "application/json" }).end('{"statusCode":401,"message":"Invalid partner API key"}');
});
afterAll(() => impostor.close());

it("refuses a server that is not Prism on the private port, instead of calling it ready", async () => {
  impostor.listen(0, "127.0.0.1");
  await once(impostor, "listening");
  const { port } = impostor.address() as { port: number };
  const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 10000)"]); // stands for a Prism still starting
  try {
    await expect(waitUntilReady(port, child, "/partner/v1/orgs", 5000)).rejects.toBeInstanceOf(PortTakenError);
  } finally {
    child.kill();
  }
});
