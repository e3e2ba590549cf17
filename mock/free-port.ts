// A free loopback port, for servers that cannot listen on port 0 themselves (Prism, a CLI
// started by a test). There is a small window before the caller binds it; tests accept that.
import { createServer } from "node:net";

export async function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once("error", rej);
    srv.listen(0, host, () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });
}
