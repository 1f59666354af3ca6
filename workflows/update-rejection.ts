/**
 * A rejected workflow update (issue 15): an ApplicationFailure of the workflow's rejection type whose first detail is
 * an UpdateRejection — `state` when the workflow does not accept the update now (the API answers 409), `invalid`
 * with one issue per field path (422). Callers read the details, never the message. Rejections happen in
 * validators, so they leave no trace in the history: changing them is replay-safe.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import type { ValidationIssue } from '../domain/validation.js';

export interface UpdateRejection {
  code: 'state' | 'invalid';
  issues: ValidationIssue[];
}

/** The failure to throw: the message keeps the "path: message; …" form; `state` when an issue is about the state. */
export function updateRejected(type: string, issues: readonly ValidationIssue[]): ApplicationFailure {
  const list = issues.map((i) => ({ path: i.path, message: i.message }));
  const rejection: UpdateRejection = {
    code: list.some((i) => i.path === 'state') ? 'state' : 'invalid',
    issues: list,
  };
  return ApplicationFailure.create({
    type,
    message: list.map((i) => `${i.path}: ${i.message}`).join('; '),
    nonRetryable: true,
    details: [rejection],
  });
}

/** The typed details of a rejected update of `type` (WorkflowUpdateFailedError.cause); null for any other failure. */
export function updateRejectionOf(cause: unknown, type: string): UpdateRejection | null {
  if (!(cause instanceof ApplicationFailure) || cause.type !== type) return null;
  const details = cause.details?.[0] as Partial<UpdateRejection> | undefined;
  if (
    !details ||
    (details.code !== 'state' && details.code !== 'invalid') ||
    !Array.isArray(details.issues)
  ) {
    return null;
  }
  const issues = details.issues.filter(
    (i): i is ValidationIssue => typeof i?.path === 'string' && typeof i.message === 'string',
  );
  return { code: details.code, issues };
}
