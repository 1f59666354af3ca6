/**
 * A rejected update reaches the caller as an ApplicationFailure of type SERVICE_UPDATE_REJECTED whose details are a
 * ServiceUpdateRejection (./contract.ts): the API and the screens read the code and the field issues from there.
 * Rejections happen in validators, so they leave no trace in the history: changing them is replay-safe.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import { SERVICE_UPDATE_REJECTED } from './contract.js';
import { ServiceUpdateRejected } from './state.js';

function typed(err: unknown): unknown {
  if (!(err instanceof ServiceUpdateRejected)) return err;
  return ApplicationFailure.create({
    type: SERVICE_UPDATE_REJECTED,
    message: err.message,
    nonRetryable: true,
    details: [err.rejection],
  });
}

/** Runs a check of the state (ServiceState.check*); a rejection becomes the typed failure. */
export function checked<T>(check: (x: T) => void, x: T): void {
  try {
    check(x);
  } catch (err) {
    throw typed(err);
  }
}

/** An update validator from a check of the state. */
export function validator<T>(check: (x: T) => void): (x: T) => void {
  return (x) => checked(check, x);
}
