/**
 * The screens' i18n catalogue: Latvian and English have the same keys and placeholders, and every key the
 * templates and the screen code use exists. (No browser needed; it lives beside the browser tests it supports.)
 */
import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { ROLES } from '../../domain/access/roles.js';
import { DOCUMENT_TYPE_CODES } from '../../domain/case-file/document-types.js';
import { loadCatalogues, readCatalogueFile, Translator } from '../../api/screens/i18n.js';
import { REQUIRED_VIEWS, ScreenRenderer } from '../../api/screens/render.js';
import { FLASH_KEYS } from '../../api/screens/session.js';
import { SCREEN_TEMPLATES_DIR, TEMPLATES_DIR } from '../../api/screens/paths.js';

const SCREENS_CODE = path.resolve('api/screens');

function files(dir: string, ext: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(ext))
    .map((f) => path.join(dir, f));
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}

describe('i18n catalogue of the screens', () => {
  const lv = readCatalogueFile(path.join(TEMPLATES_DIR, 'i18n', 'lv.json'));
  const en = readCatalogueFile(path.join(TEMPLATES_DIR, 'i18n', 'en.json'));
  const catalogues = loadCatalogues();
  const keys = new Set(Object.keys(catalogues.lv));

  it('has the same keys, non-empty values and the same placeholders in Latvian and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(lv).sort());
    expect(Object.keys(catalogues.en).sort()).toEqual(Object.keys(catalogues.lv).sort());
    for (const [key, value] of Object.entries(lv)) {
      expect({ key, empty: value.trim() === '' }).toEqual({ key, empty: false });
      expect({ key, placeholders: placeholders(en[key] ?? '') }).toEqual({
        key,
        placeholders: placeholders(value),
      });
    }
  });

  it('holds every key the templates use', () => {
    const missing: string[] = [];
    for (const file of files(SCREEN_TEMPLATES_DIR, '.hbs')) {
      const source = fs.readFileSync(file, 'utf8');
      for (const m of source.matchAll(/\{\{\s*t\s+"([^"]+)"/g))
        if (!keys.has(m[1] ?? '')) missing.push(`${file}: ${m[1]}`);
      for (const m of source.matchAll(/\{\{\s*tp\s+"([^"]+)"/g)) {
        if (!keys.has(`${m[1]}.other`)) missing.push(`${file}: ${m[1]}.other`);
      }
      for (const m of source.matchAll(/\{\{\s*tk\s+"([^"]+)"/g)) {
        if (![...keys].some((k) => k.startsWith(m[1] ?? '\u0000'))) missing.push(`${file}: ${m[1]}*`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('holds every literal key the screen code uses, and every key built from data', () => {
    const missing: string[] = [];
    const namespaces = [...new Set([...keys].map((k) => k.split('.')[0] ?? ''))];
    let seen = 0;
    for (const file of files(SCREENS_CODE, '.ts')) {
      const source = fs.readFileSync(file, 'utf8');
      // Every quoted string shaped like a catalogue key (audit action names excepted).
      const uses = source.matchAll(
        new RegExp(`(?<!action: )'((?:${namespaces.join('|')})\\.[A-Za-z0-9_.-]+)'`, 'g'),
      );
      for (const m of uses) {
        const key = m[1] ?? '';
        if (/\.(read|list|create)$/.test(key)) continue; // an audit action name, not a catalogue key
        seen++;
        const known = keys.has(key) || [...keys].some((k) => k.startsWith(`${key}.`)); // whole key, or plural/prefix
        if (!known) missing.push(`${file}: ${key}`);
      }
    }
    const built = [
      ...ROLES.map((r) => `role.${r}`),
      ...['open', 'closed'].map((s) => `status.${s}`),
      ...FLASH_KEYS.map((f) => `flash.${f}`),
      ...DOCUMENT_TYPE_CODES.map((d) => `documentType.${d}`),
      ...['format', 'date', 'century', 'check-digit', 'future-birth-date', 'required'].map(
        (r) => `newCase.error.personalCode.${r}`,
      ),
      ...['firstName', 'lastName'].flatMap((f) => [
        `newCase.error.${f}.required`,
        `newCase.error.${f}.tooLong`,
      ]),
      ...['403', '404', '500', '503', 'csrf'].flatMap((e) => [`error.${e}.title`, `error.${e}.body`]),
      ...['case.opened', 'document.added', 'document.version-added'].map((e) => `event.${e}`),
      'actor.seed',
    ];
    for (const key of built) if (!keys.has(key)) missing.push(key);
    expect(missing).toEqual([]);
    expect(seen).toBeGreaterThan(20);
  });

  it('compiles every screen template and translates with plural forms', () => {
    const translator = new Translator(catalogues);
    const renderer = new ScreenRenderer(translator);
    expect(REQUIRED_VIEWS.length).toBeGreaterThan(0);
    expect(renderer.translator).toBe(translator);
    expect([0, 1, 2, 11, 21].map((n) => translator.tp('lv', 'cases.count', n))).toEqual([
      'Šajā lapā ir 0 lietu.',
      'Šajā lapā ir 1 lieta.',
      'Šajā lapā ir 2 lietas.',
      'Šajā lapā ir 11 lietu.',
      'Šajā lapā ir 21 lieta.',
    ]);
    expect(translator.tp('en', 'cases.count', 1)).toBe('1 case on this page.');
    expect(translator.t('en', 'documentType.decision')).toBe('Decision');
    expect(translator.t('lv', 'upload.error.tooLarge', { max: '25' })).toBe(
      'Fails ir par lielu (maks. 25 MB).',
    );
  });
});
