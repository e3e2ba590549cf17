// The contract suite against the Prism mock (CONTRACT_STATEFUL=0: conformance checks only):
// starts Prism on a free port, runs `vitest --project contract` with CONTRACT_BASE_URL pointing
// at it, stops Prism, exits with vitest's code. Extra arguments go to vitest (reporters, files).
import { spawn } from "node:child_process";
import { startPrism } from "../mock/prism.ts";

const prism = await startPrism();
const code = await new Promise<number>((resolve) => {
  const child = spawn("npx", ["vitest", "run", "--config", "vitest.contract.config.ts", "--project", "contract", ...process.argv.slice(2)], {
    stdio: "inherit",
    env: {
      ...process.env,
      CONTRACT_BASE_URL: prism.url,
      // Prism accepts any bearer token; the name only shows which check used which key.
      CONTRACT_API_KEY: "prism-accepts-any-bearer-token",
      CONTRACT_STATEFUL: "0",
      CONTRACT_SANDBOX: "0",
      CONTRACT_RATE_LIMITS: "0",
    },
  });
  child.on("exit", (c, signal) => resolve(c ?? (signal ? 1 : 0)));
});
await prism.close();
process.exit(code);
