/**
 * A rejected update reaches the caller as an ApplicationFailure of type SERVICE_UPDATE_REJECTED whose details are a
 * ServiceUpdateRejection (./contract.ts): the API and the screens read the code and the field issues from there.
 * Rejections happen in validators, so they leave no trace in the history: changing them is replay-safe.
 */
import { updateRejected } from '../update-rejection.js';
import { SERVICE_UPDATE_REJECTED } from './contract.js';
import { ServiceUpdateRejected } from './state.js';

function typed(err: unknown): unknown {
  if (!(err instanceof ServiceUpdateRejected)) return err;
  return updateRejected(SERVICE_UPDATE_REJECTED, err.rejection.issues);
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
