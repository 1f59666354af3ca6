/**
 * One error for a municipality that is not in the register (issue 16): a DomainError, so app.onError maps it to
 * problem+json in one place — 404 when the path names the municipality, 422 on the field when the body does.
 */
import { describe, expect, it } from '@jest/globals';
import { MUNICIPALITY_FIELD } from '../../domain/dms/dialects.js';
import { DomainError, UnknownMunicipalityError } from '../../services/errors.js';

describe('UnknownMunicipalityError', () => {
  it('named in the path: a not-found DomainError', () => {
    const err = new UnknownMunicipalityError('9999999');
    expect(err).toBeInstanceOf(DomainError);
    expect([err.kind, err.message, err.issues, err.atvk]).toEqual([
      'not-found',
      'no municipality 9999999',
      [],
      '9999999',
    ]);
  });

  it.each([
    ['namejs', 'document.institution.atvk'],
    ['lietvaris', 'pasvaldiba_atvk'],
  ] as const)('named in a %s document: a validation error on %s', (system, path) => {
    const err = new UnknownMunicipalityError('9999999', MUNICIPALITY_FIELD[system]);
    expect(err).toBeInstanceOf(DomainError);
    expect([err.kind, err.message, err.issues]).toEqual([
      'validation',
      'unknown municipality',
      [{ path, message: 'not a known ATVK code' }],
    ]);
  });
});
