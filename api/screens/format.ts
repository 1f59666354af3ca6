/** Display formats of the screens: times in Europe/Riga, dates, file sizes. */
import type { Lang, Translator } from './i18n.js';

const TIME_ZONE = 'Europe/Riga';

const DATE_TIME: Record<Lang, Intl.DateTimeFormat> = {
  lv: new Intl.DateTimeFormat('lv-LV', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, dateStyle: 'medium', timeStyle: 'short' }),
};

const DATE_ONLY: Record<Lang, Intl.DateTimeFormat> = {
  lv: new Intl.DateTimeFormat('lv-LV', {
    timeZone: 'UTC',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', dateStyle: 'medium' }),
};

/** A moment (ISO timestamp or Date) as Riga wall-clock time. */
export function formatDateTime(value: string | Date, lang: Lang): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? '' : DATE_TIME[lang].format(date);
}

/** A calendar date `YYYY-MM-DD` (no time zone involved). */
export function formatDate(isoDate: string, lang: Lang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return isoDate;
  return DATE_ONLY[lang].format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
}

export function megabytes(bytes: number): number {
  return Math.round((bytes / (1024 * 1024)) * 10) / 10;
}

export function formatSize(bytes: number, lang: Lang, translator: Translator): string {
  if (bytes < 1024) return translator.t(lang, 'size.bytes', { n: translator.number(lang, bytes) });
  if (bytes < 1024 * 1024)
    return translator.t(lang, 'size.kb', { n: translator.number(lang, bytes / 1024, 1) });
  return translator.t(lang, 'size.mb', { n: translator.number(lang, bytes / (1024 * 1024), 1) });
}
