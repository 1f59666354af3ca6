/**
 * The configurable social-service catalogue (BRIEF §4.2; issue 6): what a service type definition holds (names,
 * funding, legal basis, required documents, registry checks, needs-assessment form, decision deadline, unit and
 * tariff, review period, co-payment rule, letter fragments) and its validation — a zod schema for the API body
 * plus the cross-field rules, reported as DomainValidationError issues with paths such as
 * `assessmentForm.fields[2].options`.
 *
 * Pure: no I/O. Workflows must not import this module (it pulls in zod); they use `assessment-form.ts` and
 * `lifecycle.ts`, which import only types from here.
 */
import { z } from 'zod';
import { DOCUMENT_TYPE_CODES } from '../case-file/document-types.js';
import type { DocumentType } from '../case-file/document-types.js';
import type { ValidationIssue } from '../validation.js';
import { DomainValidationError } from '../validation.js';
import type { CoPaymentCategory, ServiceFunding } from './settlement.js';

export interface LocalizedText {
  lv: string;
  en: string;
}

export const SERVICE_UNITS = ['hour', 'day', 'month', 'visit'] as const;
export type ServiceUnit = (typeof SERVICE_UNITS)[number];

/** Registries consulted before the needs assessment (see the glossary: PMLP, VDEĀVK, VSAA, VID, NVA, VZD). */
export const SERVICE_REGISTRY_CHECKS = ['pmlp', 'vdeavk', 'vsaa', 'vid', 'nva', 'vzd'] as const;
export type ServiceRegistryCheck = (typeof SERVICE_REGISTRY_CHECKS)[number];

export const FORM_FIELD_TYPES = [
  'text',
  'textarea',
  'number',
  'integer',
  'boolean',
  'date',
  'select',
] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

export const LETTER_KINDS = ['grant', 'refuse', 'extension', 'closing', 'missing-documents'] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

export interface FormField {
  /** /^[a-z][a-zA-Z0-9]{0,39}$/, unique in the form. */
  key: string;
  label: LocalizedText;
  type: FormFieldType;
  required: boolean;
  help?: LocalizedText | null;
  /** number/integer only; min <= max. */
  min?: number | null;
  max?: number | null;
  /** text/textarea only (1..5000). */
  maxLength?: number | null;
  /** select only, required there, >= 1, unique values. */
  options?: { value: string; label: LocalizedText }[] | null;
}

/** 1..50 fields. */
export interface AssessmentForm {
  fields: FormField[];
}

export interface ServiceTypeDefinition {
  /** /^[a-z][a-z0-9-]{2,39}$/ */
  code: string;
  names: LocalizedText;
  description: LocalizedText | null;
  funding: ServiceFunding;
  /** E.g. 'SPSP 9. pants; MK 2019. gada 2. aprīļa noteikumi Nr. 138 …'. */
  legalBasis: string;
  /** Unique, known document types. */
  requiredDocuments: DocumentType[];
  /** Unique. */
  registryChecks: ServiceRegistryCheck[];
  assessmentForm: AssessmentForm;
  /** Integer 1..4, default 1 (Administrative Procedure Law). */
  decisionDeadlineMonths: number;
  unit: ServiceUnit;
  /** >= 0, at most 2 decimals, <= 100000. */
  tariffEur: number;
  /** Integer 1..36. */
  reviewPeriodMonths: number;
  coPayment: CoPaymentCategory | null;
  /** Optional Latvian Handlebars body fragments (max 5000 chars each). */
  letters: Partial<Record<LetterKind, string>>;
}

// ---------------------------------------------------------------------------------------------------------------
// Limits (data, not scattered literals)

export const SERVICE_CATALOGUE_LIMITS = {
  maxFormFields: 50,
  maxOptions: 100,
  maxTextLength: 5000,
  maxLetterLength: 5000,
  /** Administrative Procedure Law: 1 month, extendable to at most 4 months. */
  minDecisionDeadlineMonths: 1,
  maxDecisionDeadlineMonths: 4,
  defaultDecisionDeadlineMonths: 1,
  maxTariffEur: 100_000,
  minReviewPeriodMonths: 1,
  maxReviewPeriodMonths: 36,
} as const;

