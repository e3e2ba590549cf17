// autocannon ships no types; this wraps the few options and result fields we use.
import { createRequire } from "node:module";

export interface LoadOptions {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  connections?: number;
  /** Stop after this many requests (bounded, deterministic). */
  amount?: number;
  /** Or after this many seconds. */
  duration?: number;
  timeout?: number;
}

export interface LoadResult {
  errors: number;
  timeouts: number;
  non2xx: number;
  "2xx": number;
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
}

type Autocannon = (options: LoadOptions, done: (error: Error | null, result: LoadResult) => void) => unknown;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    autocannon({ connections: 10, timeout: 10, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}
