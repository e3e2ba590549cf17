// A raw socket that records every byte the server sends and when it closed, for tests that
// must see exactly what was (or was not) written: `100 Continue`, an unrequested 408.
import { connect, type Socket } from "node:net";

export interface RecordingSocket {
  socket: Socket;
  received(): string;
  /** Resolves once the received text matches, rejects on close or after `ms`. */
  waitFor(pattern: RegExp, ms?: number): Promise<string>;
  closed: Promise<void>;
  isClosed(): boolean;
}

export async function openSocket(url: string): Promise<RecordingSocket> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname.replace(/^\[|\]$/g, ""));
  let text = "";
  let closedFlag = false;
  const listeners = new Set<() => void>();
  socket.on("data", (c: Buffer) => {
    text += c.toString("utf8");
    for (const l of listeners) l();
  });
  socket.on("error", () => {});
  const closed = new Promise<void>((resolve) =>
    socket.once("close", () => {
      closedFlag = true;
      for (const l of listeners) l();
      resolve();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("error", reject);
  });
  return {
    socket,
    received: () => text,
    closed,
    isClosed: () => closedFlag,
    waitFor: (pattern, ms = 10_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (pattern.test(text)) return done(() => resolve(text));
          if (closedFlag) done(() => reject(new Error(`closed before ${pattern}; received ${JSON.stringify(text.slice(0, 300))}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`no ${pattern} within ${ms} ms; received ${JSON.stringify(text.slice(0, 300))}`))), ms);
        const done = (settle: () => void): void => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      }),
  };
}

/** Status, headers and JSON body of the last response in `text`. */
export function lastResponse(text: string): { status: number; headers: Record<string, string>; body: any } {
  const start = text.lastIndexOf("HTTP/1.1 ");
  const chunk = text.slice(start);
  const split = chunk.indexOf("\r\n\r\n");
  const lines = chunk.slice(0, split).split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const i = line.indexOf(":");
    headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  const raw = chunk.slice(split + 4);
  return { status: Number(lines[0]!.split(" ")[1]), headers, body: raw ? JSON.parse(raw) : undefined };
}
