// `npm run proxy -- <upstream-url> [--port N]`: a validation proxy in front of any Partner API
// server (staging, the sandbox, your own build), listening on 127.0.0.1 only. Send your traffic
// to the printed address: every request is forwarded as it came and every answer comes back as
// it came; what breaks generated/openapi.json, on either side, is printed one line per problem
// (`VIOLATION #<n> <operationId> <method> <url> request|response …`) and counted in the answer's
// `X-Contract-Violations` header. See scripts/proxy/validating-proxy.ts. Flags, messages, exit
// status and signals: the kit's one command-line style (packages/sandbox/src/cli/style.ts).
import { fileURLToPath } from "node:url";
import { httpUrl, listenFailure, portNumber, runCommand, UsageError } from "../packages/sandbox/src/cli/style.ts";
import { startValidatingProxy } from "./proxy/validating-proxy.ts";

const USAGE = "usage: npm run proxy -- <upstream-url> [--port 4012]   (env PROXY_PORT)   e.g. npm run proxy -- https://api.staging.open.cx";
const DEFAULT_PORT = 4012;
const HOST = "127.0.0.1";

await runCommand({ name: "proxy", usage: USAGE, options: { port: { type: "string" } }, positionals: 1, packageJson: fileURLToPath(new URL("../package.json", import.meta.url)) }, async ({ values, positionals }) => {
  const [given] = positionals;
  if (given === undefined) throw new UsageError("give the URL of the server to check, e.g. https://api.staging.open.cx or http://127.0.0.1:4011", true);
  const upstream = httpUrl(given, "the upstream");
  const port = values.port !== undefined ? portNumber(values.port, "--port") : process.env.PROXY_PORT !== undefined ? portNumber(process.env.PROXY_PORT, "PROXY_PORT") : DEFAULT_PORT;
  const proxy = await startValidatingProxy({ upstream, port, log: (line) => console.log(line) }).catch((error: unknown) => {
    throw listenFailure(error, HOST, port);
  });
  console.log(`Validation proxy: ${proxy.url} -> ${upstream} (requests and answers checked against generated/openapi.json). Ctrl-C stops it.`);
  return proxy;
});
