/** Every task queue name in one place. Workers and clients import these, never literals. */
export const TASK_QUEUES = {
  /** Case-file processes: registry checks, means tests, services, placements, adoption, DMS intake. */
  caseProcesses: 'digisoc-case-processes',
} as const;

export type TaskQueue = (typeof TASK_QUEUES)[keyof typeof TASK_QUEUES];

export function taskQueue(name: keyof typeof TASK_QUEUES, prefix = 'digisoc'): string {
  return TASK_QUEUES[name].replace(/^digisoc/, prefix);
}
