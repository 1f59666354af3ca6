/** Test-only workflow: waits for its task to be completed (TASK_COMPLETED_SIGNAL) and returns the completion. */
import { condition, defineSignal, setHandler } from '@temporalio/workflow';
import { TASK_COMPLETED_SIGNAL, type TaskCompletion } from '../../../domain/tasks.js';

export const taskCompleted = defineSignal<[TaskCompletion]>(TASK_COMPLETED_SIGNAL);

export async function taskWaiter(): Promise<TaskCompletion> {
  let done: TaskCompletion | undefined;
  setHandler(taskCompleted, (c) => {
    done = c;
  });
  await condition(() => done !== undefined);
  return done as TaskCompletion;
}
