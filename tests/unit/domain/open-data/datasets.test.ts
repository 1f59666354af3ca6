import { describe, expect, it } from '@jest/globals';
import { auditDisclosure } from '../../../../domain/open-data/disclosure.js';
import {
  buildRelease,
  columnsOf,
  DATASETS,
  publishedProblem,
  WITHHELD_FLAG,
  type OpenDataFacts,
} from '../../../../domain/open-data/datasets.js';
import { attack } from '../../../helpers/disclosure-attacker.js';

const RIGA = '0010000';
const OGRE = '0740001';
const person = (n: number): string => `p${n}`;

/** Riga: many recipients; Ogre: a single home-care client (a 1) and two day-centre clients. */
const facts: OpenDataFacts = {
  municipalities: [RIGA, OGRE],
  serviceTypes: [
    { code: 'home-care', funding: 'municipal' },
    { code: 'day-centre', funding: 'municipal' },
    { code: 'long-term-care', funding: 'state' },
  ],
  organisationKinds: ['social-service', 'orphan-court'],
  services: [
    ...Array.from({ length: 9 }, (_, i) => ({
      personRef: person(i),
      atvk: RIGA,
      serviceType: 'home-care',
      from: '2026-02-01',
      to: null,
    })),
    ...Array.from({ length: 5 }, (_, i) => ({
      personRef: person(i),
      atvk: RIGA,
      serviceType: 'day-centre',
      from: '2026-03-01',
      to: '2026-06-30',
    })),
    ...Array.from({ length: 4 }, (_, i) => ({
      personRef: person(20 + i),
      atvk: RIGA,
      serviceType: 'long-term-care',
      from: '2025-01-01',
      to: null,
    })),
    { personRef: person(40), atvk: OGRE, serviceType: 'home-care', from: '2026-01-10', to: null },
    { personRef: person(41), atvk: OGRE, serviceType: 'day-centre', from: '2026-01-10', to: null },
    { personRef: person(42), atvk: OGRE, serviceType: 'day-centre', from: '2026-01-10', to: null },
    { personRef: person(43), atvk: OGRE, serviceType: 'long-term-care', from: '2026-05-01', to: null },
  ],
  statuses: [
    ...Array.from({ length: 6 }, (_, i) => ({
      personRef: person(i),
      atvk: RIGA,
      status: 'needy' as const,
      validFrom: '2026-01-01',
      validTo: '2026-03-31',
    })),
    {
      personRef: person(40),
      atvk: OGRE,
      status: 'low-income',
      validFrom: '2026-01-01',
      validTo: '2026-06-30',
    },
  ],
  gmi: [
    { householdRef: 'h1', atvk: RIGA, month: '2026-01' },
    { householdRef: 'h2', atvk: RIGA, month: '2026-01' },
    { householdRef: 'h3', atvk: RIGA, month: '2026-01' },
  ],
  specialists: [
    {
      personRef: 's1',
      atvk: OGRE,
      organisationKind: 'orphan-court',
      employedFrom: '2020-01-01',
      employedTo: null,
      trainedOn: '2021-01-01',
    },
  ],
};
const release = buildRelease(facts, { years: ['2026'], months: ['2026-01', '2026-02', '2026-03'] });

describe('open data release', () => {
  it('publishes every dataset with an atvk column of 7-digit codes and documented columns', () => {
    expect(release.map((d) => d.definition.code)).toEqual(DATASETS.map((d) => d.code));
    for (const d of release) {
      const names = columnsOf(d.definition).map((c) => c.name);
      for (const row of d.rows) {
        expect(Object.keys(row)).toEqual(names);
        expect(row.atvk).toMatch(/^\d{7}$/);
      }
    }
  });

  it('no count of 1 or 2 and no other column holding a bare 1 or 2', () => {
    for (const d of release) {
      for (const row of d.rows) {
        for (const value of Object.values(row)) expect(['1', '2']).not.toContain(value);
      }
    }
  });

  it('withholds Ogre’s single home-care client and its neighbours, with the flag', () => {
    const services = release.find((d) => d.definition.code === 'social-service-recipients')!;
    const ogreHome = services.rows.find((r) => r.atvk === OGRE && r.service_type === 'home-care')!;
    expect(ogreHome).toMatchObject({ persons: '', flag: WITHHELD_FLAG });
    const rigaHome = services.rows.find((r) => r.atvk === RIGA && r.service_type === 'home-care')!;
    expect(rigaHome).toMatchObject({ persons: '9', flag: '' });
  });

  it('from the published rows alone, the audit is clean and the attacks recover nothing', () => {
    const { problem, withheld } = publishedProblem(
      release.map((d) => ({ code: d.definition.code, rows: d.rows })),
    );
    expect(withheld.size).toBeGreaterThan(0);
    expect(auditDisclosure(problem, withheld)).toEqual([]);
    const result = attack(problem, withheld);
    expect(result.recovered.size).toBe(0);
    expect(result.narrowed.size).toBe(0);
  });

  it('a shared figure (state-funded long-term care) is withheld in both datasets alike', () => {
    const cell = (code: string) =>
      release
        .find((d) => d.definition.code === code)!
        .rows.find((r) => r.atvk === OGRE && r.service_type === 'long-term-care')!;
    expect(cell('social-service-recipients').flag).toBe(cell('state-funded-service-recipients').flag);
    expect(cell('social-service-recipients').flag).toBe(WITHHELD_FLAG);
  });
});
