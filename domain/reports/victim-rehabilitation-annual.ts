/**
 * MK 324 annex 4, social rehabilitation of persons harmed by illegal acts, per year (BRIEF §4.9, §4.10). Counted from
 * the rehabilitation courses (one per rehabilitation service), their session records and settlements:
 * - a person counts when a course was in force on at least one day of the year (up to `until`);
 * - `persons`: rows adults / children (by the course's type), with sex and age group on the last day served; the
 *   amount of state funds used (settlements of the year's months);
 * - `harm`: persons per kind of harm (`not-recorded` while the course's record does not say); `forms`: persons per session form, with the number of sessions of the year
 *   (consultations, institution days, crisis-flat days);
 * - `outcomes`: persons whose course ended within the year completed or interrupted, and those still in a course on
 *   the year's last day counted.
 * A person can sit in several rows of a table (two courses), so only sums are checked across rows.
 */
import { compareIsoDates, isoMonthOf, maxIsoDate, minIsoDate, type IsoDate } from '../calendar.js';
import { ageGroupOn, sexOf, type PersonAttributes } from './attributes.js';
import { overlaps, type ReportPeriod } from './period.js';
import type { SettlementRecord } from './social-services-annual.js';
import type { CountedReport, CountedRow, CountedTable } from './tables.js';

export const VICTIM_REHABILITATION_ANNUAL = 'victim-rehabilitation-annual';
export const HARM_KINDS = ['physical', 'emotional', 'sexual', 'neglect', 'trafficking', 'other'] as const;
export type HarmKind = (typeof HARM_KINDS)[number];
const FORMS = ['consultation', 'institution-day', 'crisis-flat-day'] as const;

export interface RehabilitationCourse {
  readonly serviceId: string;
  readonly personId: string;
  readonly group: 'adult' | 'child';
  /** Null while the course's record does not say (counted in the `not-recorded` row). */
  readonly harmKind: HarmKind | null;
  readonly startDate: IsoDate;
  readonly endDate: IsoDate | null;
  readonly outcome: 'completed' | 'interrupted' | null;
}

export interface RehabilitationSessionRecord {
  readonly serviceId: string;
  readonly date: IsoDate;
  readonly form: (typeof FORMS)[number];
}

function classified(
  key: string,
  lastDay: Map<string, IsoDate>,
  persons: ReadonlyMap<string, PersonAttributes>,
  sums?: Record<string, number>,
): CountedRow {
  const sex: Record<string, string[]> = { female: [], male: [], unknown: [] };
  const age: Record<string, string[]> = { '0-17': [], '18-64': [], '65+': [], unknown: [] };
  for (const [personId, day] of lastDay) {
    const p = persons.get(personId);
    sex[sexOf(p)]!.push(personId);
    age[ageGroupOn(p?.birthDate ?? null, day)]!.push(personId);
  }
  return { key, persons: [...lastDay.keys()], breakdowns: { sex, ageGroup: age }, ...(sums ? { sums } : {}) };
}

const later = (map: Map<string, IsoDate>, personId: string, day: IsoDate) => {
  const seen = map.get(personId);
  if (!seen || compareIsoDates(day, seen) > 0) map.set(personId, day);
};

export function countVictimRehabilitationAnnual(
  input: {
    courses: readonly RehabilitationCourse[];
    sessions: readonly RehabilitationSessionRecord[];
    settlements: readonly SettlementRecord[];
    persons: readonly PersonAttributes[];
  },
  period: ReportPeriod,
  until: IsoDate = period.to,
): CountedReport {
  const to = minIsoDate(period.to, until);
  const attrs = new Map(input.persons.map((p) => [p.personId, p]));
  const inForce = input.courses.filter((c) => overlaps(c.startDate, c.endDate, period.from, to));
  const byService = new Map(inForce.map((c) => [c.serviceId, c]));
  const groups = { adult: new Map<string, IsoDate>(), child: new Map<string, IsoDate>() };
  const everyone = new Map<string, IsoDate>();
  const HARM_ROWS = [...HARM_KINDS, 'not-recorded'] as const;
  const harm = new Map<string, Set<string>>(HARM_ROWS.map((h) => [h, new Set<string>()]));
  const outcomes = {
    completed: new Set<string>(),
    interrupted: new Set<string>(),
    ongoing: new Set<string>(),
  };
  for (const c of inForce) {
    const lastDay = maxIsoDate(c.endDate === null ? to : minIsoDate(c.endDate, to), period.from);
    later(groups[c.group], c.personId, lastDay);
    later(everyone, c.personId, lastDay);
    harm.get(c.harmKind ?? 'not-recorded')?.add(c.personId);
    const endedInYear = c.endDate !== null && compareIsoDates(c.endDate, to) <= 0;
    if (endedInYear && c.outcome) outcomes[c.outcome].add(c.personId);
    else if (!endedInYear) outcomes.ongoing.add(c.personId);
  }
  const formPersons = new Map<string, Set<string>>(FORMS.map((f) => [f, new Set<string>()]));
  const formCount = new Map<string, number>(FORMS.map((f) => [f, 0]));
  for (const s of input.sessions) {
    const course = byService.get(s.serviceId);
    if (!course || compareIsoDates(s.date, period.from) < 0 || compareIsoDates(s.date, to) > 0) continue;
    formPersons.get(s.form)?.add(course.personId);
    formCount.set(s.form, (formCount.get(s.form) ?? 0) + 1);
  }
  const amount = { adult: 0, child: 0 };
  for (const st of input.settlements) {
    const course = byService.get(st.serviceId);
    if (!course || st.month < isoMonthOf(period.from) || st.month > isoMonthOf(to)) continue;
    amount[course.group] += st.amountCents;
  }
  const all = [...everyone.keys()];
  const total = (sums?: Record<string, number>): CountedRow => classified('total', everyone, attrs, sums);
  const plain = (key: string, ids: Set<string>, sums?: Record<string, number>): CountedRow => ({
    key,
    persons: [...ids],
    ...(sums ? { sums } : {}),
  });
  const tables: CountedTable[] = [
    {
      key: 'persons',
      population: 'served',
      partition: false,
      rows: [
        classified('adults', groups.adult, attrs, { amountCents: amount.adult }),
        classified('children', groups.child, attrs, { amountCents: amount.child }),
      ],
      total: total({ amountCents: amount.adult + amount.child }),
    },
    {
      key: 'harm',
      population: 'served',
      partition: false,
      rows: HARM_ROWS.map((h) => plain(h, harm.get(h) as Set<string>)),
      total: { key: 'total', persons: all },
    },
    {
      key: 'forms',
      population: 'with-sessions',
      partition: false,
      rows: FORMS.map((f) =>
        plain(f, formPersons.get(f) as Set<string>, { sessions: formCount.get(f) ?? 0 }),
      ),
      total: {
        key: 'total',
        persons: [...new Set(FORMS.flatMap((f) => [...(formPersons.get(f) as Set<string>)]))],
        sums: { sessions: FORMS.reduce((n, f) => n + (formCount.get(f) ?? 0), 0) },
      },
    },
    {
      key: 'outcomes',
      population: 'served',
      partition: false,
      rows: [
        plain('completed', outcomes.completed),
        plain('interrupted', outcomes.interrupted),
        plain('ongoing', outcomes.ongoing),
      ],
      total: { key: 'total', persons: all },
    },
  ];
  return {
    form: VICTIM_REHABILITATION_ANNUAL,
    populations: {
      served: all,
      'with-sessions': [...new Set(FORMS.flatMap((f) => [...(formPersons.get(f) as Set<string>)]))],
    },
    tables,
  };
}
