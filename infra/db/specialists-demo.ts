/**
 * Demo organisations of the specialists register (issue 19): the HR user `hr.riga` keeps the first one. Only seeded
 * when demo seeding is on. Registration numbers are fictitious.
 */
import { SpecialistOrganisation } from './entities/index.js';
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
