/**
 * The one i18n catalogue of DigiSoc's texts (screens, letters, workflow texts): `templates/i18n/<lang>.json` (flat
 * keys, `{name}` placeholders), plus the document-type names, which stay data in `domain/case-file/document-types.ts`
 * and are merged in as `documentType.<code>`. Code translates with `translator.t(lang, key)`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOCUMENT_TYPES } from '../domain/case-file/document-types.js';

const TEMPLATES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'templates');

export const LANGS = ['lv', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'lv';
export const LANG_COOKIE = 'lang';

export type Catalogue = Readonly<Record<string, string>>;
export type Params = Readonly<Record<string, string | number>>;

export function isLang(value: string | undefined | null): value is Lang {
  return value === 'lv' || value === 'en';
}

export function otherLang(lang: Lang): Lang {
  return lang === 'lv' ? 'en' : 'lv';
}

/** Reads one catalogue file: a flat JSON object of string values. */
export function readCatalogueFile(file: string): Record<string, string> {
  const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error(`${file}: expected a JSON object`);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== 'string') throw new Error(`${file}: the value of "${key}" is not a string`);
    out[key] = value;
  }
  return out;
}

export function loadCatalogues(dir = path.join(TEMPLATES_DIR, 'i18n')): Record<Lang, Catalogue> {
  const result = {} as Record<Lang, Catalogue>;
  for (const lang of LANGS) {
    const entries = readCatalogueFile(path.join(dir, `${lang}.json`));
    for (const [code, names] of Object.entries(DOCUMENT_TYPES)) entries[`documentType.${code}`] = names[lang];
    result[lang] = Object.freeze(entries);
  }
  return result;
}

function interpolate(template: string, params: Params | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

export class Translator {
  private readonly plurals: Record<Lang, Intl.PluralRules>;

  constructor(private readonly catalogues: Record<Lang, Catalogue>) {
    this.plurals = { lv: new Intl.PluralRules('lv'), en: new Intl.PluralRules('en') };
  }

  has(lang: Lang, key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.catalogues[lang], key);
  }

  /** The translation, or the key itself when missing (a test checks that every key used exists). */
  t(lang: Lang, key: string, params?: Params): string {
    const template = this.has(lang, key) ? this.catalogues[lang][key] : undefined;
    return interpolate(template ?? key, params);
  }

  /** Plural forms: `key.zero|one|two|few|many|other`, chosen by Intl.PluralRules, with `{count}` filled in. */
  tp(lang: Lang, key: string, count: number, params?: Params): string {
    const category = this.plurals[lang].select(count);
    const chosen = this.has(lang, `${key}.${category}`) ? `${key}.${category}` : `${key}.other`;
    return this.t(lang, chosen, { ...params, count: this.number(lang, count) });
  }

  number(lang: Lang, n: number, maximumFractionDigits = 0): string {
    return new Intl.NumberFormat(lang === 'lv' ? 'lv-LV' : 'en-GB', { maximumFractionDigits }).format(n);
  }
}
