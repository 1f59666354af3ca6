/**
 * Latvian personal code (personas kods) validation.
 *
 * - Old format `DDMMYY-CNNNX`: a valid birth date DDMMYY; the 7th digit C gives the century
 *   (see PERSONAL_CODE_CENTURIES: 0 → 1800s, 1 → 1900s, 2 → 2000s); check digit
 *   X = (1101 − Σ dᵢ·wᵢ) mod 11 over the first ten digits with weights 1,6,3,7,9,10,5,8,4,2. A result of 10
 *   cannot be written as one digit, so no valid code has it.
 * - New format (issued since 1 July 2017) `32NNNN-NNNNN`: starts with 32, carries no date and no check-digit rule
 *   is applied beyond the format.
 *
 * Input may have the hyphen or not and surrounding spaces; the normalized form is `NNNNNN-NNNNN`.
 */
import type { IsoDate } from './calendar.js';
import { formatIsoDate, isBefore, isValidCalendarDate } from './calendar.js';

export type PersonalCodeFormat = 'old' | 'new';
export type PersonalCodeErrorReason = 'format' | 'date' | 'century' | 'check-digit' | 'future-birth-date';

export type PersonalCodeResult =
  | {
      readonly ok: true;
      readonly normalized: string;
      readonly format: PersonalCodeFormat;
      readonly birthDate: IsoDate | null;
    }
  | { readonly ok: false; readonly reason: PersonalCodeErrorReason; readonly message: string };

/** Weights of the first ten digits in the check-digit sum. */
export const PERSONAL_CODE_CHECK_WEIGHTS: readonly number[] = [1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** 7th digit of an old-format code → first year of the birth century. */
export const PERSONAL_CODE_CENTURIES: Readonly<Record<string, number>> = { '0': 1800, '1': 1900, '2': 2000 };
/** Prefix of new-format codes. */
export const NEW_FORMAT_PREFIX = '32';

const SHAPE = /^(\d{6})-?(\d{5})$/;

/** The check digit for the first ten digits of an old-format code, or null when the formula gives 10. */
export function personalCodeCheckDigit(firstTenDigits: string): number | null {
  if (!/^\d{10}$/.test(firstTenDigits)) throw new RangeError('expected exactly ten digits');
  let sum = 0;
  for (let i = 0; i < 10; i += 1) sum += Number(firstTenDigits[i]) * (PERSONAL_CODE_CHECK_WEIGHTS[i] ?? 0);
  const x = (((1101 - sum) % 11) + 11) % 11;
  return x === 10 ? null : x;
}

export interface PersonalCodeOptions {
  /** When given, an old-format code whose birth date is after this date is rejected. */
  readonly asOf?: IsoDate;
}

export function validatePersonalCode(input: string, options: PersonalCodeOptions = {}): PersonalCodeResult {
  const fail = (reason: PersonalCodeErrorReason, message: string): PersonalCodeResult => ({
    ok: false,
    reason,
    message,
  });
  const m = typeof input === 'string' ? SHAPE.exec(input.trim()) : null;
  if (!m || m[1] === undefined || m[2] === undefined) {
    return fail('format', 'expected 11 digits as DDMMYY-NNNNN (the hyphen is optional)');
  }
  const head = m[1];
  const tail = m[2];
  const normalized = `${head}-${tail}`;
  if (head.startsWith(NEW_FORMAT_PREFIX)) return { ok: true, normalized, format: 'new', birthDate: null };

  const centuryBase = PERSONAL_CODE_CENTURIES[tail.charAt(0)];
  if (centuryBase === undefined) return fail('century', `unknown century digit ${tail.charAt(0)}`);
  const day = Number(head.slice(0, 2));
  const month = Number(head.slice(2, 4));
  const year = centuryBase + Number(head.slice(4, 6));
  if (!isValidCalendarDate(year, month, day)) return fail('date', `${head} is not a valid date DDMMYY`);
  const birthDate = formatIsoDate({ year, month, day });
  const digits = head + tail;
  const expected = personalCodeCheckDigit(digits.slice(0, 10));
  if (expected === null || expected !== Number(digits.charAt(10))) {
    return fail('check-digit', 'the check digit does not match');
  }
  if (options.asOf !== undefined && isBefore(options.asOf, birthDate)) {
    return fail('future-birth-date', `birth date ${birthDate} is after ${options.asOf}`);
  }
  return { ok: true, normalized, format: 'old', birthDate };
}

/**
 * Masks a personal code for display and logs: the first six digits stay, the rest is starred
 * (`010185-12341` → `010185-*****`). Anything not shaped like a code is masked entirely.
 */
export function maskPersonalCode(input: string): string {
  const m = typeof input === 'string' ? SHAPE.exec(input.trim()) : null;
  return m && m[1] !== undefined ? `${m[1]}-*****` : '******-*****';
}

/** Spaces of any kind (incl. no-break and thin spaces) someone may type or paste inside a code. */
const TYPED_SPACES = /[\s\u00A0\u2000-\u200B\u202F\u205F\u3000]/g;
/** Hyphen look-alikes: hyphen, non-breaking hyphen, figure/en/em dashes, horizontal bar, minus, full-width forms. */
const TYPED_DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;

/**
 * A personal code as someone typed it (`150385 10008`, `150385–10008`, `15038510008`) in the normalised shape
 * `NNNNNN-NNNNN`, or null when the text is not shaped like one. Shape only: `validatePersonalCode` checks the rest.
 */
export function personalCodeShapeOf(typed: string): string | null {
  const compact = typed.replace(TYPED_SPACES, '').replace(TYPED_DASHES, '-');
  const m = SHAPE.exec(compact);
  return m && m[1] !== undefined && m[2] !== undefined ? `${m[1]}-${m[2]}` : null;
}
