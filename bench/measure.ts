/** Small measuring kit: throughput with a fixed concurrency, latency percentiles, and the one-line JSON report. */

export interface Throughput {
  ops: number;
  seconds: number;
  perSecond: number;
}

export async function throughput(
  op: (i: number) => Promise<void>,
  options: { total: number; concurrency: number; warmup?: number },
): Promise<Throughput> {
  for (let i = 0; i < (options.warmup ?? 0); i++) await op(-1 - i);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < options.total) {
        const i = next++;
        await op(i);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { ops: options.total, seconds, perSecond: options.total / seconds };
}

export async function latencies(
  op: (i: number) => Promise<void>,
  count: number,
  warmup = 20,
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await op(-1 - i);
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await op(i);
    samples.push(performance.now() - t);
  }
  return samples.sort((a, b) => a - b);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * One JSON line per scenario: the project's figure, the raw-infrastructure baseline measured in the same run, and
 * `ratio` = project / baseline for rates (higher is better, ≤ 1), baseline / project for times (≤ 1 too).
 */
export function report(entry: {
  scenario: string;
  unit: string;
  project: number;
  baseline: number;
  higherIsBetter: boolean;
  details?: Record<string, unknown>;
}): void {
  const ratio = entry.higherIsBetter ? entry.project / entry.baseline : entry.baseline / entry.project;
  console.log(
    JSON.stringify({
      scenario: entry.scenario,
      unit: entry.unit,
      project: round(entry.project),
      baseline: round(entry.baseline),
      ratio: round(ratio, 3),
      ...(entry.details ? { details: entry.details } : {}),
    }),
  );
}
