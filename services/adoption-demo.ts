/**
 * Demo data of the adoption register (demo mode only; idempotent): three children — a sibling pair in Rīga and a
 * girl in Cēsu novads — and four adopters: three residing in Latvia with different registration dates, one abroad.
 * The persons are created here (valid personal codes, none of them known to the registry simulator, so VDEĀVK would
 * answer "not found" and reports no disability). Rows go through the register's own validation
 * (`validateNewChild`, the VDEĀVK consistency rule, `registerAdopter`) instead of the API, so seeding needs no
 * running simulator. Test stacks (mode `test`) skip it, so suites that assert exact register contents stay exact;
 * a test that wants the demo register calls `seedAdoptionDemo` itself.
 */
import { disabilityConsistencyError } from '../domain/adoption/rules.js';
import { rigaToday } from '../infra/clock.js';
import type { Config } from '../infra/config.js';
import { CESIS_NOVADS, RIGA } from '../infra/db/municipalities.js';
import { AdoptionAdopter, AdoptionChild, Person, type IPerson } from '../infra/db/entities/index.js';
import type { Em } from '../infra/db/orm.js';
import { newId, newPersonId } from '../infra/ids.js';
import { registerAdopter, validateNewChild, type NewAdopterInput } from './adoption/register.js';
import { searchNameOf } from './case-file.js';

interface DemoPerson {
  personalCode: string;
  firstName: string;
  lastName: string;
  birthDate: string;
}

export const ADOPTION_DEMO_ACTOR = 'seed';
export const ADOPTION_DEMO_SIBLING_GROUP = 'LIEPAS-2024';

export const ADOPTION_DEMO_CHILDREN: readonly (DemoPerson & {
  legallyFreeSince: string;
  siblingGroup: string | null;
  healthConditions: string[];
  regionAtvk: string;
})[] = [
  {
    personalCode: '120419-27311',
    firstName: 'Marta',
    lastName: 'Liepa',
    birthDate: '2019-04-12',
    legallyFreeSince: '2024-10-01',
    siblingGroup: ADOPTION_DEMO_SIBLING_GROUP,
    healthConditions: [],
    regionAtvk: RIGA,
  },
  {
    personalCode: '030916-27427',
    firstName: 'Kārlis',
    lastName: 'Liepa',
    birthDate: '2016-09-03',
    legallyFreeSince: '2024-10-01',
    siblingGroup: ADOPTION_DEMO_SIBLING_GROUP,
    healthConditions: ['HC03'],
    regionAtvk: RIGA,
  },
  {
    personalCode: '200121-27534',
    firstName: 'Emīlija',
    lastName: 'Krūmiņa',
    birthDate: '2021-01-20',
    legallyFreeSince: '2025-05-15',
    siblingGroup: null,
    healthConditions: [],
    regionAtvk: CESIS_NOVADS,
  },
];

export const ADOPTION_DEMO_ADOPTERS: readonly {
  applicants: DemoPerson[];
  approvedAt: string;
  registeredAt: string;
  residence: string;
  wishes: NewAdopterInput['wishes'];
}[] = [
  {
    // A couple accepting siblings: eligible for the Liepa siblings and for Emīlija.
    applicants: [
      { personalCode: '170582-17642', firstName: 'Edvīns', lastName: 'Vītols', birthDate: '1982-05-17' },
      { personalCode: '021184-17768', firstName: 'Līga', lastName: 'Vītola', birthDate: '1984-11-02' },
    ],
    approvedAt: '2024-02-15',
    registeredAt: '2024-03-01',
    residence: 'LV',
    wishes: {
      ageMin: 0,
      ageMax: 12,
      maxChildren: 2,
      acceptsSiblings: true,
      acceptedHealthConditions: ['HC01', 'HC03'],
      regionsAtvk: [],
    },
  },
  {
    // Only Rīga and one child: the region or the sibling group rules her out.
    applicants: [
      { personalCode: '230279-17866', firstName: 'Inga', lastName: 'Sīle', birthDate: '1979-02-23' },
    ],
    approvedAt: '2024-08-20',
    registeredAt: '2024-09-10',
    residence: 'LV',
    wishes: {
      ageMin: 2,
      ageMax: 8,
      maxChildren: 1,
      acceptsSiblings: false,
      acceptedHealthConditions: [],
      regionsAtvk: [RIGA],
    },
  },
  {
    applicants: [
      { personalCode: '080786-17972', firstName: 'Artis', lastName: 'Kalējs', birthDate: '1986-07-08' },
    ],
    approvedAt: '2025-01-05',
    registeredAt: '2025-01-15',
    residence: 'LV',
    wishes: {
      ageMin: 0,
      ageMax: 6,
      maxChildren: 2,
      acceptsSiblings: true,
      acceptedHealthConditions: [],
      regionsAtvk: [],
    },
  },
  {
    // Registered first, but abroad: proposed only after the eligible Latvian candidates.
    applicants: [
      { personalCode: '301081-18084', firstName: 'Kristīne', lastName: 'Millere', birthDate: '1981-10-30' },
    ],
    approvedAt: '2023-05-10',
    registeredAt: '2023-06-01',
    residence: 'DE',
    wishes: {
      ageMin: 0,
      ageMax: 12,
      maxChildren: 3,
      acceptsSiblings: true,
      acceptedHealthConditions: ['HC01', 'HC02', 'HC03'],
      regionsAtvk: [],
    },
  },
];

