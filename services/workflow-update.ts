/**
 * Running a command as a workflow update (issue 15/16): the workflow's validator refuses with a typed rejection,
 * `invalid` with the fields' issues (422) or `state` when it does not accept the update now (409); a workflow that is
 * gone refuses too (409). Every refusal is audited by the caller's `denied` before it is reported.
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { ValidationIssue } from '../domain/validation.js';
import { DomainError } from './errors.js';

/** The typed rejection a workflow's contract reads from the failure (`…UpdateRejectionOf`). */
type Rejection = { code: 'state' | 'invalid'; issues: ValidationIssue[] } | null;

/** A refused update: `validation` names the fields, `conflict` is the state (with the workflow's own explanation). */
export class UpdateRefused extends DomainError {
  constructor(
    kind: 'validation' | 'conflict',
    message: string,
    issues: readonly ValidationIssue[],
    /** Why the state refuses, as the workflow put it (shown on the screens). */
    public readonly stateMessage: string,
  ) {
    super(kind, message, issues);
    this.name = 'UpdateRefused';
  }
}

export async function runWorkflowUpdate(options: {
  send: () => Promise<unknown>;
  rejectionOf: (cause: unknown) => Rejection;
  denied: () => Promise<unknown>;
  /** The message when the failure carries none. */
  fallback: string;
}): Promise<void> {
  try {
    await options.send();
  } catch (err) {
    if (!(err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError)) throw err;
    await options.denied();
    const cause = err instanceof WorkflowUpdateFailedError ? err.cause : err;
    const message = cause instanceof Error ? cause.message : options.fallback;
    const rejection = options.rejectionOf(cause);
    const stateMessage = rejection?.issues.find((e) => e.path === 'state')?.message ?? message;
    if (rejection?.code === 'invalid') {
      throw new UpdateRefused('validation', message, rejection.issues, stateMessage);
    }
    throw new UpdateRefused('conflict', message, [], stateMessage);
  }
}
