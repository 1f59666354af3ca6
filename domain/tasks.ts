/**
 * Tasks shared by every process: their states and the signal a waiting workflow receives when its task is
 * completed. Workflows define the signal with `defineSignal<[TaskCompletion]>(TASK_COMPLETED_SIGNAL)`.
 */
export const TASK_STATES = ['open', 'claimed', 'completed'] as const;
export type TaskState = (typeof TASK_STATES)[number];

/**
 * `organisation`: an organisation's HR (specialists register, issue 19), `source` = `specialist-organisation:<id>`;
 * `ministry`: the Ministry of Welfare's officials (complaints about state-funded services, issue 21).
 */
export const TASK_QUEUES_OF_PEOPLE = ['municipality', 'admin', 'organisation', 'ministry'] as const;
export type TaskQueueOfPeople = (typeof TASK_QUEUES_OF_PEOPLE)[number];

export const TASK_COMPLETED_SIGNAL = 'taskCompleted';

export interface TaskCompletion {
  taskId: string;
  outcome: string;
  completedBy: string;
  completedAt: string;
}

/** A task may be claimed while open (or re-claimed by its own assignee); completed by its assignee or, unclaimed, by anyone in scope. */
export function canClaim(task: { state: string; assignee?: string | null }, username: string): boolean {
  return task.state === 'open' || (task.state === 'claimed' && task.assignee === username);
}

export function canComplete(task: { state: string; assignee?: string | null }, username: string): boolean {
  if (task.state === 'completed') return false;
  return !task.assignee || task.assignee === username;
}
