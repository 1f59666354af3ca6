/**
 * The texts workflows ask for by key (issue 15: no Latvian UI text inside workflows): every key the social-service
 * workflow uses is in both catalogues, and the activities render it in Latvian.
 */
import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { renderText, textOf } from '../../../activities/workflow-texts.js';
import { loadCatalogues } from '../../../api/screens/i18n.js';

const read = (dir: string) =>
  fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
const source = read(path.resolve('workflows/social-services'));
const allWorkflows = read(path.resolve('workflows'));
const catalogues = loadCatalogues();

/** The keys the workflow uses: literal `service.*` keys, tasks with their title and description, the alerts. */
function usedKeys(): string[] {
  const keys = new Set<string>();
  for (const m of allWorkflows.matchAll(/'(service\.termination\.[\w-]+)'/g)) keys.add(m[1] as string);
  for (const m of allWorkflows.matchAll(
    /'((?:service|meansTest|dms)\.(?:event|task|taskOutcome|confirmation)\.[\w.-]+)'/g,
  )) {
    const key = m[1] as string;
    if (key.startsWith('service.task.')) {
      keys.add(`${key}.title`);
      keys.add(`${key}.description`);
    } else keys.add(key);
  }
  expect(source).toContain('`service.alert.${subject}.${kind}`');
  expect(allWorkflows).toContain('`meansTest.alert.${kind}`');
  for (const kind of ['due-soon', 'overdue']) {
    for (const subject of ['decision', 'review']) keys.add(`service.alert.${subject}.${kind}`);
    keys.add(`meansTest.alert.${kind}`);
  }
  return [...keys].sort();
}

describe('workflow texts', () => {
  it('workflows compose no Latvian text of their own, except the purpose of registry requests', () => {
    const latvian = allWorkflows
      .split('\n')
      .filter(
        (line) =>
          /[āčēģīķļņšūž]/i.test(line) && !line.trim().startsWith('*') && !line.trim().startsWith('//'),
      );
    // What is left: the purpose of registry requests (a legal field of each request, kept as the registries log it).
    expect(latvian.filter((l) => !/purpose|Sociālais pakalpojums/.test(l))).toEqual([]);
    expect(latvian.length).toBeLessThanOrEqual(5);
  });

  it('every key the workflows use is in the Latvian and the English catalogue', () => {
    const keys = usedKeys();
    expect(keys.length).toBeGreaterThan(40);
    for (const lang of ['lv', 'en'] as const) {
      expect([lang, keys.filter((k) => !(k in catalogues[lang]))]).toEqual([lang, []]);
    }
  });

  it('renders a key with its parameters in Latvian (or as given, for inputs from before)', () => {
    expect(renderText({ key: 'service.event.deadline-extended', params: { date: '2026-05-01' } })).toBe(
      'Lēmuma termiņš pagarināts līdz 2026-05-01',
    );
    expect(renderText({ key: 'service.event.deadline-extended', params: { date: '2026-05-01' } }, 'en')).toBe(
      'Decision deadline extended to 2026-05-01',
    );
    // A nested text (the reason of a termination) is rendered first.
    expect(
      renderText({
        key: 'service.event.terminated',
        params: { endDate: '2026-05-01', reason: { key: 'service.termination.death-registry' } },
      }),
    ).toBe('Pakalpojums tiek izbeigts ar 2026-05-01: PMLP: klients miris');
    expect(textOf('Dokumenti saņemti', undefined)).toBe('Dokumenti saņemti');
    expect(textOf(undefined, { key: 'service.taskOutcome.documents-received' })).toBe('Dokumenti saņemti');
    expect(() => textOf(undefined, undefined)).toThrow(TypeError);
  });
});
