/**
 * Idempotent seeding: reference data always (the 43 municipalities); demo users and demo clients only when demo
 * seeding is on (never in production mode).
 */
import { caseNumber } from './case-number.js';
import { newId, newPersonId } from '../ids.js';
import bcrypt from 'bcryptjs';
import type { Config } from '../config.js';
import type { Role } from '../../domain/access/roles.js';
import { Case, CaseEvent, Municipality, Person, User } from './entities/index.js';
import { CESIS_NOVADS, MUNICIPALITIES, RIGA } from './municipalities.js';
import type { Em } from './orm.js';
import { searchNameOf } from '../../services/case-file.js';
import { seedAdoptionDemo } from '../../services/adoption-demo.js';
import { seedServiceCatalogue } from '../../services/social-services/catalogue.js';
import { appendAudit } from '../../services/audit-log.js';
import { rigaToday } from '../clock.js';
import { seedDemoProvider } from './providers-demo.js';
import {
  DEMO_HR_ORGANISATION_ID,
  seedSpecialistOrganisations,
  seedSpecialistsDemo,
} from './specialists-demo.js';

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  municipalityCode: string | null;
  providerCode?: string | null;
  /** For an `org_hr` user: the specialists-register organisation (issue 19). */
  organisationId?: string | null;
}

/** The demo home-care provider of Rīga; its user records monthly deliveries (issue 6). */
export const DEMO_PROVIDER = {
  code: 'RSD-APRUPE',
  name: 'Rīgas Sociālais dienests: Aprūpes birojs',
} as const;

export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'soc.riga', displayName: 'Ilze Bērziņa', role: 'social_worker', municipalityCode: RIGA },
  { username: 'vad.riga', displayName: 'Andris Kalniņš', role: 'supervisor', municipalityCode: RIGA },
  {
    username: 'soc.cesis',
    displayName: 'Laura Ozola',
    role: 'social_worker',
    municipalityCode: CESIS_NOVADS,
  },
  { username: 'bac.uzraugs', displayName: 'Māris Liepa', role: 'bac_inspector', municipalityCode: null },
  {
    username: 'adopcija.lm',
    displayName: 'Dace Zariņa',
    role: 'adoption_specialist',
    municipalityCode: null,
  },
  { username: 'auditors', displayName: 'Pēteris Auziņš', role: 'auditor', municipalityCode: null },
  { username: 'admin', displayName: 'Sistēmas administrators', role: 'admin', municipalityCode: null },
  {
    username: 'aprupe.riga',
    displayName: 'Aprūpes birojs (pakalpojumu sniedzējs)',
    role: 'service_provider',
    municipalityCode: RIGA,
    providerCode: DEMO_PROVIDER.code,
  },
  {
    username: 'hr.riga',
    displayName: 'Inga Kārkliņa (personāla daļa)',
    role: 'org_hr',
    municipalityCode: RIGA,
    organisationId: DEMO_HR_ORGANISATION_ID,
  },
  // Issue 22: the Ministry's official of the provider register and the care queue, and the demo provider's own user.
  {
    username: 'lm.specialists',
    displayName: 'Sandra Vītola (LM)',
    role: 'lm_specialist',
    municipalityCode: null,
  },
  {
    username: 'sniedzejs.admin',
    displayName: 'Aprūpes birojs (reģistrācija)',
    role: 'provider_admin',
    municipalityCode: null,
    providerCode: DEMO_PROVIDER.code,
  },
  // Issue 20: the Ministry's analyst of the statistical reports, the national rehabilitation coordinator and a
  // rehabilitation provider's user.
  {
    username: 'lm.analitikis',
    displayName: 'Elīna Krūmiņa (LM)',
    role: 'lm_analyst',
    municipalityCode: null,
  },
  {
    username: 'rehab.koord',
    displayName: 'Ieva Liepiņa (rehabilitācijas koordinatore)',
    role: 'rehab_coordinator',
    municipalityCode: null,
  },
  {
    username: 'rehab.sniedzejs',
    displayName: 'Krīzes centrs (rehabilitācijas pakalpojumu sniedzējs)',
    role: 'service_provider',
    municipalityCode: RIGA,
    providerCode: 'DEMO-REHAB',
  },
];

