/**
 * Answers to a service type's needs-assessment form (BRIEF §4.2; issue 6): validation against the configured
 * fields, and coercion of an HTML form post (all strings) into typed answers.
 *
 * Bundled into Temporal workflows: keep it tiny and pure — no zod, only a type import from the catalogue.
 */
import { isValidIsoDate } from '../calendar.js';
import type { ValidationIssue } from '../validation.js';
import type { AssessmentForm, FormField } from './catalogue.js';

export type AssessmentAnswers = Record<string, string | number | boolean | null>;

/** Length limits when a text field does not configure `maxLength`. */
export const DEFAULT_TEXT_MAX_LENGTH = { text: 1000, textarea: 5000 } as const;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** Length in characters (code points), so that Latvian diacritics and emoji count once. */
function charLength(s: string): number {
  return [...s].length;
}

function fieldIssue(field: FormField, value: unknown): string | undefined {
  switch (field.type) {
    case 'text':
    case 'textarea': {
      if (typeof value !== 'string') return 'expected text';
      const limit = field.maxLength ?? DEFAULT_TEXT_MAX_LENGTH[field.type];
      return charLength(value) > limit ? `at most ${limit} characters` : undefined;
    }
    case 'number':
    case 'integer': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'expected a number';
      if (field.type === 'integer' && !Number.isInteger(value)) return 'expected a whole number';
      const min = field.min ?? null;
      const max = field.max ?? null;
      if (min !== null && value < min) return `must be at least ${min}`;
      if (max !== null && value > max) return `must be at most ${max}`;
      return undefined;
    }
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'expected yes or no (true/false)';
    case 'date':
      return isValidIsoDate(value) ? undefined : 'not a valid date (YYYY-MM-DD)';
    case 'select': {
      if (typeof value !== 'string') return 'expected one of the options';
      const options = field.options ?? [];
      return options.some((o) => o.value === value)
        ? undefined
        : `not one of the options (${options.map((o) => o.value).join(', ')})`;
    }
  }
}

/**
 * Issues with paths 'answers.<key>': required missing/empty, wrong type, number out of min/max, integer not
 * integral, text over maxLength, date not YYYY-MM-DD valid, select value not among options, unknown keys
 * ('answers.<key>': 'not a field of this form'). Empty list = valid.
 */
export function validateAssessmentAnswers(form: AssessmentForm, answers: unknown): ValidationIssue[] {
  if (!isPlainObject(answers)) return [{ path: 'answers', message: 'expected an object of answers' }];
  const issues: ValidationIssue[] = [];
  const known = new Set<string>();
  for (const field of form.fields) {
    known.add(field.key);
    const value = Object.hasOwn(answers, field.key) ? answers[field.key] : undefined;
    if (isEmpty(value)) {
      if (field.required) issues.push({ path: `answers.${field.key}`, message: 'required' });
      continue;
    }
    const message = fieldIssue(field, value);
    if (message !== undefined) issues.push({ path: `answers.${field.key}`, message });
  }
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) issues.push({ path: `answers.${key}`, message: 'not a field of this form' });
  }
  return issues;
}

const TRUE_WORDS = new Set(['true', 'on', '1', 'yes', 'jā']);
const FALSE_WORDS = new Set(['false', 'off', '0', 'no', 'nē']);

/**
 * Typed answers from an HTML form post (values are strings): numbers accept a decimal comma, empty text becomes
 * null, an unticked checkbox (absent) becomes false. Values that do not convert are kept as they are, so that
 * validateAssessmentAnswers reports them; keys that are not fields are kept too (and reported there).
 */
export function coerceAssessmentAnswers(
  form: AssessmentForm,
  raw: Record<string, unknown>,
): AssessmentAnswers {
  const out: AssessmentAnswers = {};
  const keep = (v: unknown): string | number | boolean | null =>
    typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
      ? v
      : v === null
        ? null
        : String(v);
  for (const [key, value] of Object.entries(raw)) {
    if (value !== undefined) out[key] = keep(value);
  }
  for (const field of form.fields) {
    const value = Object.hasOwn(raw, field.key) ? raw[field.key] : undefined;
    if (field.type === 'boolean') {
      if (value === undefined) out[field.key] = false;
      else if (typeof value === 'string' && TRUE_WORDS.has(value.trim().toLowerCase())) out[field.key] = true;
      else if (typeof value === 'string' && FALSE_WORDS.has(value.trim().toLowerCase()))
        out[field.key] = false;
      continue;
    }
    if (typeof value !== 'string') continue;
    if (value.trim() === '') {
      out[field.key] = null;
      continue;
    }
    if (field.type === 'number' || field.type === 'integer') {
      const text = value.trim().replace(',', '.');
      if (/^-?\d+(\.\d+)?$/.test(text)) out[field.key] = Number(text);
    } else if (field.type === 'date' || field.type === 'select') {
      out[field.key] = value.trim();
    }
  }
  return out;
}
