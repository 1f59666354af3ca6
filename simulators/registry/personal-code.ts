/**
 * Latvian personal codes (personas kods). Old format DDMMYY-CNNNX: C is the century (0 → 1800s, 1 → 1900s,
 * 2 → 2000s) and X the check digit (1101 − Σ dᵢ·wᵢ) mod 11 over the first ten digits; a sum giving 10 is never
 * issued. New format (since July 2017) 32NNNN-NNNNN carries no birth date and no check digit.
 */
const WEIGHTS = [1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const OLD_FORMAT = /^(\d{2})(\d{2})(\d{2})-?([012])(\d{3})(\d)$/;
const NEW_FORMAT = /^32\d{4}-?\d{5}$/;

/** The check digit for the first ten digits, or null when the weighted sum yields 10 (never issued). */
export function personalCodeCheckDigit(firstTenDigits: string): number | null {
  if (!/^\d{10}$/.test(firstTenDigits)) throw new Error('expected ten digits');
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += Number(firstTenDigits[i]) * (WEIGHTS[i] ?? 0);
  const digit = (((1101 - sum) % 11) + 11) % 11;
  return digit === 10 ? null : digit;
}

/** The birth date an old-format code encodes (YYYY-MM-DD), or null for new-format or invalid codes. */
export function birthDateOfPersonalCode(code: string): string | null {
  const m = OLD_FORMAT.exec(code);
  if (!m) return null;
  const [, dd, mm, yy, century] = m as unknown as [string, string, string, string, string];
  const year = 1800 + Number(century) * 100 + Number(yy);
  const date = new Date(Date.UTC(year, Number(mm) - 1, Number(dd)));
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== Number(mm) - 1 ||
    date.getUTCDate() !== Number(dd)
  ) {
    return null;
  }
  return `${String(year).padStart(4, '0')}-${mm}-${dd}`;
}

export function isValidPersonalCode(code: string): boolean {
  if (NEW_FORMAT.test(code)) return true;
  const m = OLD_FORMAT.exec(code);
  if (!m || birthDateOfPersonalCode(code) === null) return false;
  const digits = code.replace('-', '');
  return personalCodeCheckDigit(digits.slice(0, 10)) === Number(digits[10]);
}

/** Builds a valid old-format code for a birth date and serial (0–999); null when that serial has no check digit. */
export function makePersonalCode(birthDate: string, serial: number): string | null {
  const [y, mm, dd] = birthDate.split('-') as [string, string, string];
  const century = Math.floor(Number(y) / 100) - 18;
  const ten = `${dd}${mm}${y.slice(2)}${century}${String(serial).padStart(3, '0')}`;
  const check = personalCodeCheckDigit(ten);
  return check === null ? null : `${ten.slice(0, 6)}-${ten.slice(6)}${check}`;
}
