// The sandbox's own controls (CONTRACT_SANDBOX=1): forget a partner's data, and move its clock so
// expiry and rate windows are checked without waiting on a wall clock. Per the sandbox document they act on
// the partner whose key they carry, so every call sends one (the primary key unless told).
import type { KeyName } from "./env.ts";
import { target } from "./target.ts";

export interface ControlAnswer {
  status: number;
  text: string;
}

/** One control request; `key` null sends no Authorization header (to probe that one is needed). */
export async function sendControl(path: string, key: KeyName | null, body?: unknown): Promise<ControlAnswer> {
  const headers: Record<string, string> = body === undefined ? {} : { "content-type": "application/json" };
  if (key !== null) {
    const value = target.keys[key];
    if (!value) throw new Error(`sandbox control ${path} needs the ${key} key`);
    headers.authorization = `Bearer ${value}`;
  }
  const res = await fetch(`${target.baseUrl}${path}`, {
    method: "POST",
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, text: await res.text() };
}

async function control(path: string, key: KeyName, body?: unknown): Promise<unknown> {
  const { status, text } = await sendControl(path, key, body);
  if (status < 200 || status > 299) throw new Error(`sandbox control ${path} answered ${status}: ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : undefined;
}

export const resetSandbox = (key: KeyName = "primary") => control("/_sandbox/reset", key);
export const advanceClock = (seconds: number, key: KeyName = "primary") => control("/_sandbox/clock", key, { advance_seconds: seconds });

/** The sandbox's current time in epoch ms (moving the clock by 0 answers it). */
export async function sandboxNow(key: KeyName = "primary"): Promise<number> {
  const { now } = (await advanceClock(0, key)) as { now: string };
  return Date.parse(now);
}
