/** The simulator's sign-in page: the person picker (demo and test) or a personal-code field, and the means. */
import type { IdpPerson } from './persons.js';

export type AuthMethod = 'eid' | 'eparaksts' | 'bank';

const METHODS: { value: AuthMethod; label: string }[] = [
  { value: 'eid', label: 'eID karte / eID card' },
  { value: 'eparaksts', label: 'eParaksts mobile' },
  { value: 'bank', label: 'Internetbanka / Online bank' },
];

export function pickerPage(model: { uid: string; persons: IdpPerson[]; error?: string }): string {
  const e = escapeHtml;
  const who =
    model.persons.length > 0
      ? `<fieldset><legend>Persona (demonstrācijas režīms) / Person (demo mode)</legend>${model.persons
          .map(
            (p, i) =>
              `<div><input type="radio" id="p${i}" name="personalCode" value="${e(p.personalCode)}"${i === 0 ? ' required' : ''}> <label for="p${i}">${e(p.givenName)} ${e(p.familyName)} (${e(p.personalCode)})</label></div>`,
          )
          .join('')}</fieldset>`
      : `<p><label for="personalCode">Personas kods / Personal code</label><br><input id="personalCode" name="personalCode" required pattern="\\d{6}-\\d{5}" autocomplete="off"></p>`;
  return `<!DOCTYPE html>
<html lang="lv">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Latvija.lv autentifikācija (simulators)</title></head>
<body>
<main>
<h1>Latvija.lv autentifikācija (simulators)</h1>
${model.error ? `<p role="alert">${e(model.error)}</p>` : ''}
<form method="post" action="/interaction/${e(model.uid)}/login">
${who}
<fieldset><legend>Autentifikācijas veids / Means of sign-in</legend>${METHODS.map(
    (m, i) =>
      `<div><input type="radio" id="m-${m.value}" name="method" value="${m.value}"${i === 0 ? ' checked' : ''}> <label for="m-${m.value}">${e(m.label)}</label></div>`,
  ).join('')}</fieldset>
<button type="submit">Pieslēgties / Sign in</button>
</form>
<form method="post" action="/interaction/${e(model.uid)}/abort"><button type="submit">Atcelt / Cancel</button></form>
</main>
</body>
</html>`;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
