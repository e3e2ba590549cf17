// A loopback TCP proxy in front of PostgreSQL that a test can break: `stall()` keeps every
// connection open but forwards nothing (a half-open network), `stop()` closes the port and
// every connection (the database is gone), `start()` serves again on the same port.
import { createConnection, createServer, type Server, type Socket } from "node:net";

export interface TcpProxy {
  port: number;
  stall(): void;
  resume(): void;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  let stalled = false;
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;

  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  };

  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      server = createServer((client) => {
        track(client);
        const upstream = createConnection({ host: targetHost, port: targetPort });
        track(upstream);
        client.on("data", (chunk) => {
          if (!stalled) upstream.write(chunk);
        });
        upstream.on("data", (chunk) => {
          if (!stalled) client.write(chunk);
        });
        client.on("close", () => upstream.destroy());
        upstream.on("close", () => client.destroy());
      });
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => {
        port = (server!.address() as { port: number }).port;
        resolve();
      });
    });

  await listen();
  return {
    get port() {
      return port;
    },
    stall: () => {
      stalled = true;
    },
    resume: () => {
      stalled = false;
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server = undefined;
    },
    async start() {
      stalled = false;
      await listen();
    },
  };
}
