// `npm run proxy -- <upstream-url> [--port N]`: a validation proxy in front of any Partner API
// server (staging, the sandbox, your own build), listening on 127.0.0.1 only. Send your traffic
// to the printed address: every request is forwarded as it came and every answer comes back as
// it came; what breaks generated/openapi.json, on either side, is printed one line per problem
// (`VIOLATION #<n> <operationId> <method> <url> request|response …`) and counted in the answer's
// `X-Contract-Violations` header. See scripts/proxy/validating-proxy.ts.
import { startValidatingProxy } from "./proxy/validating-proxy.ts";

const args = process.argv.slice(2);
const portAt = args.indexOf("--port");
const portText = (portAt >= 0 ? args[portAt + 1] : process.env.PROXY_PORT) ?? "4012";
const upstream = args.find((a, i) => !a.startsWith("--") && (portAt < 0 || i !== portAt + 1));
const port = Number(portText);

if (!upstream || !/^https?:\/\/[^/]/.test(upstream) || !Number.isInteger(port) || port < 0 || port > 65535) {
  console.error("usage: npm run proxy -- <upstream-url> [--port N]   e.g. npm run proxy -- https://api.staging.open.cx");
  process.exit(2);
}

const proxy = await startValidatingProxy({ upstream, port, log: (line) => console.log(line) }).catch((error: NodeJS.ErrnoException) => {
  console.error(`npm run proxy: cannot listen on 127.0.0.1:${port} (${error.code ?? error.message})`);
  process.exit(1);
});
console.log(`Validation proxy: ${proxy.url} -> ${upstream} (requests and answers checked against generated/openapi.json)`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void proxy.close().then(() => process.exit(0));
  });
}
