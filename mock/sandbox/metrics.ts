// Prometheus metrics (prom-client, on its own Registry, never the global one): requests by
// operation and status, latency by operation, and the storage pool's figures, read on scrape.
// prom-client takes ≈ 40–60 ms to load, so it is loaded after start (or on the first scrape), not
// on the start path; observations made before it is loaded are kept and replayed into it.
import type { SandboxStorage } from "./storage/types.ts";

type PromClient = typeof import("prom-client");
type Child = { inc(): void };
type HistogramChild = { observe(value: number): void };

/** Loaded this long after start, unless a scrape asks first. */
const LOAD_DELAY_MS = 1_000;
/** Bounds what waits for prom-client; beyond it (never in practice: about a second of traffic) observations are dropped. */
const MAX_PENDING = 200_000;
/** Upper bounds of the latency buckets, in seconds: sub-millisecond answers up to slow database round trips. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface SandboxMetrics {
  /** Per answer: cheap (a map lookup and two increments once prom-client is in). */
  observe(operation: string, status: number, milliseconds: number): void;
  /** The exposition text and its content type. */
  scrape(): Promise<{ contentType: string; text: string }>;
  stop(): void;
}

interface Loaded {
  counters: Map<string, Child>;
  latency: Map<string, HistogramChild>;
  record(operation: string, status: number, milliseconds: number): void;
  registry: InstanceType<PromClient["Registry"]>;
}

function build(prom: PromClient, storage: SandboxStorage): Loaded {
  const registry = new prom.Registry();
  const requests = new prom.Counter({
    name: "sandbox_requests_total",
    help: "Requests by operation (the operationId, of the Partner API or the sandbox document; none for other paths) and status.",
    labelNames: ["operation", "status"] as const,
    registers: [registry],
  });
  const duration = new prom.Histogram({
    name: "sandbox_request_duration_seconds",
    help: "Time to answer, by operation.",
    labelNames: ["operation"] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
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
  const counters = new Map<string, Child>();
  const latency = new Map<string, HistogramChild>();
  return {
    counters,
    latency,
    registry,
    record(operation, status, milliseconds) {
      const key = `${operation} ${status}`;
      let counter = counters.get(key);
      if (!counter) counters.set(key, (counter = requests.labels(operation, String(status))));
      counter.inc();
      let histogram = latency.get(operation);
      if (!histogram) latency.set(operation, (histogram = duration.labels(operation)));
      histogram.observe(milliseconds / 1000);
    },
  };
}

export function createMetrics(storage: SandboxStorage): SandboxMetrics {
  let loaded: Loaded | undefined;
  let pending: [string, number, number][] = [];
  let loading: Promise<Loaded> | undefined;
  const load = (): Promise<Loaded> =>
    (loading ??= import("prom-client").then((prom) => {
      loaded = build(prom, storage);
      for (const [operation, status, ms] of pending) loaded.record(operation, status, ms);
      pending = [];
      return loaded;
    }));
  const timer = setTimeout(() => void load().catch(() => {}), LOAD_DELAY_MS);
  timer.unref();
  return {
    observe(operation, status, milliseconds) {
      if (loaded) loaded.record(operation, status, milliseconds);
      else if (pending.length < MAX_PENDING) pending.push([operation, status, milliseconds]);
    },
    async scrape() {
      const { registry } = await load();
      return { contentType: registry.contentType, text: await registry.metrics() };
    },
    stop() {
      clearTimeout(timer);
    },
  };
}
