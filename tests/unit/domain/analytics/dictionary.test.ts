import fs from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import {
  ANALYTICS_TABLES,
  duckType,
  generationOf,
  KIND_PATTERN,
} from '../../../../domain/analytics/dictionary.js';

describe('analytics data dictionary', () => {
  const doc = fs.readFileSync(new URL('../../../../docs/analytics.md', import.meta.url), 'utf8');

  it.each(ANALYTICS_TABLES.map((t) => [t.name, t] as const))(
    'docs/analytics.md documents every column of %s',
    (name, table) => {
      expect(doc).toContain(`### \`${name}\``);
      for (const c of table.columns) expect(doc).toMatch(new RegExp(`\\| \`${c.name}\`\\s+\\| ${c.kind}`));
    },
  );

  it('holds no column that could carry a name, a personal code, an address or free text', () => {
    for (const t of ANALYTICS_TABLES) {
      for (const c of t.columns) {
        expect(c.name).not.toMatch(/name|code$|address|note|reason|text|comment|description/);
        // Every text column has a pattern its values must match.
        if (duckType(c.kind) === 'VARCHAR') expect(KIND_PATTERN[c.kind]).toBeDefined();
      }
    }
  });

  it.each([
    ['2026-11-28', '2026-11'],
    ['2027-01-01', '2027-01'],
  ])('run date %s → generation %s', (date, generation) => {
    expect(generationOf(date)).toBe(generation);
  });

  it('the patterns refuse free text and accept what they are for', () => {
    expect(KIND_PATTERN.code!.test('home-care')).toBe(true);
    expect(KIND_PATTERN.code!.test('Brīvības iela 15')).toBe(false);
    expect(KIND_PATTERN.pseudonym!.test('0123456789abcdef0123456789abcdef')).toBe(true);
    expect(KIND_PATTERN.pseudonym!.test('010190-10008')).toBe(false);
    expect(KIND_PATTERN.atvk!.test('0005000')).toBe(true);
  });
});