/** Demo clients; their personal codes match dossiers of the registry simulator's fixtures. */
export const DEMO_CLIENTS: readonly {
  personalCode: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  municipalityCode: string;
}[] = [
  {
    personalCode: '140384-19729',
    firstName: 'Jānis',
    lastName: 'Bērziņš',
    birthDate: '1984-03-14',
    municipalityCode: RIGA,
  },
  {
    personalCode: '051290-19726',
    firstName: 'Olga',
    lastName: 'Kalniņa',
    birthDate: '1990-12-05',
    municipalityCode: RIGA,
  },
  {
    personalCode: '300675-18179',
    firstName: 'Raimonds',
    lastName: 'Ozols',
    birthDate: '1975-06-30',
    municipalityCode: CESIS_NOVADS,
  },
  {
    personalCode: '191052-11374',
    firstName: 'Biruta',
    lastName: 'Ozola',
    birthDate: '1952-10-19',
    municipalityCode: CESIS_NOVADS,
  },
];

export { caseNumber };

export async function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, 10);
}

export async function seedDatabase(
  em: Em,
  config: Pick<Config, 'demo'>,
): Promise<{ municipalities: number; users: number; clients: number }> {
  let municipalities = 0;
  let users = 0;
  let clients = 0;
  await em.transactional(async (tx) => {
    for (const m of MUNICIPALITIES) {
      const existing = await tx.findOne(Municipality, { atvk: m.atvk });
      if (existing) {
        existing.name = m.name;
        existing.kind = m.kind;
      } else {
        tx.create(Municipality, { ...m });
        municipalities++;
      }
    }
    await tx.flush();
    await seedServiceCatalogue(tx);
    if (!config.demo.seed) return;
    const passwordHash = await hashPassword(config.demo.password);
    await seedSpecialistOrganisations(tx);
    await seedSpecialistsDemo(tx, rigaToday());
    await seedDemoProvider(tx);
    for (const u of DEMO_USERS) {
      const existing = await tx.findOne(User, { username: u.username });
      if (existing) {
        existing.passwordHash = passwordHash;
        continue;
      }
      tx.create(User, {
        id: newId(),
        ...u,
        providerCode: u.providerCode ?? null,
        organisationId: u.organisationId ?? null,
        passwordHash,
        externalId: null,
        active: true,
        createdAt: new Date(),
      });
      users++;
    }
    for (const c of DEMO_CLIENTS) {
      let person = await tx.findOne(Person, { personalCode: c.personalCode });
      if (!person) {
        person = tx.create(Person, {
          id: newPersonId(),
          personalCode: c.personalCode,
          firstName: c.firstName,
          lastName: c.lastName,
          searchName: searchNameOf(c.firstName, c.lastName),
          birthDate: c.birthDate,
          deathDate: null,
          createdAt: new Date(),
        });
      }
      const openKey = `${person.id}:${c.municipalityCode}`;
      if (await tx.findOne(Case, { openKey })) continue;
      const now = new Date();
      const created = tx.create(Case, {
        id: newId(),
        number: await caseNumber(tx, c.municipalityCode, Number(rigaToday(now).slice(0, 4))),
        municipalityCode: c.municipalityCode,
        personId: person.id,
        status: 'open',
        openKey,
        openedAt: now,
        openedBy: 'seed',
        closedAt: null,
      });
      tx.create(CaseEvent, {
        id: newId(),
        caseId: created.id,
        occurredAt: now,
        type: 'case.opened',
        actor: 'seed',
        summary: 'Lieta atvērta (demo dati)',
        documentId: null,
        data: null,
      });
      await recordDemoRead(tx, created.id, person.id, c.municipalityCode);
      clients++;
    }
    await seedAdoptionDemo(tx, config);
  });
  return { municipalities, users, clients };
}

/**
 * The demo client's social worker has read the case once, so the person's "who read my data" in the citizen portal
 * is not empty on a fresh demo (an audit entry like any other: the worker, the case, the person).
 */
async function recordDemoRead(
  tx: Em,
  caseId: string,
  personId: string,
  municipalityCode: string,
): Promise<void> {
  const worker = DEMO_USERS.find(
    (u) => u.role === 'social_worker' && u.municipalityCode === municipalityCode,
  );
  if (!worker) return;
  await appendAudit(tx, {
    actor: worker.username,
    role: worker.role,
    municipalityCode,
    action: 'case.read',
    resourceType: 'case',
    resourceId: caseId,
    caseId,
    subjectPersonId: personId,
    outcome: 'success',
    details: { via: 'demo-seed' },
  });
}
