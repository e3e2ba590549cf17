// Prometheus metrics, exposed through prom-client on its own Registry (never the global one):
// requests by operation and status (a counter), latency by operation (a histogram), and the
// storage pool's figures (gauges read at each scrape).
//
// Counting is hand-written on purpose: prom-client's counter and histogram hash and validate the
// labels on every observation (≈ 1 µs a request here), and every API request pays it. Here an
// answer costs a map lookup and a few number writes; prom-client does the rest, at scrape time.
// prom-client itself (≈ 40–60 ms to load) is loaded on the first scrape, never on the start path.
import type { SandboxStorage } from "../storage/types/index.ts";

/** Upper bounds of the latency buckets, in seconds: sub-millisecond answers up to slow database round trips. */
export const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

const REQUESTS = "sandbox_requests_total";
const DURATION = "sandbox_request_duration_seconds";

export interface SandboxMetrics {
  /** Per answer: `operation` is an operationId (either document) or "none". */
  observe(operation: string, status: number, milliseconds: number): void;
  /** The exposition text and its content type. */
  scrape(): Promise<{ contentType: string; text: string }>;
}

interface OperationCounts {
  byStatus: Map<number, number>;
  /** Non-cumulative: buckets[i] counts answers in (bound[i-1], bound[i]]; the last slot is +Inf. */
  buckets: Float64Array;
  sum: number;
  count: number;
}

type Registry = InstanceType<(typeof import("prom-client"))["Registry"]>;

export function createMetrics(storage: SandboxStorage): SandboxMetrics {
  const counts = new Map<string, OperationCounts>();
  const bounds = LATENCY_BUCKETS.map((s) => s * 1000); // compared in ms, as measured

  const registry = async (): Promise<Registry> => {
    const prom = await import("prom-client");
    const registry = new prom.Registry();
    new prom.Counter({
      name: REQUESTS,
      help: "Requests by operation (the operationId, of the Partner API or the sandbox document; none for other paths) and status.",
      labelNames: ["operation", "status"] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const [operation, c] of counts) for (const [status, n] of c.byStatus) this.inc({ operation, status: String(status) }, n);
      },
    });
    // A histogram from the counts above, in prom-client's own metric shape (what its Histogram's get() returns).
    registry.registerMetric({
      name: DURATION,
      help: "Time to answer, in seconds, by operation.",
      type: "histogram",
      get: async () => {
        const values: { labels: Record<string, string | number>; value: number; metricName: string }[] = [];
        for (const [operation, c] of counts) {
          let cumulative = 0;
          LATENCY_BUCKETS.forEach((le, i) => {
            cumulative += c.buckets[i]!;
            values.push({ labels: { le, operation }, value: cumulative, metricName: `${DURATION}_bucket` });
          });
          values.push({ labels: { le: "+Inf", operation }, value: c.count, metricName: `${DURATION}_bucket` });
          values.push({ labels: { operation }, value: c.sum / 1000, metricName: `${DURATION}_sum` });
          values.push({ labels: { operation }, value: c.count, metricName: `${DURATION}_count` });
        }
        return { name: DURATION, help: "Time to answer, in seconds, by operation.", type: "histogram", values, aggregator: "sum" };
      },
    } as unknown as Parameters<Registry["registerMetric"]>[0]);
    if (storage.poolStats) {
      const stats = storage.poolStats.bind(storage);
      const gauge = (name: string, help: string, pick: (s: ReturnType<typeof stats>) => number) =>
        new prom.Gauge({
          name,
          help,
          registers: [registry],
          collect() {
            this.set(pick(stats()));
          },
        });
      gauge("sandbox_storage_pool_connections", "Connections in the storage pool.", (s) => s.total);
      gauge("sandbox_storage_pool_idle", "Idle connections in the storage pool.", (s) => s.idle);
      gauge("sandbox_storage_pool_waiting", "Queries waiting for a connection of the storage pool.", (s) => s.waiting);
    }
    return registry;
  };
  let loaded: Promise<Registry> | undefined;

  return {
    observe(operation, status, milliseconds) {
      let c = counts.get(operation);
      if (!c) counts.set(operation, (c = { byStatus: new Map(), buckets: new Float64Array(bounds.length + 1), sum: 0, count: 0 }));
      c.byStatus.set(status, (c.byStatus.get(status) ?? 0) + 1);
      let i = 0;
      while (i < bounds.length && milliseconds > bounds[i]!) i++;
      c.buckets[i]!++;
      c.sum += milliseconds;
      c.count++;
    },
    async scrape() {
      const reg = await (loaded ??= registry());
      return { contentType: reg.contentType, text: await reg.metrics() };
    },
  };
}
