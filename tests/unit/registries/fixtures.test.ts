import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { validatePersonalCode } from '../../../domain/personal-code.js';
import { dossierSchema, type Dossier } from '../../../simulators/registry/dossier.js';
import { FIXTURES_DIR, loadFixtures } from '../../../simulators/registry/fixtures.js';
import {
  birthDateOfPersonalCode,
  isValidPersonalCode,
  makePersonalCode,
  personalCodeCheckDigit,
} from '../../../simulators/registry/personal-code.js';

/** The check-digit rule written out independently of the module under test. */
function independentlyValid(code: string): boolean {
  const m = /^(\d{6})-([012]\d{3})(\d)$/.exec(code);
  if (!m) return false;
  const digits = (m[1]! + m[2]!).split('').map(Number);
  const weights = [1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = digits.reduce((s, d, i) => s + d * weights[i]!, 0);
  const check = (((1101 - sum) % 11) + 11) % 11;
  return check !== 10 && check === Number(m[3]);
}

const files = fs.readdirSync(FIXTURES_DIR).filter((f) => f.endsWith('.json'));
const dossiers: Dossier[] = loadFixtures();
const byCode = new Map(dossiers.map((d) => [d.person.personalCode, d]));

describe('registry simulator fixtures', () => {
  it.each(files)('%s parses against the dossier schema', (file) => {
    const raw: unknown = JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, file), 'utf8'));
    const parsed = dossierSchema.safeParse(raw);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    expect(parsed.success && `${parsed.data.id}.json`).toBe(file);
  });

  it('every personal code (persons and relations) has a valid check digit, century and birth date', () => {
    const codes = dossiers.flatMap((d) => [d.person.personalCode, ...d.relations.map((r) => r.personalCode)]);
    for (const code of codes) {
      expect({ code, valid: independentlyValid(code) }).toEqual({ code, valid: true });
      expect(isValidPersonalCode(code)).toBe(true);
      expect(validatePersonalCode(code, { asOf: '2026-11-22' }).ok).toBe(true);
    }
    for (const d of dossiers) expect(birthDateOfPersonalCode(d.person.personalCode)).toBe(d.person.birthDate);
  });

  it('covers at least 20 persons in 8 households with the documented situations', () => {
    expect(dossiers.length).toBeGreaterThanOrEqual(20);
    expect(new Set(dossiers.map((d) => d.householdId)).size).toBeGreaterThanOrEqual(8);
    expect(dossiers.some((d) => d.socialInsurance.some((s) => s.type === 'old-age-pension'))).toBe(true);
    expect(dossiers.some((d) => d.unemployment.status === 'registered')).toBe(true);
    expect(dossiers.some((d) => d.disability !== null)).toBe(true);
    expect(
      dossiers.some((d) =>
        d.orphanCourtDecisions.some((x) => x.placementType === 'institution' && !x.endDate),
      ),
    ).toBe(true);
    expect(
      dossiers.some((d) => d.orphanCourtDecisions.some((x) => x.placementType === 'foster-family')),
    ).toBe(true);
    expect(dossiers.some((d) => d.accounts.length >= 2)).toBe(true);
    expect(new Set(dossiers.flatMap((d) => d.accounts.map((a) => a.bankCode))).size).toBeGreaterThanOrEqual(
      3,
    );
    expect(dossiers.some((d) => d.properties.some((p) => !p.isDeclaredDwelling))).toBe(true);
    expect(dossiers.some((d) => d.person.deathDate !== null)).toBe(true);
    expect(dossiers.filter((d) => d.person.birthDate > '2008-11-22').length).toBeGreaterThanOrEqual(5);
  });

  it('relations point at fixture persons and are reciprocal', () => {
    const inverse = { spouse: 'spouse', child: 'parent', parent: 'child' } as const;
    for (const d of dossiers) {
      for (const r of d.relations) {
        const other = byCode.get(r.personalCode);
        expect(other?.id).toBeDefined();
        expect(other?.relations).toContainEqual({
          type: inverse[r.type],
          personalCode: d.person.personalCode,
        });
      }
    }
  });

  it('IBANs are unique across dossiers', () => {
    const ibans = dossiers.flatMap((d) => d.accounts.map((a) => a.iban));
    expect(new Set(ibans).size).toBe(ibans.length);
  });
});

describe('personal codes', () => {
  it('computes the check digit with weights 1,6,3,7,9,10,5,8,4,2', () => {
    // 1·1+6·2+3·0+7·3+9·4+10·5+5·1+8·2+4·3+2·4 = 161 → (1101−161) mod 11 = 5
    expect(personalCodeCheckDigit('1203451234')).toBe(5);
    expect(isValidPersonalCode('120345-12345')).toBe(true);
    expect(isValidPersonalCode('120345-12346')).toBe(false);
  });

  it('refuses impossible dates, unknown centuries and never builds a code whose check would be 10', () => {
    expect(isValidPersonalCode('310299-10000')).toBe(false);
    expect(isValidPersonalCode('010190-31234')).toBe(false);
    const built: string[] = [];
    let refused = 0;
    for (let serial = 0; serial < 1000; serial++) {
      const code = makePersonalCode('1990-05-17', serial);
      if (code === null) refused++;
      else built.push(code);
    }
    // Both branches are taken: most serials give a code, the ones whose check would be 10 give none.
    expect(built.length).toBeGreaterThan(800);
    expect(refused).toBeGreaterThan(0);
    expect(built.length + refused).toBe(1000);
    expect(built.filter((code) => !independentlyValid(code))).toEqual([]);
  });

  it('accepts the new format without a birth date', () => {
    expect(isValidPersonalCode('321234-56789')).toBe(true);
    expect(birthDateOfPersonalCode('321234-56789')).toBeNull();
  });
});
