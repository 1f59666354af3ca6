import { describe, expect, it } from '@jest/globals';
import type { AssessmentForm, FormField } from '../../../../domain/social-services/catalogue.js';
import {
  coerceAssessmentAnswers,
  validateAssessmentAnswers,
} from '../../../../domain/social-services/assessment-form.js';

const label = { lv: 'L', en: 'L' };
const f = (key: string, type: FormField['type'], extra: Partial<FormField> = {}): FormField => ({
  key,
  label,
  type,
  required: false,
  ...extra,
});

const form: AssessmentForm = {
  fields: [
    f('name', 'text', { required: true, maxLength: 5 }),
    f('story', 'textarea'),
    f('ratio', 'number', { min: 0.5, max: 2.5 }),
    f('hours', 'integer', { required: true, min: 1, max: 40 }),
    f('livesAlone', 'boolean', { required: true }),
    f('visit', 'date'),
    f('level', 'select', {
      options: [
        { value: '1', label },
        { value: '2', label },
      ],
    }),
  ],
};

const valid = { name: 'Anna', hours: 10, livesAlone: false };

describe('validateAssessmentAnswers', () => {
  it('accepts a minimal valid answer set (false is an answer to a required boolean)', () => {
    expect(validateAssessmentAnswers(form, valid)).toEqual([]);
  });

  it.each([null, 'x', 3, ['a']])('rejects answers that are not an object: %p', (answers) => {
    expect(validateAssessmentAnswers(form, answers)).toEqual([
      { path: 'answers', message: expect.any(String) },
    ]);
  });

  it.each([
    ['missing required text', { hours: 10, livesAlone: true }, 'answers.name', 'required'],
    ['null required text', { ...valid, name: null }, 'answers.name', 'required'],
    ['blank required text', { ...valid, name: '   ' }, 'answers.name', 'required'],
    ['missing required boolean', { name: 'A', hours: 1 }, 'answers.livesAlone', 'required'],
    ['missing required integer', { name: 'A', livesAlone: true }, 'answers.hours', 'required'],
    ['text too long (6 > 5)', { ...valid, name: 'Annija' }, 'answers.name', 'at most 5 characters'],
    ['text not a string', { ...valid, name: 5 }, 'answers.name', 'expected text'],
    [
      'textarea over the default 5000',
      { ...valid, story: 'x'.repeat(5001) },
      'answers.story',
      'at most 5000 characters',
    ],
    ['number below min', { ...valid, ratio: 0.49 }, 'answers.ratio', 'must be at least 0.5'],
    ['number above max', { ...valid, ratio: 2.51 }, 'answers.ratio', 'must be at most 2.5'],
    ['number as string', { ...valid, ratio: '1' }, 'answers.ratio', 'expected a number'],
    ['number NaN', { ...valid, ratio: Number.NaN }, 'answers.ratio', 'expected a number'],
    ['number Infinity', { ...valid, ratio: Number.POSITIVE_INFINITY }, 'answers.ratio', 'expected a number'],
    ['integer not integral', { ...valid, hours: 1.5 }, 'answers.hours', 'expected a whole number'],
    ['integer below min', { ...valid, hours: 0 }, 'answers.hours', 'must be at least 1'],
    ['integer above max', { ...valid, hours: 41 }, 'answers.hours', 'must be at most 40'],
    [
      'boolean as string',
      { ...valid, livesAlone: 'true' },
      'answers.livesAlone',
      expect.stringContaining('true/false'),
    ],
    ['date not a date', { ...valid, visit: '2026-02-29' }, 'answers.visit', 'not a valid date (YYYY-MM-DD)'],
    [
      'date in a wrong format',
      { ...valid, visit: '01.03.2026' },
      'answers.visit',
      'not a valid date (YYYY-MM-DD)',
    ],
    ['date as a number', { ...valid, visit: 20260301 }, 'answers.visit', 'not a valid date (YYYY-MM-DD)'],
    [
      'select not an option',
      { ...valid, level: '3' },
      'answers.level',
      expect.stringContaining('not one of the options'),
    ],
    ['select as a number', { ...valid, level: 1 }, 'answers.level', 'expected one of the options'],
    ['unknown key', { ...valid, extra: 'x' }, 'answers.extra', 'not a field of this form'],
  ])('%s', (_name, answers, path, message) => {
    expect(validateAssessmentAnswers(form, answers)).toEqual([{ path, message }]);
  });

  it.each([
    ['text at maxLength', { ...valid, name: 'Annaā' }],
    ['text at maxLength counting code points', { ...valid, name: 'A😀nna' }],
    ['textarea at 5000', { ...valid, story: 'x'.repeat(5000) }],
    ['number at min', { ...valid, ratio: 0.5 }],
    ['number at max', { ...valid, ratio: 2.5 }],
    ['integer at min', { ...valid, hours: 1 }],
    ['integer at max', { ...valid, hours: 40 }],
    ['leap day', { ...valid, visit: '2024-02-29' }],
    ['select option', { ...valid, level: '2' }],
    ['optional fields null', { ...valid, story: null, ratio: null, visit: null, level: null }],
    ['optional text empty', { ...valid, story: '' }],
  ])('accepts %s', (_name, answers) => {
    expect(validateAssessmentAnswers(form, answers)).toEqual([]);
  });

  it('reports every issue, in field order, then unknown keys', () => {
    expect(validateAssessmentAnswers(form, { name: 'toolong', hours: 0, zzz: 1 }).map((i) => i.path)).toEqual(
      ['answers.name', 'answers.hours', 'answers.livesAlone', 'answers.zzz'],
    );
  });

  it('does not treat inherited properties as answers', () => {
    const answers = Object.create({ name: 'Anna' }) as Record<string, unknown>;
    answers.hours = 2;
    answers.livesAlone = true;
    expect(validateAssessmentAnswers(form, answers)).toEqual([{ path: 'answers.name', message: 'required' }]);
  });
});

describe('coerceAssessmentAnswers (HTML form posts)', () => {
  it.each([
    [
      { name: 'Anna', hours: '10', livesAlone: 'on' },
      { name: 'Anna', hours: 10, livesAlone: true },
    ],
    [
      { name: 'Anna', hours: '10' },
      { name: 'Anna', hours: 10, livesAlone: false },
    ],
    [
      { name: 'Anna', hours: '10', livesAlone: 'nē' },
      { name: 'Anna', hours: 10, livesAlone: false },
    ],
    [
      { name: '', hours: ' 7 ', ratio: '1,25', livesAlone: 'true' },
      { name: null, hours: 7, ratio: 1.25, livesAlone: true },
    ],
    [
      { hours: 'abc', livesAlone: 'maybe' },
      { hours: 'abc', livesAlone: 'maybe' },
    ],
    [
      { hours: '1', visit: ' 2026-03-01 ', level: '2', extra: 'x' },
      { hours: 1, visit: '2026-03-01', level: '2', extra: 'x', livesAlone: false },
    ],
  ])('%p → %p', (raw, expected) => {
    expect(coerceAssessmentAnswers(form, raw)).toEqual(expected);
  });

  it('feeds validateAssessmentAnswers: unconvertible values are reported', () => {
    const answers = coerceAssessmentAnswers(form, { name: 'Anna', hours: '1.5', livesAlone: 'on' });
    expect(validateAssessmentAnswers(form, answers)).toEqual([
      { path: 'answers.hours', message: 'expected a whole number' },
    ]);
  });
});
