import { describe, expect, it } from '@jest/globals';
import {
  institutionKind,
  municipalityGenitive,
  purposeCategory,
} from '../../domain/citizen/access-history.js';

describe('who read my data: how an entry is described', () => {
  it.each([
    ['Rīga', 'Rīgas'],
    ['Jelgava', 'Jelgavas'],
    ['Rēzekne', 'Rēzeknes'],
    ['Daugavpils', 'Daugavpils'],
    ['Ventspils', 'Ventspils'],
    ['Cēsu novads', 'Cēsu novada'],
    ['Ventspils novads', 'Ventspils novada'],
  ])('%s → %s sociālais dienests', (name, genitive) => {
    expect(municipalityGenitive(name)).toBe(genitive);
  });

  it.each([
    ['social_worker', '0001000', 'social-service'],
    ['supervisor', '0026000', 'social-service'],
    ['bac_inspector', null, 'bac'],
    ['adoption_specialist', null, 'ministry'],
    ['auditor', null, 'ministry-audit'],
    ['service_provider', '0001000', 'provider'],
    ['admin', null, 'system-admin'],
    ['system', null, 'automatic'],
  ] as const)('role %s (%s) acts for %s', (role, municipality, kind) => {
    expect(institutionKind(role, municipality)).toBe(kind);
  });

  it.each([
    ['case.read', 'case'],
    ['case.events.read', 'case'],
    ['document.download', 'documents'],
    ['registry.request', 'registry'],
    ['household.read', 'household'],
    ['means-test.read', 'means-test'],
    ['social-service.read', 'social-service'],
    ['audit.read', 'audit'],
    ['something.new', 'other'],
  ])('action %s is about %s', (action, category) => {
    expect(purposeCategory(action)).toBe(category);
  });
});
