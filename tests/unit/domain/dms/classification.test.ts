/** Every service type the DMS classification suggests exists in the service catalogue (no invented codes). */
import { describe, expect, test } from '@jest/globals';
import { CLASSIFICATION_TABLE } from '../../../../domain/dms/classification.js';
import { SERVICE_CATALOGUE_SEED } from '../../../../domain/social-services/catalogue-seed.js';

const catalogueCodes = new Set(SERVICE_CATALOGUE_SEED.map((t) => t.code));
const suggestions = Object.entries(CLASSIFICATION_TABLE).flatMap(([system, rules]) =>
  Object.entries(rules)
    .filter(([, rule]) => rule.classification === 'social-service')
    .map(([docType, rule]) => [system, docType, rule.serviceType] as const),
);

describe('DMS classification suggests only catalogue service types', () => {
  test('there are social-service rules to check', () => {
    expect(suggestions.length).toBeGreaterThanOrEqual(5);
  });
  test.each(suggestions)('%s %s suggests %s, a catalogue code', (_system, _docType, serviceType) => {
    expect(catalogueCodes.has(serviceType ?? '')).toBe(true);
  });
});