async function demoPerson(em: Em, p: DemoPerson): Promise<IPerson> {
  const existing = await em.findOne(Person, { personalCode: p.personalCode });
  if (existing) return existing;
  const person = em.create(Person, {
    id: newPersonId(),
    personalCode: p.personalCode,
    firstName: p.firstName,
    lastName: p.lastName,
    searchName: searchNameOf(p.firstName, p.lastName),
    birthDate: p.birthDate,
    deathDate: null,
    createdAt: new Date(),
  });
  await em.flush();
  return person;
}

/**
 * Seeds the demo register when demo seeding is on (never in production, skipped in test mode). Idempotent: a child
 * already in the register (any state) and an adopter with the same applicants are left as they are.
 */
export async function seedAdoptionDemo(
  em: Em,
  config: Pick<Config, 'demo'> & { mode?: Config['mode'] },
): Promise<{ children: number; adopters: number }> {
  const created = { children: 0, adopters: 0 };
  if (!config.demo.seed || config.mode === 'test' || config.mode === 'production') return created;
  for (const c of ADOPTION_DEMO_CHILDREN) {
    const person = await demoPerson(em, c);
    if (await em.findOne(AdoptionChild, { personId: person.id })) continue;
    const input = {
      personId: person.id,
      legallyFreeSince: c.legallyFreeSince,
      siblingGroup: c.siblingGroup,
      healthConditions: [...c.healthConditions],
      regionAtvk: c.regionAtvk,
    };
    await validateNewChild(em, input);
    // None of the demo children is known to VDEĀVK (checked against the simulator's fixtures): no disability.
    const consistency = disabilityConsistencyError(input.healthConditions, null, rigaToday());
    if (consistency) throw new Error(`demo child ${c.firstName}: ${consistency}`);
    const now = new Date();
    em.create(AdoptionChild, {
      id: newId(),
      ...input,
      state: 'active',
      disabilityGroup: null,
      vdeavkOutcome: 'not-found',
      vdeavkRequestId: null,
      createdAt: now,
      createdBy: ADOPTION_DEMO_ACTOR,
      updatedAt: now,
      archivedAt: null,
      withdrawnReason: null,
    });
    await em.flush();
    created.children++;
  }
  const adopters = await em.find(AdoptionAdopter, {});
  const key = (ids: readonly string[]) => [...ids].sort().join(',');
  const known = new Set(adopters.map((a) => key(a.applicantPersonIds)));
  for (const a of ADOPTION_DEMO_ADOPTERS) {
    const persons: IPerson[] = [];
    for (const p of a.applicants) persons.push(await demoPerson(em, p));
    const ids = persons.map((p) => p.id);
    if (known.has(key(ids))) continue;
    await registerAdopter(em, ADOPTION_DEMO_ACTOR, {
      applicantPersonIds: ids,
      approvedAt: a.approvedAt,
      registeredAt: a.registeredAt,
      residence: a.residence,
      wishes: { ...a.wishes, acceptedHealthConditions: [...a.wishes.acceptedHealthConditions] },
    });
    known.add(key(ids));
    created.adopters++;
  }
  return created;
}