const SERVICE_FUNDINGS = ['municipal', 'state'] as const satisfies readonly ServiceFunding[];
const CO_PAYMENT_CATEGORIES = [
  'long-term-institutional-care',
] as const satisfies readonly CoPaymentCategory[];
/** Co-payment categories whose rule reads the client's pension and benefits, so the service must check VSAA. */
const CO_PAYMENT_NEEDS_VSAA: readonly CoPaymentCategory[] = ['long-term-institutional-care'];

const FIELD_KEY = /^[a-z][a-zA-Z0-9]{0,39}$/;
const SERVICE_CODE = /^[a-z][a-z0-9-]{2,39}$/;

/** True when `value` has at most two decimal places (cents), tolerant of binary floating point. */
export function hasAtMostTwoDecimals(value: number): boolean {
  const cents = value * 100;
  return Math.abs(cents - Math.round(cents)) < 1e-6;
}

const trimmedText = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);

const LocalizedTextSchema = z.object({ lv: trimmedText(500), en: trimmedText(500) });
const LongLocalizedTextSchema = z.object({
  lv: trimmedText(SERVICE_CATALOGUE_LIMITS.maxTextLength),
  en: trimmedText(SERVICE_CATALOGUE_LIMITS.maxTextLength),
});

const FormFieldSchema = z.object({
  key: z
    .string()
    .regex(FIELD_KEY, 'expected a camelCase key: a lowercase letter, then letters/digits (max 40)'),
  label: LocalizedTextSchema,
  type: z.enum(FORM_FIELD_TYPES),
  required: z.boolean(),
  help: LongLocalizedTextSchema.nullable().default(null),
  min: z.number().finite().nullable().default(null),
  max: z.number().finite().nullable().default(null),
  maxLength: z.number().int().min(1).max(SERVICE_CATALOGUE_LIMITS.maxTextLength).nullable().default(null),
  options: z
    .array(z.object({ value: trimmedText(60), label: LocalizedTextSchema }))
    .min(1, 'at least one option')
    .max(SERVICE_CATALOGUE_LIMITS.maxOptions)
    .nullable()
    .default(null),
});

const AssessmentFormSchema = z.object({
  fields: z
    .array(FormFieldSchema)
    .min(1, 'the form needs at least one field')
    .max(SERVICE_CATALOGUE_LIMITS.maxFormFields, `at most ${SERVICE_CATALOGUE_LIMITS.maxFormFields} fields`),
});

