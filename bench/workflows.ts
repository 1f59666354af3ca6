/** Minimal baseline workflows for the benchmarks (bundled only by the bench worker, never by the product's worker). */
import { condition, defineUpdate, proxyActivities, setHandler, sleep } from '@temporalio/workflow';

const { benchRecord } = proxyActivities<{ benchRecord(id: string): Promise<void> }>({
  startToCloseTimeout: '30 seconds',
});

/** A timer workflow that waits like a placement review waits for its due date. */
export async function benchLongTimer(): Promise<void> {
  await sleep('180 days');
}

/**
 * A deadline that is already due when the workflow starts, recorded by one activity: the raw cost of "a deadline is
 * found due and recorded" (a placement due today raises its overdue alert the same way, without waiting on a timer).
 */
export async function benchDueNow(id: string): Promise<void> {
  await benchRecord(id);
}

/** A decision update on a waiting workflow: the raw cost of "send an update, get the answer" (social-services). */
export const benchDecide = defineUpdate<string, [string]>('benchDecide');

export async function benchAwaitDecision(): Promise<string> {
  let decision: string | null = null;
  setHandler(benchDecide, (d) => {
    decision = d;
    return d;
  });
  await condition(() => decision !== null);
  return decision as unknown as string;
}
