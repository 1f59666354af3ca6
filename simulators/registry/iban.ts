/** ISO 13616 IBAN check (mod 97), enough for Latvian LVkk BBBB NNNNNNNNNNNNN account numbers. */
export function isValidIban(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  return ibanRemainder(iban.slice(4) + iban.slice(0, 4)) === 1;
}

function ibanRemainder(rearranged: string): number {
  let remainder = 0;
  for (const ch of rearranged) {
    const value = /[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder;
}

/** Builds a valid Latvian IBAN from the 4-letter bank code and 13-character account part. */
export function makeLatvianIban(bankPrefix: string, account: string): string {
  const check = 98 - ibanRemainder(`${bankPrefix}${account}LV00`);
  return `LV${String(check).padStart(2, '0')}${bankPrefix}${account}`;
}
