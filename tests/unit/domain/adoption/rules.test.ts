import { describe, expect, it } from '@jest/globals';
import {
  ADOPTION_MATCH_DEFAULTS,
  disabilityConsistencyError,
  disabilityInForce,
  DISABILITY_HEALTH_CONDITION,
} from '../../../../domain/adoption/rules.js';
import { isHealthConditionCode } from '../../../../domain/adoption/health-conditions.js';

const group = (validFrom: string, validTo: string | null) => ({ group: 'II' as const, validFrom, validTo });

describe('adoption register rules', () => {
  it('the disability code is in the classifier and the defaults follow MK 794', () => {
    expect(isHealthConditionCode(DISABILITY_HEALTH_CONDITION)).toBe(true);
    expect(ADOPTION_MATCH_DEFAULTS.proposalDeadlineDays).toBe(14);
    expect(ADOPTION_MATCH_DEFAULTS.acquaintanceMonths).toBeGreaterThanOrEqual(6);
  });

  it.each([
    ['no disability', null, '2026-06-01', false],
    ['open-ended', group('2024-01-01', null), '2026-06-01', true],
    ['first day', group('2026-06-01', '2027-01-01'), '2026-06-01', true],
    ['before it starts', group('2026-06-02', null), '2026-06-01', false],
    ['last day', group('2024-01-01', '2026-06-01'), '2026-06-01', true],
    ['expired', group('2024-01-01', '2026-05-31'), '2026-06-01', false],
  ])('disability in force: %s', (_name, d, date, expected) => {
    expect(disabilityInForce(d, date)).toBe(expected);
  });

  it.each([
    [[], null, null],
    [[], group('2024-01-01', null), /must include HC02/],
    [['HC01'], group('2024-01-01', null), /must include HC02/],
    [['HC02'], group('2024-01-01', null), null],
    [['HC02'], null, null], // the converse is not enforced (assessment may be pending)
    [[], group('2020-01-01', '2025-12-31'), null], // expired group
  ] as const)('healthConditions %j with VDEĀVK %j', (codes, d, expected) => {
    const error = disabilityConsistencyError(codes, d, '2026-06-01');
    if (expected === null) expect(error).toBeNull();
    else expect(error).toMatch(expected);
  });
});
