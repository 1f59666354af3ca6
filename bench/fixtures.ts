/** Bench fixtures: many clients with open cases, written in batches straight to the database. */
import { Case, Person, type ICase } from '../infra/db/entities/index.js';
import type { Em } from '../infra/db/orm.js';
import { newId } from '../infra/ids.js';

/**
 * `total` synthetic clients (new-format personal codes no registry knows) with an open case each in
 * `municipalityCode`, numbered from `from`. Case numbers use the year 2019 so they never collide with numbers the API hands out.
 */
export async function createBenchCases(
  em: Em,
  total: number,
  municipalityCode = '0001000',
  /** The first client's number: later calls continue where an earlier one stopped. */
  from = 0,
): Promise<ICase[]> {
  const now = new Date();
  const cases: ICase[] = [];
  for (let batch = 0; batch * 500 < total; batch++) {
    await em.transactional(async (tx) => {
      for (let i = 0; i < 500 && batch * 500 + i < total; i++) {
        const n = from + batch * 500 + i;
        const person = tx.create(Person, {
          id: newId(),
          personalCode: `32${String(n).padStart(4, '0')}-${String(20000 + n).slice(-5)}`,
          firstName: 'Bench',
          lastName: `Klients${n}`,
          searchName: `bench klients${n}`,
          birthDate: '1980-01-01',
          deathDate: null,
          createdAt: now,
        });
        cases.push(
          tx.create(Case, {
            id: newId(),
            number: `${municipalityCode}-2019-${String(n).padStart(6, '0')}`,
            municipalityCode,
            personId: person.id,
            status: 'open',
            openKey: `${person.id}:${municipalityCode}`,
            openedAt: now,
            openedBy: 'bench',
            closedAt: null,
          }),
        );
      }
    });
  }
  return cases;
}
