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

/** A lone (unpaired) UTF-16 surrogate: not a character, cannot be stored as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/**
 * Invisible format characters refused in names: zero-width space/joiners and direction marks (U+200B–U+200F),
 * bidirectional embeddings and overrides (U+202A–U+202E), word joiner and invisible operators / isolates
 * (U+2060–U+2069), and the byte-order mark / zero-width no-break space (U+FEFF). They make two names that look the
 * same compare different, or reorder how a name is shown.
 */
const INVISIBLE_FORMAT = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/;

export type TextRefusal = 'nul' | 'lone-surrogate' | 'invisible-format';

export const TEXT_REFUSAL_MESSAGES: Readonly<Record<TextRefusal, string>> = {
  nul: 'must not contain the NUL character (U+0000)',
  'lone-surrogate': 'must not contain an unpaired surrogate (not valid Unicode text)',
  'invisible-format':
    'must not contain invisible format characters (U+200B–U+200F, U+202A–U+202E, U+2060–U+2069, U+FEFF)',
};

/** Why any text input is refused (NUL, lone surrogates), or null. Applies to every string the API accepts. */
export function textRefusal(value: string): TextRefusal | null {
  if (value.includes('\u0000')) return 'nul';
  if (LONE_SURROGATE.test(value)) return 'lone-surrogate';
  return null;
}

export type NameCheck = { ok: true; value: string } | { ok: false; reason: TextRefusal; message: string };

/**
 * The rule for a person's name and other human text: normalise to Unicode NFC first (decomposed input such as
 * `e` + U+0304 becomes `ē`), then refuse NUL, lone surrogates and the invisible format characters above.
 */
export function checkName(input: string): NameCheck {
  const value = input.normalize('NFC');
  const reason = textRefusal(value) ?? (INVISIBLE_FORMAT.test(value) ? 'invisible-format' : null);
  return reason ? { ok: false, reason, message: TEXT_REFUSAL_MESSAGES[reason] } : { ok: true, value };
}
