// Child of scripts/bench/quota.ts: one sandbox (memory engine) alone in this process, so its
// readings hold only the server and the partner's state. The parent sends the load and asks for
// readings over IPC; run with --expose-gc so each reading follows a full collection.
import { startSandbox } from "../../../packages/sandbox/src/index.ts";

const gc = (globalThis as { gc?: () => void }).gc;
const sandbox = await startSandbox({ port: 0, config: { partners: [{ id: "p", api_keys: [process.env.QUOTA_BENCH_KEY!], rate_limits: false }] } });
process.on("message", (message) => {
  if (message === "close") return void sandbox.close().then(() => process.exit(0));
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  process.send!({ rss: m.rss, heap: m.heapUsed, external: m.external });
});
process.send!({ url: sandbox.url });
