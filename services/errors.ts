/**
 * Typed errors of the application layer (issue 16): each kind maps to one HTTP status in `app.onError` and to one
 * screen error. `issues` name the fields (dotted paths) of a validation error.
 */
import type { ValidationIssue } from '../domain/validation.js';

export type DomainErrorKind = 'not-found' | 'validation' | 'conflict' | 'forbidden';

export class DomainError extends Error {
  constructor(
    public readonly kind: DomainErrorKind,
    message: string,
    public readonly issues: readonly ValidationIssue[] = [],
    /** Extension members of the problem body (e.g. an import's per-row report). */
    public readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError('not-found', `${what} not found`);

export function invalid(
  issues: readonly ValidationIssue[],
  message = 'the request is not valid',
): DomainError {
  return new DomainError('validation', message, issues);
}

export function throwIfInvalid(issues: readonly ValidationIssue[]): void {
  if (issues.length > 0) throw invalid(issues);
}

/**
 * A municipality (ATVK code) that is not in the register: the one error for it, whoever meets it. Named in the path of
 * the request (a municipality's settings) it is `not-found` (404); named in a field of the body (`field`, e.g. the DMS
 * document's ATVK) it is a `validation` error (422) on that field.
 */
export class UnknownMunicipalityError extends DomainError {
  constructor(
    public readonly atvk: string,
    field?: string,
  ) {
    super(
      field === undefined ? 'not-found' : 'validation',
      field === undefined ? `no municipality ${atvk}` : 'unknown municipality',
      field === undefined ? [] : [{ path: field, message: 'not a known ATVK code' }],
    );
    this.name = 'UnknownMunicipalityError';
  }
}
