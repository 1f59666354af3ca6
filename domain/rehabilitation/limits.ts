/**
 * Limits of the social rehabilitation of persons harmed by illegal acts (BRIEF §4.10, issue 20), as an
 * effective-dated table per target group and session form. A new regulation's figures are a new row. Figures that
 * BRIEF §4.10 marks as project defaults (children's consultations outside severe cases, children's institution days)
 * are kept as such until checked against the regulation's current text.
 */
import type { IsoDate } from '../calendar.js';
import { requireEffective, type EffectiveDated } from '../effective-dated.js';
import type { ValidationIssue } from '../validation.js';

export const SESSION_FORMS = ['consultation', 'institution-day', 'crisis-flat-day'] as const;
export type SessionForm = (typeof SESSION_FORMS)[number];
export const SPECIALIST_KINDS = ['psychologist', 'lawyer', 'social-worker'] as const;
export type SpecialistKind = (typeof SPECIALIST_KINDS)[number];
export const TARGET_GROUPS = ['adult', 'child', 'trafficking'] as const;
export type TargetGroup = (typeof TARGET_GROUPS)[number];

export interface RehabilitationLimits extends EffectiveDated {
  readonly group: TargetGroup;
  readonly legalBasis: string;
  /** Maximum sessions of each form in one course; 0 = the form is not available to the group. */
  readonly max: Readonly<Record<SessionForm, number>>;
  /** Consultations in severe and complex cases, where the regulation allows more. */
  readonly maxConsultationsSevere?: number;
  /** Minutes of one consultation, where the regulation fixes them. */
  readonly consultationMinutes?: number;
}

export const REHABILITATION_LIMITS: readonly RehabilitationLimits[] = [
  {
    group: 'adult',
    effectiveFrom: '2016-01-01',
    legalBasis: 'MK noteikumi Nr. 790 (2015, ar 2023. gada grozījumiem)',
    max: { consultation: 10, 'institution-day': 30, 'crisis-flat-day': 30 },
    consultationMinutes: 45,
  },
  {
    group: 'child',
    effectiveFrom: '2010-01-01',
    legalBasis: 'MK noteikumi Nr. 1613 (2009)',
    max: { consultation: 60, 'institution-day': 30, 'crisis-flat-day': 0 },
  },
  {
    group: 'child',
    effectiveFrom: '2024-01-01',
    legalBasis: 'MK noteikumi Nr. 1613 (2009, ar 2024. gada grozījumiem)',
    max: { consultation: 60, 'institution-day': 30, 'crisis-flat-day': 0 },
    maxConsultationsSevere: 120,
  },
  {
    group: 'trafficking',
    effectiveFrom: '2019-07-01',
    legalBasis: 'MK noteikumi Nr. 344 (2019)',
    max: { consultation: 180, 'institution-day': 180, 'crisis-flat-day': 0 },
  },
];

/** An extension of a course beyond the table's limit, recorded with its legal basis. */
export interface LimitExtension {
  readonly form: SessionForm;
  readonly maxSessions: number;
  readonly legalBasis: string;
}

export function limitsOn(
  group: TargetGroup,
  date: IsoDate,
  table = REHABILITATION_LIMITS,
): RehabilitationLimits {
  return requireEffective(
    table.filter((r) => r.group === group),
    date,
    `rehabilitation limits for ${group}`,
  );
}

/**
 * Whether one more session of `form` on `date` stays within the course's limit: `already` sessions of that form
 * recorded in the course, the limits in force on the session's date, a severe case where the regulation allows
 * more, and an extension (which replaces the limit for its form). Issues name the path `form`.
 */
export function checkSessionLimit(input: {
  group: TargetGroup;
  form: SessionForm;
  date: IsoDate;
  already: number;
  severe?: boolean;
  extension?: LimitExtension | null;
  table?: readonly RehabilitationLimits[];
}): ValidationIssue[] {
  const limits = limitsOn(input.group, input.date, input.table);
  const tableMax =
    input.form === 'consultation' && input.severe && limits.maxConsultationsSevere !== undefined
      ? limits.maxConsultationsSevere
      : limits.max[input.form];
  const ext = input.extension && input.extension.form === input.form ? input.extension : null;
  const max = ext ? ext.maxSessions : tableMax;
  if (max === 0) {
    return [{ path: 'form', message: `${input.form} is not available to this group (${limits.legalBasis})` }];
  }
  if (input.already + 1 > max) {
    return [
      {
        path: 'form',
        message: `the course allows at most ${max} ${input.form} sessions (${ext ? ext.legalBasis : limits.legalBasis}); ${input.already} are recorded`,
      },
    ];
  }
  return [];
}
