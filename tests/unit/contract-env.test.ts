// The contract suite's environment, when it cannot describe a target: one line naming the
// variable and a non-zero exit, not vitest's "Unhandled Error" stack around the message.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ContractEnvError, targetFromEnv } from "../contract/lib/env.ts";

const root = resolve(import.meta.dirname, "../..");

describe("targetFromEnv", () => {
  it.each([
    [{ CONTRACT_BASE_URL: "https://api.staging.open.cx" }, "CONTRACT_BASE_URL is set but CONTRACT_API_KEY is not: every check needs the partner key"],
    [{ CONTRACT_BASE_URL: "localhost:4011", CONTRACT_API_KEY: "k" }, 'CONTRACT_BASE_URL must be an http:// or https:// URL, got "localhost:4011"'],
  ])("%j: %s", (env, message) => {
    expect(() => targetFromEnv(env, "run")).toThrow(new ContractEnvError(message));
  });
});

it("npm run test:contract with CONTRACT_BASE_URL and no CONTRACT_API_KEY: one line, exit 2, no stack", () => {
  // The environment of a person at a terminal: no vitest worker variables, no other CONTRACT_*.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(VITEST|CONTRACT_|TEST$|NODE_OPTIONS$)/.test(k)));
  const result = spawnSync(process.execPath, ["node_modules/vitest/vitest.mjs", "run", "--config", "vitest.contract.config.ts", "--project", "contract"], {
    cwd: root,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...env, CONTRACT_BASE_URL: "http://127.0.0.1:1", NO_COLOR: "1" },
  });
  expect(result.status).toBe(2);
  expect(result.stderr).toBe("contract: CONTRACT_BASE_URL is set but CONTRACT_API_KEY is not: every check needs the partner key\n");
  expect(result.stdout).not.toMatch(/Unhandled|\n\s+❯ /);
}, 60_000);
