// A request provably in flight when a signal arrives: headers sent with `Expect: 100-continue`
// (the server's `100 Continue` says it has them), half the body, then the rest on demand.
import { connect } from "node:net";

export interface InFlight {
  /** Sends the rest of the body; resolves with everything the server wrote. */
  finish(): Promise<string>;
}

export async function requestInFlight(url: string, key: string, body: string): Promise<InFlight> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise((r) => socket.once("connect", r));
  let answer = "";
  socket.on("data", (c: Buffer) => (answer += c));
  const closed = new Promise((r) => socket.once("close", r));
  socket.write(
    `POST /partner/v1/orgs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\nExpect: 100-continue\r\n\r\n`,
  );
  for (let i = 0; i < 1000 && !answer.includes("100 Continue"); i++) await new Promise((r) => setTimeout(r, 5));
  socket.write(body.slice(0, 5));
  return {
    async finish() {
      socket.write(body.slice(5));
      await closed;
      return answer;
    },
  };
}
