import { describe, expect, it } from '@jest/globals';
import {
  HEALTH_CONDITIONS,
  healthConditionName,
  isHealthConditionCode,
} from '../../../../domain/adoption/health-conditions.js';
import type { Adopter, AdopterWishes, AdoptionChild } from '../../../../domain/adoption/matching.js';
import { checkAdopter, matchingGroup, rankCandidates } from '../../../../domain/adoption/matching.js';

const RIGA = '0001000';
const CESIS = '0420200';

const child = (overrides: Partial<AdoptionChild> = {}): AdoptionChild => ({
  id: 'c1',
  birthDate: '2022-06-01', // turns 4 on 2026-06-01
  siblingGroup: null,
  healthConditions: [],
  regionAtvk: RIGA,
  ...overrides,
});

const wishes = (overrides: Partial<AdopterWishes> = {}): AdopterWishes => ({
  ageMin: 0,
  ageMax: 10,
  maxChildren: 1,
  acceptsSiblings: false,
  acceptedHealthConditions: [],
  regionsAtvk: [],
  ...overrides,
});

const adopter = (overrides: Partial<Adopter> = {}, w: Partial<AdopterWishes> = {}): Adopter => ({
  id: 'a1',
  active: true,
  approved: true,
  residence: 'LV',
  registeredAt: '2024-01-10',
  wishes: wishes(w),
  ...overrides,
});

const eligibleFor = (c: AdoptionChild, siblings: AdoptionChild[], a: Adopter, date: string): boolean =>
  rankCandidates(c, siblings, [a], date)[0]?.eligible ?? false;

describe('age in whole years on the date within [ageMin, ageMax]', () => {
  it.each([
    ['2026-05-31', 0, 3, true],
    ['2026-06-01', 0, 3, false], // 4th birthday
    ['2026-06-01', 4, 6, true],
    ['2026-05-31', 4, 6, false],
    ['2026-06-01', 4, 4, true],
    ['2027-05-31', 4, 4, true],
    ['2027-06-01', 4, 4, false],
  ])('on %s, range %i–%i → %s', (date, ageMin, ageMax, eligible) => {
    expect(eligibleFor(child(), [], adopter({}, { ageMin, ageMax }), date)).toBe(eligible);
  });

  it.each([
    ['2027-02-28', 2, false],
    ['2027-03-01', 3, true],
  ])('a child born 29 Feb 2024 on %s is %i', (date, _age, eligible) => {
    expect(
      eligibleFor(child({ birthDate: '2024-02-29' }), [], adopter({}, { ageMin: 3, ageMax: 5 }), date),
    ).toBe(eligible);
  });
});

