import { SERVICE_CATALOGUE_SEED } from '../../../../domain/social-services/catalogue-seed.js';
import { checkSessionLimit, limitsOn, type LimitExtension } from '../../../../domain/rehabilitation/index.js';

describe('rehabilitation limits (BRIEF §4.10)', () => {
  it.each([
    // group, form, date, already, severe, allowed
    ['adult', 'consultation', '2026-03-01', 9, false, true],
    ['adult', 'consultation', '2026-03-01', 10, false, false],
    ['adult', 'institution-day', '2026-03-01', 29, false, true],
    ['adult', 'institution-day', '2026-03-01', 30, false, false],
    ['adult', 'crisis-flat-day', '2026-03-01', 30, false, false],
    ['child', 'consultation', '2026-03-01', 59, false, true],
    ['child', 'consultation', '2026-03-01', 60, false, false],
    ['child', 'consultation', '2026-03-01', 60, true, true],
    ['child', 'consultation', '2026-03-01', 120, true, false],
    // Before the 2024 amendment a severe case had no higher limit.
    ['child', 'consultation', '2023-12-31', 60, true, false],
    ['child', 'crisis-flat-day', '2026-03-01', 0, false, false],
    ['trafficking', 'institution-day', '2026-03-01', 179, false, true],
    ['trafficking', 'institution-day', '2026-03-01', 180, false, false],
  ] as const)(
    '%s %s on %s with %d recorded (severe %s): allowed %s',
    (group, form, date, already, severe, ok) => {
      const issues = checkSessionLimit({ group, form, date, already, severe });
      expect(issues.length === 0).toBe(ok);
      if (!ok) expect(issues[0]?.path).toBe('form');
    },
  );

  it('an extension with its legal basis replaces the limit of its form only', () => {
    const extension: LimitExtension = {
      form: 'consultation',
      maxSessions: 15,
      legalBasis: 'Sociālā dienesta lēmums',
    };
    expect(
      checkSessionLimit({ group: 'adult', form: 'consultation', date: '2026-03-01', already: 14, extension }),
    ).toEqual([]);
    expect(
      checkSessionLimit({
        group: 'adult',
        form: 'consultation',
        date: '2026-03-01',
        already: 15,
        extension,
      })[0]?.message,
    ).toContain('Sociālā dienesta lēmums');
    expect(
      checkSessionLimit({
        group: 'adult',
        form: 'institution-day',
        date: '2026-03-01',
        already: 30,
        extension,
      }),
    ).toHaveLength(1);
  });

  it('the children’s legal basis is MK 1613 and the adults’ MK 790', () => {
    expect(limitsOn('child', '2026-01-01').legalBasis).toContain('1613');
    expect(limitsOn('adult', '2026-01-01').legalBasis).toContain('790');
    expect(() => limitsOn('adult', '2015-12-31')).toThrow(/before the first/);
  });

  it('the catalogue names MK 1613 as the child type’s legal basis and MK 790 as the adult type’s', () => {
    const basis = (code: string) => SERVICE_CATALOGUE_SEED.find((d) => d.code === code)?.legalBasis ?? '';
    expect(basis('rehabilitation-violence-child')).toContain('Nr. 1613');
    expect(basis('rehabilitation-violence-child')).not.toContain('Nr. 790');
    expect(basis('rehabilitation-violence-adult')).toContain('Nr. 790');
  });
});
