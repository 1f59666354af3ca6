import {
  checkReport,
  countVictimRehabilitationAnnual,
  figuresOf,
  parseReportPeriod,
  type PersonAttributes,
  type RehabilitationCourse,
  type RehabilitationSessionRecord,
} from '../../../../domain/reports/index.js';

const year = (y: string) => parseReportPeriod(y, 'year');
const course = (
  over: Partial<RehabilitationCourse> & Pick<RehabilitationCourse, 'serviceId' | 'personId'>,
): RehabilitationCourse => ({
  group: 'adult',
  harmKind: 'physical',
  startDate: '2026-02-01',
  endDate: null,
  outcome: null,
  ...over,
});
const person = (personId: string, birthDate: string, sex: 'female' | 'male'): PersonAttributes => ({
  personId,
  birthDate,
  sex,
});

function count(
  courses: RehabilitationCourse[],
  sessions: RehabilitationSessionRecord[],
  persons: PersonAttributes[],
  y = '2026',
) {
  const counted = countVictimRehabilitationAnnual(
    {
      courses,
      sessions,
      persons,
      settlements: courses.map((c) => ({ serviceId: c.serviceId, month: `${y}-03`, amountCents: 10_000 })),
    },
    year(y),
  );
  expect(checkReport(counted)).toEqual([]);
  return Object.fromEntries(figuresOf(counted).map((t) => [t.key, t]));
}

describe('victim-rehabilitation-annual counting rules (annex 4)', () => {
  const persons = [
    person('a', '1980-01-01', 'female'),
    person('c', '2009-06-01', 'male'),
    person('t', '1990-01-01', 'female'),
  ];
  // An adult's course interrupted in May; a child's course that runs on; a trafficking victim's completed course.
  const courses = [
    course({
      serviceId: 's-a',
      personId: 'a',
      harmKind: 'emotional',
      endDate: '2026-05-10',
      outcome: 'interrupted',
    }),
    course({ serviceId: 's-c', personId: 'c', group: 'child', harmKind: 'sexual', startDate: '2025-11-01' }),
    course({
      serviceId: 's-t',
      personId: 't',
      harmKind: 'trafficking',
      endDate: '2026-09-30',
      outcome: 'completed',
    }),
  ];
  const sessions: RehabilitationSessionRecord[] = [
    { serviceId: 's-a', date: '2026-02-03', form: 'consultation' },
    { serviceId: 's-a', date: '2026-02-10', form: 'consultation' },
    { serviceId: 's-c', date: '2025-12-01', form: 'consultation' },
    { serviceId: 's-c', date: '2026-01-05', form: 'consultation' },
    { serviceId: 's-t', date: '2026-03-01', form: 'institution-day' },
    { serviceId: 's-t', date: '2026-03-02', form: 'institution-day' },
    { serviceId: 's-a', date: '2026-04-01', form: 'crisis-flat-day' },
  ];

  it('persons by adults/children with sex and age on the last day served, and the state funds used', () => {
    const t = count(courses, sessions, persons)['persons']!;
    expect(t.rows.map((r) => [r.key, r.persons, r.sums?.['amountEur']])).toEqual([
      ['adults', 2, 200],
      ['children', 1, 100],
    ]);
    // The child turned 17 in 2026 and is served to the year's end: 0–17.
    expect(t.rows[1]!.breakdowns!['ageGroup']!['0-17']).toBe(1);
    expect(t.total).toMatchObject({ persons: 3, sums: { amountEur: 300 } });
    expect(t.total.breakdowns!['sex']).toEqual({ female: 2, male: 1, unknown: 0 });
  });

  it('an interrupted rehabilitation counts as interrupted in the year it ended; an open course as ongoing', () => {
    const outcomes = count(courses, sessions, persons)['outcomes']!;
    expect(outcomes.rows.map((r) => [r.key, r.persons])).toEqual([
      ['completed', 1],
      ['interrupted', 1],
      ['ongoing', 1],
    ]);
  });

  it('sessions of the year by form (the previous year’s are left out); kinds of harm', () => {
    const f = count(courses, sessions, persons);
    expect(f['forms']!.rows.map((r) => [r.key, r.persons, r.sums?.['sessions']])).toEqual([
      ['consultation', 2, 3],
      ['institution-day', 1, 2],
      ['crisis-flat-day', 1, 1],
    ]);
    expect(f['forms']!.total).toMatchObject({ persons: 3, sums: { sessions: 6 } });
    expect(Object.fromEntries(f['harm']!.rows.map((r) => [r.key, r.persons]))).toMatchObject({
      emotional: 1,
      sexual: 1,
      trafficking: 1,
      physical: 0,
    });
  });

  it('the previous year: only the child, ongoing, one consultation', () => {
    const f = count(courses, sessions, persons, '2025');
    expect(f['persons']!.total.persons).toBe(1);
    expect(f['outcomes']!.rows.find((r) => r.key === 'ongoing')!.persons).toBe(1);
    expect(f['forms']!.total.sums).toEqual({ sessions: 1 });
  });

  it('a course whose record does not say the harm counts as not recorded', () => {
    const f = count(
      [course({ serviceId: 's-x', personId: 'x', harmKind: null })],
      [],
      [person('x', '1970-01-01', 'male')],
    );
    expect(f['harm']!.rows.find((r) => r.key === 'not-recorded')!.persons).toBe(1);
    expect(f['harm']!.total.persons).toBe(1);
  });
});