describe('sibling groups are matched together', () => {
  const c1 = child({ id: 'c1', siblingGroup: 'G1' });
  const c2 = child({ id: 'c2', siblingGroup: 'G1', birthDate: '2019-01-10' }); // 7 on 2026-06-01
  const c3 = child({ id: 'c3', siblingGroup: 'G1', birthDate: '2023-03-03' }); // 3
  const other = child({ id: 'x9', siblingGroup: 'G2', birthDate: '2010-01-01' });

  it('builds the group from the same sibling group only, without duplicates', () => {
    expect(matchingGroup(c1, [c1, c2, other, c2]).map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(matchingGroup(child(), [c2]).map((c) => c.id)).toEqual(['c1']);
  });

  it.each([
    ['accepts siblings, max 2', [c2], { acceptsSiblings: true, maxChildren: 2 }, []],
    ['does not accept siblings', [c2], { acceptsSiblings: false, maxChildren: 2 }, ['siblings']],
    ['max 1 child', [c2], { acceptsSiblings: true, maxChildren: 1 }, ['max-children']],
    ['group of 3, max 2', [c2, c3], { acceptsSiblings: true, maxChildren: 2 }, ['max-children']],
    ['group of 3, max 3', [c2, c3], { acceptsSiblings: true, maxChildren: 3 }, []],
    ['every sibling’s age counts', [c2], { acceptsSiblings: true, maxChildren: 2, ageMax: 6 }, ['age']],
    ['the youngest sibling too', [c2, c3], { acceptsSiblings: true, maxChildren: 3, ageMin: 4 }, ['age']],
    ['an unrelated child is ignored', [other], { acceptsSiblings: false, maxChildren: 1 }, []],
  ])('%s → failed %j', (_label, siblings, w, failed) => {
    const group = matchingGroup(c1, siblings);
    expect(checkAdopter(group, adopter({}, w), '2026-06-01').failed).toEqual(failed);
  });
});

describe('health conditions of any sibling must be accepted', () => {
  const c1 = child({ id: 'c1', siblingGroup: 'G1', healthConditions: ['HC01'] });
  const c2 = child({ id: 'c2', siblingGroup: 'G1', healthConditions: ['HC03', 'HC01'] });
  it.each([
    [[], ['HC01', 'HC03'], true],
    [[], ['HC01'], false],
    [[], [], false],
    [[], ['HC01', 'HC03', 'HC05'], true],
  ])('siblings %j, accepted %j → %s', (_x, accepted, eligible) => {
    const a = adopter({}, { acceptsSiblings: true, maxChildren: 2, acceptedHealthConditions: accepted });
    expect(eligibleFor(c1, [c2], a, '2026-06-01')).toBe(eligible);
  });

  it('names the missing condition', () => {
    const a = adopter({}, { acceptsSiblings: true, maxChildren: 2, acceptedHealthConditions: ['HC01'] });
    expect(rankCandidates(c1, [c2], [a], '2026-06-01')[0]?.reasons.join(' ')).toMatch(/HC03/);
  });

  it('a child without conditions needs no accepted conditions', () => {
    expect(eligibleFor(child(), [], adopter(), '2026-06-01')).toBe(true);
  });
});

describe('regions', () => {
  it.each([
    [[], true],
    [[RIGA], true],
    [[CESIS, RIGA], true],
    [[CESIS], false],
  ])('adopter regions %j, child in Rīga → %s', (regionsAtvk, eligible) => {
    expect(eligibleFor(child(), [], adopter({}, { regionsAtvk }), '2026-06-01')).toBe(eligible);
  });
});

describe('approval and activity', () => {
  it('lists only active adopters; a non-approved one is ineligible with a reason', () => {
    const result = rankCandidates(
      child(),
      [],
      [adopter({ id: 'inactive', active: false }), adopter({ id: 'pending', approved: false })],
      '2026-06-01',
    );
    expect(result).toEqual([
      { adopterId: 'pending', eligible: false, rank: null, reasons: ['adopter is not approved'] },
    ]);
  });

  it('names every failed criterion', () => {
    const c = child({ siblingGroup: 'G', healthConditions: ['HC02'] });
    const sib = child({ id: 'c2', siblingGroup: 'G' });
    const a = adopter({ approved: false }, { ageMax: 2, regionsAtvk: [CESIS] });
    expect(checkAdopter(matchingGroup(c, [sib]), a, '2026-06-01').failed).toEqual([
      'approved',
      'age',
      'siblings',
      'max-children',
      'health',
      'region',
    ]);
  });
});

describe('ranking: Latvia first, then registration date, then id', () => {
  const adopters: Adopter[] = [
    adopter({ id: 'b', residence: 'LV', registeredAt: '2024-05-01' }),
    adopter({ id: 'a', residence: 'DE', registeredAt: '2020-01-01' }),
    adopter({ id: 'z', residence: 'LV', registeredAt: '2025-01-01' }),
    adopter(
      { id: 'old-but-ineligible', residence: 'LV', registeredAt: '2019-01-01' },
      { regionsAtvk: [CESIS] },
    ),
    adopter({ id: 'a', residence: 'lv', registeredAt: '2024-05-01' }),
    adopter({ id: 'c', residence: 'NO', registeredAt: '2019-06-01' }),
    adopter({ id: 'gone', active: false, registeredAt: '2010-01-01' }),
  ];

  it('ranks eligible adopters 1..n and lists ineligible ones after them', () => {
    const result = rankCandidates(child(), [], adopters, '2026-06-01');
    expect(result.map((r) => [r.adopterId, r.eligible, r.rank])).toEqual([
      ['a', true, 1], // LV, 2024-05-01, id a
      ['b', true, 2], // LV, 2024-05-01, id b
      ['z', true, 3], // LV, 2025-01-01
      ['c', true, 4], // abroad, 2019
      ['a', true, 5], // abroad, 2020
      ['old-but-ineligible', false, null],
    ]);
  });

  it('is independent of input order', () => {
    const forward = rankCandidates(child(), [], adopters, '2026-06-01');
    const reversed = rankCandidates(child(), [], [...adopters].reverse(), '2026-06-01');
    expect(reversed).toEqual(forward);
  });

  it('explains the ranking basis of eligible adopters', () => {
    const [first] = rankCandidates(child(), [], adopters, '2026-06-01');
    expect(first?.reasons.join(' ')).toMatch(/Latvia/);
    expect(first?.reasons.join(' ')).toMatch(/2024-05-01/);
  });

  it('ties on residence and date are broken by id in code-unit order', () => {
    const tied = ['B', 'a', 'A', 'b10', 'b2'].map((id) => adopter({ id }));
    expect(rankCandidates(child(), [], tied, '2026-06-01').map((r) => r.adopterId)).toEqual([
      'A',
      'B',
      'a',
      'b10',
      'b2',
    ]);
  });
});

describe('health-condition classifier', () => {
  it('has 8–10 unique codes with Latvian names', () => {
    expect(HEALTH_CONDITIONS.length).toBeGreaterThanOrEqual(8);
    expect(HEALTH_CONDITIONS.length).toBeLessThanOrEqual(10);
    expect(new Set(HEALTH_CONDITIONS.map((c) => c.code)).size).toBe(HEALTH_CONDITIONS.length);
    expect(healthConditionName('HC01')).toBe('Hroniska slimība');
    expect(isHealthConditionCode('HC99')).toBe(false);
  });
});
