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
