import { describe, expect, it } from '@jest/globals';
import { maskPersonalCode, validatePersonalCode } from '../../../domain/personal-code.js';

/** Independent check-digit computation for the tests (weights written out digit by digit). */
function expectedCheckDigit(firstTen: string): number {
  const d = firstTen.split('').map(Number);
  const weighted =
    d[0]! * 1 +
    d[1]! * 6 +
    d[2]! * 3 +
    d[3]! * 7 +
    d[4]! * 9 +
    d[5]! * 10 +
    d[6]! * 5 +
    d[7]! * 8 +
    d[8]! * 4 +
    d[9]! * 2;
  let x = 1101 - weighted;
  while (x >= 11) x -= 11;
  return x;
}

/** A full old-format code (with hyphen) for a ten-digit body whose check digit is not 10. */
function codeFor(firstTen: string): string {
  const x = expectedCheckDigit(firstTen);
  if (x === 10) throw new Error(`no valid code for ${firstTen}`);
  return `${firstTen.slice(0, 6)}-${firstTen.slice(6)}${x}`;
}

describe('hand-computed vectors', () => {
  // 0·1+1·6+0·3+1·7+8·9+5·10+1·5+2·8+3·4+4·2 = 176; (1101 − 176) mod 11 = 925 mod 11 = 1
  it('010185-12341 is valid, born 1985-01-01', () => {
    expect(validatePersonalCode('010185-12341')).toEqual({
      ok: true,
      normalized: '010185-12341',
      format: 'old',
      birthDate: '1985-01-01',
    });
  });
  // 3·1+1·6+1·3+2·7+9·9+9·10+1·5+0·8+0·4+0·2 = 202; (1101 − 202) mod 11 = 899 mod 11 = 8
  it('311299-10008 is valid, born 1999-12-31', () => {
    expect(validatePersonalCode('311299-10008')).toMatchObject({ ok: true, birthDate: '1999-12-31' });
  });
  it('the helper agrees with the hand computation', () => {
    expect(codeFor('0101851234')).toBe('010185-12341');
    expect(codeFor('3112991000')).toBe('311299-10008');
  });
});

describe('old format: century digit and derived birth date', () => {
  it.each([
    ['0101850123', '1885-01-01'],
    ['0101851234', '1985-01-01'],
    ['0101052346', '2005-01-01'],
    ['2902002000', '2000-02-29'],
    ['2902041111', '1904-02-29'],
    ['1507260457', '1826-07-15'],
  ])('%s → %s', (body, birthDate) => {
    const code = codeFor(body);
    const result = validatePersonalCode(code);
    expect(result).toEqual({ ok: true, normalized: code, format: 'old', birthDate });
  });

  it.each(['3', '4', '9'])('century digit %s is invalid', (c) => {
    const body = `010185${c}234`;
    const x = expectedCheckDigit(body);
    const code = `${body.slice(0, 6)}-${body.slice(6)}${x === 10 ? 0 : x}`;
    expect(validatePersonalCode(code)).toMatchObject({ ok: false, reason: 'century' });
  });
});

describe('old format: invalid dates even with a matching check digit', () => {
  it.each(['3102851234', '2902001234', '2902851234', '0013851234', '0001851234', '3104261234', '0000001234'])(
    '%s',
    (body) => {
      const x = expectedCheckDigit(body);
      const code = `${body.slice(0, 6)}-${body.slice(6)}${x === 10 ? 0 : x}`;
      expect(validatePersonalCode(code)).toMatchObject({ ok: false, reason: 'date' });
    },
  );
});

describe('old format: check digit', () => {
  it.each(['0101851234', '1203762345', '2802001999', '0707070707', '1911180001'])(
    'for %s exactly one last digit is accepted (or none when the formula gives 10)',
    (body) => {
      const x = expectedCheckDigit(body);
      for (let last = 0; last <= 9; last += 1) {
        const result = validatePersonalCode(`${body}${last}`);
        if (last === x) expect(result).toMatchObject({ ok: true });
        else expect(result).toMatchObject({ ok: false, reason: 'check-digit' });
      }
    },
  );

  it('a body whose check digit would be 10 has no valid code', () => {
    let body: string | undefined;
    for (let n = 0; n < 1000 && body === undefined; n += 1) {
      const candidate = `010185${String(1000 + n).slice(0, 4)}`;
      if (expectedCheckDigit(candidate) === 10) body = candidate;
    }
    expect(body).toBeDefined();
    for (let last = 0; last <= 9; last += 1) {
      expect(validatePersonalCode(`${body}${last}`)).toMatchObject({ ok: false, reason: 'check-digit' });
    }
  });

  it.each(['010185-12342', '010185-12340', '311299-10009'])('%s has a wrong check digit', (code) => {
    expect(validatePersonalCode(code)).toMatchObject({ ok: false, reason: 'check-digit' });
  });
});

describe('normalisation and format', () => {
  it.each([
    ['01018512341', '010185-12341'],
    ['  010185-12341 ', '010185-12341'],
    ['32000012345', '320000-12345'],
    ['321234-98765', '321234-98765'],
  ])('%s → %s', (input, normalized) => {
    expect(validatePersonalCode(input)).toMatchObject({ ok: true, normalized });
  });

  it.each(['320000-12345', '329999-00000', '32123498765'])('new format %s has no birth date', (code) => {
    expect(validatePersonalCode(code)).toMatchObject({ ok: true, format: 'new', birthDate: null });
  });

  it.each([
    '',
    '010185-1234',
    '010185-123412',
    '0101851234',
    'abcdef-12345',
    '010185 12341',
    '010185--12341',
    '010185_12341',
  ])('%j is a format error', (input) => {
    expect(validatePersonalCode(input)).toMatchObject({ ok: false, reason: 'format' });
  });

  it('rejects a birth date after asOf', () => {
    const code = codeFor('0101262345');
    expect(validatePersonalCode(code, { asOf: '2025-12-31' })).toMatchObject({
      ok: false,
      reason: 'future-birth-date',
    });
    expect(validatePersonalCode(code, { asOf: '2026-01-01' })).toMatchObject({
      ok: true,
      birthDate: '2026-01-01',
    });
  });
});

describe('maskPersonalCode', () => {
  it.each([
    ['010185-12341', '010185-*****'],
    ['01018512341', '010185-*****'],
    ['320000-12345', '320000-*****'],
    ['garbage', '******-*****'],
  ])('%s → %s', (input, masked) => {
    expect(maskPersonalCode(input)).toBe(masked);
  });
});
