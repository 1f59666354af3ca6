/**
 * Observable events in a workflow's history, so a test can assert "nothing happened yet" only after the workflow
 * has demonstrably seen the input, instead of sleeping a fixed real time.
 */
import type { Client } from '@temporalio/client';

/**
 * Resolves once the workflow has received at least `signals` signals and completed a workflow task after the last
 * of them: from then on its queries answer with the signal handled.
 */
export async function signalsHandled(
  client: Client,
  workflowId: string,
  signals = 1,
  ms = 30_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    const signalled = events.flatMap((e, i) => (e.workflowExecutionSignaledEventAttributes ? [i] : []));
    const last = signalled.at(-1);
    if (
      signalled.length >= signals &&
      last !== undefined &&
      events.slice(last + 1).some((e) => e.workflowTaskCompletedEventAttributes)
    )
      return;
    if (Date.now() > deadline)
      throw new Error(`${workflowId}: ${signalled.length} of ${signals} signals handled`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Resolves once an activity of the type has completed in the workflow's history. */
export async function activityCompleted(
  client: Client,
  workflowId: string,
  activityType: string,
  ms = 30_000,
) {
  const deadline = Date.now() + ms;
  for (;;) {
    const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    const scheduled = new Set(
      events
        .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === activityType)
        .map((e) => String(e.eventId)),
    );
    if (
      events.some(
        (e) =>
          e.activityTaskCompletedEventAttributes &&
          scheduled.has(String(e.activityTaskCompletedEventAttributes.scheduledEventId)),
      )
    )
      return;
    if (Date.now() > deadline) throw new Error(`${workflowId}: ${activityType} never completed`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
