/**
 * The assessment form of a service type as a view model (`partials/assessment-fields.hbs`): the service screen's
 * form and the service-type admin's preview; and submitted answers for display.
 */
import type { Context } from 'hono';
import type { AssessmentAnswers } from '../../domain/social-services/assessment-form.js';
import type { AssessmentForm, FormField } from '../../domain/social-services/catalogue.js';
import type { AppEnv } from '../context.js';
import type { Lang } from './i18n.js';
import { langOf, tr, type ScreenKit } from './kit.js';

// The assessment form as a view model (shared with the admin preview)

export interface FieldModel {
  key: string;
  id: string;
  name: string;
  label: string;
  help: string | null;
  required: boolean;
  kind: 'text' | 'textarea' | 'number' | 'integer' | 'boolean' | 'date' | 'select';
  isTextarea: boolean;
  isSelect: boolean;
  isCheckbox: boolean;
  inputType: string;
  step: string | null;
  min: number | null;
  max: number | null;
  maxLength: number | null;
  value: string;
  checked: boolean;
  options: { value: string; label: string; selected: boolean }[];
  error: string | null;
  describedBy: string;
}

export function localized(text: unknown, lang: Lang): string {
  if (typeof text === 'string') return text;
  if (text && typeof text === 'object') {
    const t = text as Record<string, unknown>;
    const v = t[lang] ?? t.lv ?? t.en;
    return typeof v === 'string' ? v : '';
  }
  return '';
}

const INPUT_TYPES: Record<string, string> = {
  text: 'text',
  number: 'number',
  integer: 'number',
  date: 'date',
};

/**
 * Fields of an assessment form ready for `partials/assessment-fields.hbs`. Lenient (the admin preview passes
 * whatever the JSON holds): unknown field types render as text inputs, odd entries are skipped.
 */
export function assessmentFieldsModel(
  form: unknown,
  lang: Lang,
  options: {
    idPrefix: string;
    values?: Record<string, unknown>;
    errors?: Record<string, string>;
  },
): FieldModel[] {
  const fields: unknown =
    form && typeof form === 'object' && 'fields' in form ? (form as { fields: unknown }).fields : null;
  if (!Array.isArray(fields)) return [];
  const values = options.values ?? {};
  const errors = options.errors ?? {};
  return fields.flatMap((raw: unknown, index): FieldModel[] => {
    if (!raw || typeof raw !== 'object') return [];
    const f = raw as Partial<FormField> & Record<string, unknown>;
    const key = typeof f.key === 'string' && f.key ? f.key : `field${index}`;
    const kind = (
      ['text', 'textarea', 'number', 'integer', 'boolean', 'date', 'select'].includes(String(f.type))
        ? f.type
        : 'text'
    ) as FieldModel['kind'];
    const id = `${options.idPrefix}${key.replace(/[^A-Za-z0-9_-]/g, '')}-${index}`;
    const raw_value = values[key];
    const value =
      raw_value === undefined || raw_value === null || typeof raw_value === 'boolean'
        ? ''
        : String(raw_value);
    const checked = raw_value === true || raw_value === 'true' || raw_value === 'on';
    const error = errors[key] ?? null;
    const help = f.help ? localized(f.help, lang) : null;
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
    return [
      {
        key,
        id,
        name: key,
        label: localized(f.label, lang) || key,
        help: help || null,
        required: f.required === true,
        kind,
        isTextarea: kind === 'textarea',
        isSelect: kind === 'select',
        isCheckbox: kind === 'boolean',
        inputType: INPUT_TYPES[kind] ?? 'text',
        step: kind === 'integer' ? '1' : kind === 'number' ? 'any' : null,
        min: kind === 'number' || kind === 'integer' ? num(f.min) : null,
        max: kind === 'number' || kind === 'integer' ? num(f.max) : null,
        maxLength: kind === 'text' || kind === 'textarea' ? num(f.maxLength) : null,
        value,
        checked,
        options: Array.isArray(f.options)
          ? f.options.flatMap((o: unknown) =>
              o && typeof o === 'object' && 'value' in o
                ? [
                    {
                      value: String((o as { value: unknown }).value),
                      label:
                        localized((o as { label?: unknown }).label, lang) ||
                        String((o as { value: unknown }).value),
                      selected: String((o as { value: unknown }).value) === value,
                    },
                  ]
                : [],
            )
          : [],
        error,
        describedBy: [help ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' '),
      },
    ];
  });
}

/** Answers as they were submitted, for display (select values as their labels, booleans as yes/no). */
export function answersModel(
  c: Context<AppEnv>,
  kit: ScreenKit,
  form: AssessmentForm,
  answers: AssessmentAnswers,
) {
  const lang = langOf(c);
  return form.fields.map((f) => {
    const v = answers[f.key];
    let shown = v === null || v === undefined ? '—' : String(v);
    if (typeof v === 'boolean') shown = tr(c, kit, v ? 'service.yes' : 'service.no');
    if (f.type === 'select') {
      const o = (f.options ?? []).find((x) => x.value === v);
      if (o) shown = localized(o.label, lang);
    }
    return { label: localized(f.label, lang), value: shown };
  });
}
