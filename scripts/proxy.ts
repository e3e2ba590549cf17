// `npm run proxy -- <upstream-url> [--port N]`: Prism's validation proxy in front of any Partner
// API server (staging, the sandbox, your own build). Send your traffic to the printed address;
// requests are forwarded unchanged, and every response that breaks generated/openapi.json comes
// back as a 500 with Prism's `#VIOLATIONS` details (`--errors`), so drift is impossible to miss.
import { spawn } from "node:child_process";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const portAt = args.indexOf("--port");
const port = (portAt >= 0 ? args[portAt + 1] : process.env.PROXY_PORT) ?? "4012";
const upstream = args.find((a, i) => !a.startsWith("--") && i !== portAt + 1);

if (!upstream || !/^https?:\/\//.test(upstream)) {
  console.error("usage: npm run proxy -- <upstream-url> [--port N]   e.g. npm run proxy -- https://api.staging.open.cx");
  process.exit(2);
}

console.log(`Validating proxy: http://127.0.0.1:${port} -> ${upstream} (responses checked against generated/openapi.json)`);
const child = spawn(
  resolve(root, "node_modules/.bin/prism"),
  ["proxy", resolve(root, "generated/openapi.json"), upstream, "--errors", "-h", "127.0.0.1", "-p", port],
  { cwd: root, stdio: "inherit" },
);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
