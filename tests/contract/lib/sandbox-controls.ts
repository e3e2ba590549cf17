// The sandbox's own controls (CONTRACT_SANDBOX=1): forget everything, and move its clock so
// expiry and rate windows are checked without waiting on a wall clock.
import { target } from "./target.ts";

async function control(path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${target.baseUrl}${path}`, {
    method: "POST",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`sandbox control ${path} answered ${res.status}: ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : undefined;
}

export const resetSandbox = () => control("/_sandbox/reset");
export const advanceClock = (seconds: number) => control("/_sandbox/clock", { advance_seconds: seconds });

/** The sandbox's current time in epoch ms (moving the clock by 0 answers it). */
export async function sandboxNow(): Promise<number> {
  const { now } = (await advanceClock(0)) as { now: string };
  return Date.parse(now);
}
