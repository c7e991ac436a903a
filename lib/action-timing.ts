import "server-only";
import { logger } from "@/lib/logger";
import { measureUpstream } from "@/lib/server-timing";

/**
 * Runs a server action body and logs how long the dashboard itself took, beside the time spent
 * waiting for Platform. The benchmark reads these lines (`msg: "action timing"`).
 */
export async function recordActionTiming<T>(action: string, work: () => Promise<T>): Promise<T> {
  const { result, upstreamMs, totalMs } = await measureUpstream(work);
  logger.info(
    {
      action,
      totalMs: Number(totalMs.toFixed(2)),
      upstreamMs: Number(upstreamMs.toFixed(2)),
      ownMs: Number((totalMs - upstreamMs).toFixed(2)),
    },
    "action timing",
  );
  return result;
}