const letterBody = z
  .string()
  .max(
    SERVICE_CATALOGUE_LIMITS.maxLetterLength,
    `at most ${SERVICE_CATALOGUE_LIMITS.maxLetterLength} characters`,
  )
  // Letters are HTML: a configured fragment may not switch off Handlebars' escaping or pull in partials.
  .refine((s) => !s.includes('{{{') && !/\{\{~?\s*[>&]/.test(s), {
    message: 'raw output ({{{ }}}, {{& }}) and partials ({{> }}) are not allowed',
  });

/** Cross-field rules that zod's per-field schema cannot express. Paths are zod path segments. */
function crossFieldIssues(def: ServiceTypeDefinition): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  const seenKeys = new Map<string, number>();
  def.assessmentForm.fields.forEach((field, i) => {
    const at = (...rest: (string | number)[]) => ['assessmentForm', 'fields', i, ...rest];
    const first = seenKeys.get(field.key);
    if (first !== undefined) {
      out.push({ path: at('key'), message: `duplicate key '${field.key}' (also fields[${first}])` });
    } else {
      seenKeys.set(field.key, i);
    }
    const numeric = field.type === 'number' || field.type === 'integer';
    const textual = field.type === 'text' || field.type === 'textarea';
    const min = field.min ?? null;
    const max = field.max ?? null;
    if (!numeric) {
      if (min !== null)
        out.push({ path: at('min'), message: 'only number and integer fields have a minimum' });
      if (max !== null)
        out.push({ path: at('max'), message: 'only number and integer fields have a maximum' });
    } else {
      if (field.type === 'integer') {
        if (min !== null && !Number.isInteger(min))
          out.push({ path: at('min'), message: 'must be an integer' });
        if (max !== null && !Number.isInteger(max))
          out.push({ path: at('max'), message: 'must be an integer' });
      }
      if (min !== null && max !== null && min > max) {
        out.push({ path: at('min'), message: `must not be greater than max (${max})` });
      }
    }
    if (!textual && (field.maxLength ?? null) !== null) {
      out.push({ path: at('maxLength'), message: 'only text and textarea fields have a maximum length' });
    }
    const options = field.options ?? null;
    if (field.type === 'select') {
      if (options === null) {
        out.push({ path: at('options'), message: 'a select field needs at least one option' });
      } else {
        const seen = new Set<string>();
        options.forEach((option, j) => {
          if (seen.has(option.value)) {
            out.push({
              path: at('options', j, 'value'),
              message: `duplicate option value '${option.value}'`,
            });
          }
          seen.add(option.value);
        });
      }
    } else if (options !== null) {
      out.push({ path: at('options'), message: 'only select fields have options' });
    }
  });
  const dupes = <T>(values: readonly T[], path: string) => {
    const seen = new Set<T>();
    for (const v of values) {
      if (seen.has(v)) out.push({ path: [path], message: `duplicate entry '${String(v)}'` });
      seen.add(v);
    }
  };
  dupes(def.requiredDocuments, 'requiredDocuments');
  dupes(def.registryChecks, 'registryChecks');
  if (
    def.coPayment !== null &&
    CO_PAYMENT_NEEDS_VSAA.includes(def.coPayment) &&
    !def.registryChecks.includes('vsaa')
  ) {
    out.push({
      path: ['registryChecks'],
      message: `the co-payment '${def.coPayment}' reads the client's pension from VSAA: include 'vsaa'`,
    });
  }
  return out;
}

/** zod schema of the definition as an API body (defaults: description null, decisionDeadlineMonths 1, coPayment
 * null, letters {}, help/min/max/maxLength/options null). Includes the cross-field rules. */
export const ServiceTypeDefinitionSchema = z
  .object({
    code: z.string().regex(SERVICE_CODE, 'expected 3–40 characters: a lowercase letter, then a-z, 0-9 or -'),
    names: LocalizedTextSchema,
    description: LongLocalizedTextSchema.nullable().default(null),
    funding: z.enum(SERVICE_FUNDINGS),
    legalBasis: trimmedText(1000),
    requiredDocuments: z.array(z.enum(DOCUMENT_TYPE_CODES)).max(DOCUMENT_TYPE_CODES.length),
    registryChecks: z.array(z.enum(SERVICE_REGISTRY_CHECKS)).max(SERVICE_REGISTRY_CHECKS.length),
    assessmentForm: AssessmentFormSchema,
    decisionDeadlineMonths: z
      .number()
      .int('must be a whole number of months')
      .min(SERVICE_CATALOGUE_LIMITS.minDecisionDeadlineMonths)
      .max(SERVICE_CATALOGUE_LIMITS.maxDecisionDeadlineMonths)
      .default(SERVICE_CATALOGUE_LIMITS.defaultDecisionDeadlineMonths),
    unit: z.enum(SERVICE_UNITS),
    tariffEur: z
      .number()
      .finite()
      .min(0)
      .max(SERVICE_CATALOGUE_LIMITS.maxTariffEur)
      .refine(hasAtMostTwoDecimals, { message: 'at most 2 decimal places (cents)' }),
    reviewPeriodMonths: z
      .number()
      .int('must be a whole number of months')
      .min(SERVICE_CATALOGUE_LIMITS.minReviewPeriodMonths)
      .max(SERVICE_CATALOGUE_LIMITS.maxReviewPeriodMonths),
    coPayment: z.enum(CO_PAYMENT_CATEGORIES).nullable().default(null),
    letters: z.partialRecord(z.enum(LETTER_KINDS), letterBody).default({}),
  })
  .superRefine((def, ctx) => {
    for (const issue of crossFieldIssues(def)) {
      ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    }
  });

// Compile-time guarantee that the schema produces the contract type.
const _schemaProducesDefinition: z.ZodType<ServiceTypeDefinition> = ServiceTypeDefinitionSchema;
void _schemaProducesDefinition;

/** A zod path as the project writes it: `assessmentForm.fields[2].options`; `(body)` for the root. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? '(body)' : out;
}

/** Parses/validates; throws DomainValidationError whose issues have paths like 'assessmentForm.fields[2].options',
 * 'code', 'tariffEur'. */
export function parseServiceTypeDefinition(input: unknown): ServiceTypeDefinition {
  const result = ServiceTypeDefinitionSchema.safeParse(input);
  if (!result.success) {
    const issues: ValidationIssue[] = result.error.issues.map((i) => ({
      path: formatIssuePath(i.path),
      message: i.message,
    }));
    throw new DomainValidationError(issues);
  }
  return result.data;
}
