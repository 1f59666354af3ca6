/**
 * Validation errors raised by domain rules. Each issue names the field (a dotted/indexed path such as
 * `members[1].monthlyIncomeEur`) so the API can answer 422 naming it.
 */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

export class DomainValidationError extends Error {
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join('; ') || 'invalid input');
    this.name = 'DomainValidationError';
    this.issues = issues;
  }
}

/** Throws a DomainValidationError when there is at least one issue. */
export function throwIfIssues(issues: readonly ValidationIssue[]): void {
  if (issues.length > 0) throw new DomainValidationError(issues);
}
