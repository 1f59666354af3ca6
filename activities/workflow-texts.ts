/**
 * Renders the texts workflows ask for by key (domain/text-ref.ts) from the screens' i18n catalogue
 * (templates/i18n), in Latvian unless told: task titles, alert summaries, case-history entries.
 */
import { loadCatalogues, Translator, type Lang } from '../infra/i18n.js';
import { renderTextRef, type TextRef } from '../domain/text-ref.js';

let translator: Translator | null = null;

export function renderText(ref: TextRef, lang: Lang = 'lv'): string {
  const t = (translator ??= new Translator(loadCatalogues()));
  return renderTextRef(ref, (key, params) => t.t(lang, key, params));
}

/** A text given either as rendered text (inputs of activities scheduled before issue 15) or by key. */
export function textOf(given: string | undefined, ref: TextRef | undefined, lang: Lang = 'lv'): string {
  if (given !== undefined) return given;
  if (ref !== undefined) return renderText(ref, lang);
  throw new TypeError('neither a text nor a text key was given');
}
