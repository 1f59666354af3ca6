/**
 * Demo organisations of the specialists register (issue 19): the HR user `hr.riga` keeps the first one. Only seeded
 * when demo seeding is on. Registration numbers are fictitious.
 */
import {
  Specialist,
  SpecialistEmployment,
  SpecialistOrganisation,
  SpecialistTraining,
} from './entities/index.js';
import type { Em } from './orm.js';

export const DEMO_SPECIALIST_ORGANISATIONS = [
  {
    id: '01938f00-0000-7000-8000-000000000001',
    name: 'Rīgas valstspilsētas pašvaldības Sociālais dienests',
    kind: 'social-service',
    municipalityAtvk: '0001000',
    registrationNo: 'DEMO-90000000001',
  },
  {
    id: '01938f00-0000-7000-8000-000000000002',
    name: 'Cēsu novada bāriņtiesa',
    kind: 'orphan-court',
    municipalityAtvk: '0026000',
    registrationNo: 'DEMO-90000000002',
  },
  {
    id: '01938f00-0000-7000-8000-000000000003',
    name: 'Valsts policija',
    kind: 'police',
    municipalityAtvk: null,
    registrationNo: 'DEMO-90000000003',
  },
] as const;

export const DEMO_HR_ORGANISATION_ID = DEMO_SPECIALIST_ORGANISATIONS[0].id;

/** Creates the demo organisations that are missing (idempotent). */
export async function seedSpecialistOrganisations(em: Em): Promise<void> {
  for (const o of DEMO_SPECIALIST_ORGANISATIONS) {
    if (await em.findOne(SpecialistOrganisation, { id: o.id })) continue;
    em.create(SpecialistOrganisation, { ...o, createdAt: new Date() });
  }
  await em.flush();
}

const FIRST = [
  'Anna',
  'Jānis',
  'Līga',
  'Andris',
  'Ilze',
  'Mārtiņš',
  'Dace',
  'Pēteris',
  'Inese',
  'Raivis',
  'Zane',
  'Edgars',
];
const LAST = [
  'Bērziņa',
  'Kalniņš',
  'Ozola',
  'Liepiņš',
  'Krūmiņa',
  'Vītols',
  'Zariņa',
  'Jansons',
  'Eglīte',
  'Balodis',
];

/** The seven demo situations, by how far back the employment and the training lie (in months from today). */
const SITUATIONS: { employedMonthsAgo: number; trainedMonthsAgo: number | null; leftMonthsAgo?: number }[] = [
  { employedMonthsAgo: 36, trainedMonthsAgo: 24 }, // compliant
  { employedMonthsAgo: 2, trainedMonthsAgo: null }, // initial-due
  { employedMonthsAgo: 14, trainedMonthsAgo: null }, // initial-overdue
  { employedMonthsAgo: 96, trainedMonthsAgo: 59 }, // refresher-due
  { employedMonthsAgo: 120, trainedMonthsAgo: 62 }, // refresher-overdue
  { employedMonthsAgo: 60, trainedMonthsAgo: 50, leftMonthsAgo: 12 }, // inactive
  { employedMonthsAgo: 6, trainedMonthsAgo: 30 }, // trained before this employment: compliant
];

function monthsBefore(today: string, months: number): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

function dayBefore(iso: string): string {
  const t = new Date(`${iso}T00:00:00Z`).getTime() - 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/**
 * About fifty demo specialists across the three demo organisations in every state (compliant, initial due and
 * overdue, refresher due and overdue, left), plus a few who moved between organisations. Idempotent by personal code.
 * Personal codes are of the new format (`32…`), never a real person's.
 */
export async function seedSpecialistsDemo(em: Em, today: string): Promise<number> {
  let created = 0;
  const now = new Date();
  for (let i = 0; i < 49; i++) {
    const org = DEMO_SPECIALIST_ORGANISATIONS[i % 3];
    const situation = SITUATIONS[Math.floor(i / 3) % SITUATIONS.length];
    if (!org || !situation) continue;
    const personalCode = `32${String(9000 + i).padStart(4, '0')}-${String(10000 + i * 7).padStart(5, '0')}`;
    if (await em.findOne(Specialist, { personalCode })) continue;
    const id = `01938f01-0000-7000-8000-${String(i + 1).padStart(12, '0')}`;
    const positionKind =
      org.kind === 'police'
        ? 'police-officer'
        : org.kind === 'orphan-court'
          ? 'orphan-court-member'
          : 'social-worker';
    const position = {
      'police-officer': 'inspektors',
      'orphan-court-member': 'bāriņtiesas loceklis',
      'social-worker': 'sociālais darbinieks',
    }[positionKind];
    // Every seventh person moved here from another demo organisation a year ago (the clock moved with them).
    const moved = i % 7 === 6 && situation.employedMonthsAgo > 12 && !situation.leftMonthsAgo;
    const from = monthsBefore(today, situation.employedMonthsAgo);
    const movedOn = monthsBefore(today, 12);
    const periods = moved
      ? [
          { organisationId: DEMO_SPECIALIST_ORGANISATIONS[(i + 1) % 3]!.id, from, to: dayBefore(movedOn) },
          { organisationId: org.id, from: movedOn, to: null },
        ]
      : [
          {
            organisationId: org.id,
            from,
            to: situation.leftMonthsAgo ? monthsBefore(today, situation.leftMonthsAgo) : null,
          },
        ];
    em.create(Specialist, {
      id,
      personalCode,
      firstName: FIRST[i % FIRST.length]!,
      lastName: LAST[(i * 3) % LAST.length]!,
      organisationId: org.id,
      position,
      positionKind,
      createdAt: now,
      updatedAt: now,
    });
    periods.forEach((p, n) =>
      em.create(SpecialistEmployment, {
        id: `01938f02-0000-7000-8000-${String(i * 4 + n + 1).padStart(12, '0')}`,
        specialistId: id,
        organisationId: p.organisationId,
        position,
        positionKind,
        employedFrom: p.from,
        employedTo: p.to,
        createdAt: now,
      }),
    );
    if (situation.trainedMonthsAgo !== null) {
      em.create(SpecialistTraining, {
        id: `01938f03-0000-7000-8000-${String(i + 1).padStart(12, '0')}`,
        specialistId: id,
        kind: 'initial',
        completedOn: monthsBefore(today, situation.trainedMonthsAgo),
        hours: 40,
        programme: 'Bērnu tiesību aizsardzības pamatprogramma',
        provider: 'VBTAI mācību centrs',
        certificateNo: `DEMO-${1000 + i}`,
        source: 'import',
        recordedBy: 'seed',
        createdAt: now,
      });
    }
    created++;
  }
  await em.flush();
  return created;
}
