/** Bench baseline: a minimal workflow that runs the same number of (no-op) activities as one means-test evaluation. */
import { proxyActivities } from '@temporalio/workflow';

const { benchNoop } = proxyActivities<{ benchNoop(i: number): Promise<number> }>({
  startToCloseTimeout: '1 minute',
});

export async function benchMeansTestBaseline(activities: number): Promise<number> {
  let sum = 0;
  for (let i = 0; i < activities; i++) sum += await benchNoop(i);
  return sum;
}
