import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Time spent waiting for Platform during one server action, so the action can report what the
 * dashboard itself adds (a `Server-Timing` figure the benchmark reads).
 */
interface TimingStore {
  upstreamMs: number;
}

const storage = new AsyncLocalStorage<TimingStore>();

/** Runs `work` while counting the Platform time it spends. */
export async function measureUpstream<T>(
  work: () => Promise<T>,
): Promise<{ result: T; upstreamMs: number; totalMs: number }> {
  const store: TimingStore = { upstreamMs: 0 };
  const started = performance.now();
  const result = await storage.run(store, work);
  return { result, upstreamMs: store.upstreamMs, totalMs: performance.now() - started };
}

export function recordUpstreamTime(durationMs: number): void {
  const store = storage.getStore();
  if (store) store.upstreamMs += durationMs;
}
