/** The text rules of domain/validation.ts: NFC first, then NUL, lone surrogates and invisible format characters. */
import { describe, expect, it } from '@jest/globals';
import { checkName, textRefusal } from '../../../domain/validation.js';
import { personalCodeShapeOf } from '../../../domain/personal-code.js';
import { throttleDelaySeconds } from '../../../services/login-throttle.js';

describe('checkName', () => {
  const accepted: [string, string, string][] = [
    ['composed', 'Bērziņš', 'Bērziņš'],
    ['decomposed (e + U+0304, n + U+0327, s + U+030C)', 'Be\u0304rzin\u0327s\u030C', 'Bērziņš'],
    ['decomposed Ā', 'A\u0304rija', 'Ārija'],
    ['hyphen and apostrophe', "Anna-Marija O'Brien", "Anna-Marija O'Brien"],
    ['a surrogate pair (emoji)', 'Līga \u{1F600}', 'Līga \u{1F600}'],
    ['U+200A hair space (just below the range)', 'A\u200AB', 'A\u200AB'],
    ['U+2070 superscript zero (just above the range)', 'A\u2070', 'A\u2070'],
  ];
  it.each(accepted)('accepts %s and stores it composed', (_label, input, stored) => {
    const result = checkName(input);
    expect(result).toEqual({ ok: true, value: stored });
    if (result.ok) expect(result.value).toBe(result.value.normalize('NFC'));
  });

  const refused: [string, string, string][] = [
    ['U+200B zero-width space', 'Jā\u200Bnis', 'invisible-format'],
    ['U+200D zero-width joiner', 'Jānis\u200D', 'invisible-format'],
    ['U+200E left-to-right mark', '\u200EJānis', 'invisible-format'],
    ['U+200F right-to-left mark', 'Jānis\u200F', 'invisible-format'],
    ['U+202A left-to-right embedding', '\u202AJānis', 'invisible-format'],
    ['U+202E right-to-left override', 'Jā\u202Enis', 'invisible-format'],
    ['U+2060 word joiner', 'Jā\u2060nis', 'invisible-format'],
    ['U+2066 left-to-right isolate', '\u2066Jānis', 'invisible-format'],
    ['U+2069 pop directional isolate', 'Jānis\u2069', 'invisible-format'],
    ['U+FEFF byte order mark', '\uFEFFJānis', 'invisible-format'],
    ['a lone high surrogate', 'Jā\uD800nis', 'lone-surrogate'],
    ['a lone low surrogate', 'Jānis\uDC00', 'lone-surrogate'],
    ['reversed surrogates', '\uDE00\uD83D', 'lone-surrogate'],
    ['NUL', 'Jā\u0000nis', 'nul'],
  ];
  it.each(refused)('refuses %s', (_label, input, reason) => {
    expect(checkName(input)).toMatchObject({ ok: false, reason });
  });
});

describe('textRefusal (every string input)', () => {
  it.each([
    ['plain', 'Rīga', null],
    ['NUL', 'a\u0000', 'nul'],
    ['lone surrogate', '\uD83D', 'lone-surrogate'],
    ['zero-width space is allowed outside names', 'a\u200Bb', null],
  ])('%s', (_label, input, expected) => {
    expect(textRefusal(input)).toBe(expected);
  });
});

describe('personalCodeShapeOf (the case-list search)', () => {
  it.each([
    ['150385-10008', '150385-10008'],
    ['15038510008', '150385-10008'],
    ['150385 10008', '150385-10008'],
    [' 150385\u2013 10008 ', '150385-10008'],
    ['150385\u201410008', '150385-10008'],
    ['150385\u221210008', '150385-10008'],
    ['150385\u00A010008', '150385-10008'],
    ['Bērziņš', null],
    ['1503851000', null],
    ['150385--10008', null],
  ])('%j → %j', (typed, shape) => {
    expect(personalCodeShapeOf(typed)).toBe(shape);
  });
});

describe('throttleDelaySeconds', () => {
  it.each([
    [1, 3, 0],
    [3, 3, 0],
    [4, 3, 2],
    [5, 3, 4],
    [8, 3, 32],
    [9, 3, 60],
    [40, 3, 60],
    [20, 20, 0],
    [21, 20, 2],
  ])('after failure %i with %i free: %i s', (n, free, seconds) => {
    expect(throttleDelaySeconds(n, free)).toBe(seconds);
  });
});
